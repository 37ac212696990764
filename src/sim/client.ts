/** The UI's handle on the simulation worker: send requests, receive batches and failures. */
import type { SimBatch, SimMessage, SimRequest } from './api';

export interface SimClient {
  send(req: SimRequest): void;
  /** Returns the unsubscribe function. */
  subscribe(cb: (b: SimBatch) => void): () => void;
  /** The simulation threw, or the worker died: `cb` gets the message. */
  onFailure(cb: (message: string) => void): void;
  dispose(): void;
}

export function createSimClient(): SimClient {
  const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
  const subs = new Set<(b: SimBatch) => void>();
  let failed: (message: string) => void = () => {};
  worker.onmessage = (e: MessageEvent<SimMessage>) => {
    const m = e.data;
    if ('type' in m && m.type === 'failure') {
      failed(m.message);
      return;
    }
    for (const cb of subs) cb(m as SimBatch);
  };
  // an error no handler caught inside the worker (its module failed to load, say)
  worker.onerror = (e: ErrorEvent) => {
    e.preventDefault();
    failed(e.message || 'the simulation worker stopped');
  };
  worker.onmessageerror = () => failed('a message from the simulation could not be read');
  return {
    send: (req) => worker.postMessage(req),
    subscribe: (cb) => {
      subs.add(cb);
      return () => void subs.delete(cb);
    },
    onFailure: (cb) => {
      failed = cb;
    },
    dispose: () => {
      subs.clear();
      failed = () => {};
      worker.terminate();
    },
  };
}
