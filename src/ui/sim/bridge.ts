/**
 * The one connection to the simulation worker. The client object is not UI state, so it lives
 * here, outside the store; batches go into the store as plain data.
 */
import type { SimRequest } from '../../sim/api';
import { createSimClient, type SimClient } from '../../sim/client';
import { defaultScenario } from '../../sim/defaultScenario';
import { fixtureBatch } from '../fixtures';
import { useUi } from '../store/store';

let client: SimClient | null = null;

/** Send a request to the simulation (ignored while there is none). */
export function send(req: SimRequest): void {
  if (req.type === 'setSpeed') useUi.getState().setSpeed(req.speed);
  if (req.type === 'setRules') useUi.getState().rulesSent(req.node);
  if (req.type === 'craft') useUi.getState().craftSent();
  try {
    client?.send(req);
  } catch (e) {
    useUi.getState().setSimStatus('failed', e instanceof Error ? e.message : String(e));
  }
}

function errorMessage(e: unknown): string {
  if (e instanceof Error) return e.message;
  if (e && typeof e === 'object' && 'message' in e) return String((e as { message: unknown }).message);
  return String(e);
}

/** Start the simulation and load the seed scenario; returns the clean-up. */
export function startSim(opts: { fixture?: boolean } = {}): () => void {
  const ui = useUi.getState();
  if (opts.fixture) {
    ui.applyBatch(fixtureBatch, performance.now());
    ui.setSimStatus('ready');
    return () => {};
  }
  let disposed = false;
  let unsubscribe: (() => void) | null = null;
  let watchdog: ReturnType<typeof setTimeout> | null = null;
  const onError = (ev: ErrorEvent | PromiseRejectionEvent) => {
    const reason = 'reason' in ev ? ev.reason : ev.error ?? ev.message;
    // Only worker failures reach here as unhandled errors with no panel to catch them.
    if (useUi.getState().simStatus === 'loading') useUi.getState().setSimStatus('failed', errorMessage(reason));
  };
  window.addEventListener('unhandledrejection', onError);

  Promise.resolve()
    .then(() => {
      if (disposed) return;
      const scenario = defaultScenario();
      client = createSimClient();
      unsubscribe = client.subscribe((b) => {
        if (watchdog) {
          clearTimeout(watchdog);
          watchdog = null;
        }
        useUi.getState().applyBatch(b, performance.now());
      });
      useUi.getState().setScenario(scenario);
      client.send({ type: 'load', scenario });
      client.send({ type: 'setSpeed', speed: useUi.getState().speed });
      watchdog = setTimeout(() => {
        if (useUi.getState().simStatus === 'loading') useUi.getState().setSimStatus('failed', 'no answer from the worker');
      }, 8000);
    })
    .catch((e: unknown) => useUi.getState().setSimStatus('failed', errorMessage(e)));

  return () => {
    disposed = true;
    window.removeEventListener('unhandledrejection', onError);
    if (watchdog) clearTimeout(watchdog);
    unsubscribe?.();
    client?.dispose();
    client = null;
  };
}
