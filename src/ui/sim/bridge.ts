/**
 * The one connection to the simulation worker. The client object is not UI state, so it lives
 * here, outside the store; batches go into the store as plain data.
 */
import type { SharedSession, SimBatch, SimRequest } from '../../sim/api';
import { createSimClient, type SimClient } from '../../sim/client';
import { defaultScenario } from '../../sim/defaultScenario';
import { decodeShare, makeShareLink, shareFromHash } from '../../sim/shareLink';
import { NO_ANSWER, STUCK, useUi } from '../store/store';

let client: SimClient | null = null;
/** The session as of the last input the simulation answered: where a failed session reloads. */
let checkpoint: SharedSession | null = null;
/** Armed by a request, cleared by any batch: a worker that answers nothing for so long is stuck. */
let stuckTimer: ReturnType<typeof setTimeout> | null = null;
const STUCK_MS = 10_000;
/** Connects a new worker (startSim, and the reload after a failure). */
let connect: ((shared: SharedSession | null) => void) | null = null;

/** Send a request to the simulation (ignored while there is none). */
export function send(req: SimRequest): void {
  if (req.type === 'setSpeed') useUi.getState().setSpeed(req.speed);
  if (req.type === 'setRules') req = { ...req, check: useUi.getState().rulesSent(req.node) };
  if (req.type === 'craft') useUi.getState().craftSent();
  try {
    client?.send(req);
    if (client && stuckTimer === null && useUi.getState().simStatus === 'ready') {
      stuckTimer = setTimeout(() => {
        stuckTimer = null;
        useUi.getState().setSimStatus('failed', STUCK);
        useUi.getState().setRecoverable(checkpoint !== null);
      }, STUCK_MS);
    }
  } catch (e) {
    useUi.getState().setSimStatus('failed', e instanceof Error ? e.message : String(e));
  }
}


/**
 * Hand-written data instead of the simulation (the layout tests: e2e/layout.spec.ts passes
 * src/ui/fixtures.ts, which the app itself never imports, so it stays out of the bundle).
 */
function loadFixture(batch: SimBatch): void {
  unsubscribeClient?.();
  client?.dispose();
  client = null;
  useUi.getState().applyBatch(batch, performance.now());
  useUi.getState().setSimStatus('ready');
}
/** The running client's batch subscription (loadFixture ends it). */
let unsubscribeClient: (() => void) | null = null;

// A handle for the end-to-end tests: the failure path (a `debugThrow` request) and the layout's fixture data.
if (typeof window !== 'undefined') (window as unknown as { __conntrackLabDebug?: unknown }).__conntrackLabDebug = { send, loadFixture };

/** After a failure: a new worker replays the session to the last checkpoint (nothing typed is lost). */
export function reloadAtCheckpoint(): void {
  if (!connect || !checkpoint) return;
  const shared = checkpoint;
  useUi.getState().setSimStatus('loading');
  useUi.getState().setLinkReplay(true);
  connect(shared);
}

function errorMessage(e: unknown): string {
  if (e instanceof Error) return e.message;
  if (e && typeof e === 'object' && 'message' in e) return String((e as { message: unknown }).message);
  return String(e);
}

/** Asks the simulation for the session as a link; the share dialog shows the answer. */
export function requestShare(): void {
  useUi.getState().setShare({ state: 'making' });
  send({ type: 'share' });
}

/** Who waits for the session itself (the Export menu) rather than a link, and for how long. */
let sessionWanted: { resolve: (s: SharedSession) => void; reject: (e: Error) => void; timer: ReturnType<typeof setTimeout> } | null = null;

/** The session up to now, as a link would carry it (asked of the simulation; fails after 15 s without an answer). */
export function requestSession(): Promise<SharedSession> {
  sessionWanted?.reject(new Error('asked again'));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sessionWanted = null;
      reject(new Error('the simulation did not answer'));
    }, 15_000);
    sessionWanted = { resolve, reject, timer };
    send({ type: 'share' });
  });
}

/** Turns the simulation's answer into the page's address with `#s=...`, and puts it in the address bar. */
async function publishShare(shared: SharedSession): Promise<void> {
  try {
    const link = await makeShareLink(shared);
    if (!link.ok) {
      useUi.getState().setShare({ state: 'failed', error: link.error });
      return;
    }
    const value = link.value;
    const url = `${window.location.origin}${window.location.pathname}${window.location.search}#s=${value}`;
    window.history.replaceState(null, '', url);
    useUi.getState().setShare({ state: 'ready', url, at: shared.end.at });
  } catch (e) {
    useUi.getState().setShare({ state: 'failed', error: errorMessage(e) });
  }
}

/** Start the simulation and load the seed scenario (or the page's shared link); returns the clean-up. */
export function startSim(): () => void {
  let disposed = false;
  let unsubscribe: (() => void) | null = null;
  let watchdog: ReturnType<typeof setTimeout> | null = null;
  const clearStuck = () => {
    if (stuckTimer) clearTimeout(stuckTimer);
    stuckTimer = null;
  };
  const onError = (ev: ErrorEvent | PromiseRejectionEvent) => {
    const reason = 'reason' in ev ? ev.reason : ev.error ?? ev.message;
    // Only worker failures reach here as unhandled errors with no panel to catch them.
    if (useUi.getState().simStatus === 'loading') useUi.getState().setSimStatus('failed', errorMessage(reason));
  };
  window.addEventListener('unhandledrejection', onError);

  const link = shareFromHash(window.location.hash);
  Promise.resolve(link === null ? null : decodeShare(link))
    .then((fromLink) => {
      if (disposed) return;
      if (fromLink && !fromLink.ok) useUi.getState().setLinkError(fromLink.error);
      const linked = fromLink?.ok ? fromLink.value : null;
      if (linked) {
        // The rules editor shows what the sender last had in it for each node.
        // (answered by the load itself: not an edit waiting for its check)
        for (const i of linked.inputs) if ('rules' in i) useUi.getState().setRulesDraft(i.node, i.rules, false);
      }
      connect = (shared) => {
        unsubscribe?.();
        client?.dispose();
        clearStuck();
        const scenario = shared?.scenario ?? defaultScenario();
        const c = createSimClient();
        client = c;
        unsubscribeClient = unsubscribe = c.subscribe((b) => {
          clearStuck();
          if (watchdog) {
            clearTimeout(watchdog);
            watchdog = null;
          }
          useUi.getState().applyBatch(b, performance.now());
          if (b.checkpoint) {
            checkpoint = b.checkpoint;
            useUi.getState().setRecoverable(true);
          }
          if (b.shared && sessionWanted) {
            const w = sessionWanted;
            sessionWanted = null;
            clearTimeout(w.timer);
            w.resolve(b.shared);
          } else if (b.shared) void publishShare(b.shared);
        });
        c.onFailure((message) => {
          if (client !== c) return;
          clearStuck();
          useUi.getState().setSimStatus('failed', message);
          useUi.getState().setRecoverable(checkpoint !== null);
        });
        useUi.getState().setScenario(scenario);
        if (shared) useUi.getState().setLinkReplay(true);
        c.send(shared ? { type: 'load', scenario, shared: { inputs: shared.inputs, end: shared.end } } : { type: 'load', scenario });
        c.send({ type: 'setSpeed', speed: useUi.getState().speed });
        // A shared session replays before the first answer: give it longer (a flood of a minute
        // replays in tens of seconds); an answer after the watchdog still clears its failure.
        if (watchdog) clearTimeout(watchdog);
        watchdog = setTimeout(() => {
          if (useUi.getState().simStatus === 'loading') useUi.getState().setSimStatus('failed', NO_ANSWER);
        }, shared ? 60_000 : 8000);
      };
      connect(linked);
    })
    .catch((e: unknown) => useUi.getState().setSimStatus('failed', errorMessage(e)));

  return () => {
    disposed = true;
    window.removeEventListener('unhandledrejection', onError);
    if (watchdog) clearTimeout(watchdog);
    clearStuck();
    unsubscribe?.();
    client?.dispose();
    client = null;
    connect = null;
    checkpoint = null;
  };
}
