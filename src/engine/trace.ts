/**
 * The engine's explanation channel. When the caller passes a Tracer, every decision is
 * reported as a reason code (with parameters) a student can read, and TCP state changes are
 * reported as transitions; when it passes null (the benchmark), nothing is allocated.
 */
import type { Conn } from './conn';
import type { Dir } from './ctinfo';

export type ReasonParams = Record<string, string | number>;

export interface Reason {
  code: string;
  params?: ReasonParams;
}

export interface Tracer {
  /** One step of the reasoning about the current packet (code from a reasons catalog). */
  reason(code: string, params?: ReasonParams): void;
  /** A TCP entry moved between conntrack TCP states because of this packet. */
  tcpTransition(ct: Conn, from: number, to: number, dir: Dir): void;
}
