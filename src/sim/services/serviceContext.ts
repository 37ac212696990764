/** What a service (a daemon on a simulated host) may use besides its sockets. */
import type { Timer } from '../host/hostEnv';
import type { Rng } from '../rng';

export interface ServiceContext {
  rng: Rng;
  now(): number;
  setTimer(at: number, fn: () => void): Timer;
  /** Machine name → address, for the DNS service and banners. */
  names: ReadonlyMap<string, string>;
  /** The host's own name. */
  hostName: string;
}
