/** The UI's handle on the simulation worker: send requests, receive batches. */
import type { SimBatch, SimRequest } from './api';

export interface SimClient {
  send(req: SimRequest): void;
  /** Returns the unsubscribe function. */
  subscribe(cb: (b: SimBatch) => void): () => void;
  dispose(): void;
}

export function createSimClient(): SimClient {
  const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
  const subs = new Set<(b: SimBatch) => void>();
  worker.onmessage = (e: MessageEvent<SimBatch>) => {
    for (const cb of subs) cb(e.data);
  };
  return {
    send: (req) => worker.postMessage(req),
    subscribe: (cb) => {
      subs.add(cb);
      return () => void subs.delete(cb);
    },
    dispose: () => {
      subs.clear();
      worker.terminate();
    },
  };
}
