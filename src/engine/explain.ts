/**
 * A Tracer that keeps what the engine said about one packet: its reasons, in order, and the TCP
 * state change it caused. The node hands one to the engine when the caller asked for a trace,
 * and turns it into plain view data afterwards.
 */
import type { Conn } from './conn';
import type { Dir } from './ctinfo';
import { TCP_STATE_NAMES } from './proto/tcpStates';
import { formatReason } from './reasons';
import type { Reason, ReasonParams, Tracer } from './trace';

export interface ReasonText extends Reason {
  text: string;
}

export class ReasonCollector implements Tracer {
  readonly reasons: ReasonText[] = [];
  tcpChange: { ct: Conn; from: string; to: string; dir: Dir } | null = null;

  reason(code: string, params?: ReasonParams): void {
    const r: ReasonText = { code, text: formatReason(code, params) };
    if (params !== undefined) r.params = params;
    this.reasons.push(r);
  }

  tcpTransition(ct: Conn, from: number, to: number, dir: Dir): void {
    this.tcpChange = { ct, from: TCP_STATE_NAMES[from] ?? String(from), to: TCP_STATE_NAMES[to] ?? String(to), dir };
  }
}
