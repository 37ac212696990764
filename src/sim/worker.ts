/**
 * The Web Worker that hosts the simulation: it only speaks api.ts's protocol. Requests are
 * applied at once; batches go out at most once per ~16 ms; while playing, a timer advances
 * virtual time by speed × the wall time that passed. No exception escapes unreported: one in a
 * request, a tick or a batch stops playing and is posted as a SimFailure.
 */
/// <reference lib="webworker" />
import type { SimFailure, SimRequest } from './api';
import { defaultNetfilter } from './engineNetfilter';
import { SimSession } from './session';

const FRAME_MS = 16;
/**
 * While playing, batches go out at most this often (10 a second): the UI moves the cards on its
 * own clock between them, and each batch costs the page a deserialization and a render.
 */
const PLAYING_BATCH_MS = 100;
const scope = self as unknown as DedicatedWorkerGlobalScope;
const session = new SimSession(defaultNetfilter);
let lastPost = 0;
let flushTimer: ReturnType<typeof setTimeout> | null = null;
let playTimer: ReturnType<typeof setInterval> | null = null;
let lastTick = 0;

function report(where: string, err: unknown): void {
  session.failed();
  const message = `${where}: ${err instanceof Error ? err.message : String(err)}`;
  console.error('simulation error', err);
  const f: SimFailure = { type: 'failure', message };
  scope.postMessage(f);
}

function flush(): void {
  flushTimer = null;
  try {
    if (!session.hasNews) return;
    lastPost = performance.now();
    scope.postMessage(session.batch());
  } catch (err) {
    report('while reporting', err);
  }
}

function scheduleFlush(): void {
  if (flushTimer !== null) return;
  const every = session.playing ? PLAYING_BATCH_MS : FRAME_MS;
  flushTimer = setTimeout(flush, Math.max(0, every - (performance.now() - lastPost)));
}

function syncPlayTimer(): void {
  if (session.playing && playTimer === null) {
    lastTick = performance.now();
    playTimer = setInterval(() => {
      const now = performance.now();
      try {
        session.tick(now - lastTick);
      } catch (err) {
        report('while playing', err);
      }
      lastTick = now;
      scheduleFlush();
      if (!session.playing) syncPlayTimer();
    }, FRAME_MS);
  } else if (!session.playing && playTimer !== null) {
    clearInterval(playTimer);
    playTimer = null;
  }
}

scope.onmessage = (e: MessageEvent<SimRequest>) => {
  try {
    session.handle(e.data);
  } catch (err) {
    report(`while handling "${String(e.data?.type)}"`, err);
  }
  syncPlayTimer();
  scheduleFlush();
};

scheduleFlush();
