/**
 * Conntrack helpers (nf_conntrack_helper): code that reads a connection's payload to learn
 * about connections that will follow, and announces them as expectations. A helper is attached
 * to a new connection only by the raw table's `-j CT --helper NAME` (modern kernels no longer
 * attach helpers by port: nf_conntrack_helper=0). It runs on every packet of its connection
 * just before confirmation (nf_confirm -> helper->help).
 */
import type { Conn } from './conn';
import type { CtState, Dir } from './ctinfo';
import type { ExpectTuple } from './expectation';
import type { Packet } from './packet';
import type { CtSettings } from './settings';
import type { Tracer } from './trace';

export interface HelperContext {
  now: number;
  settings: CtSettings;
  trace: Tracer | null;
  /**
   * Registers an expectation (nf_ct_expect_related); `id` and `timeout` are filled in. Returns
   * false when it is refused: it clashes with a pending expectation of another master (-EBUSY).
   */
  expect(e: ExpectTuple, master: Conn): boolean;
}

/** Returns NF_ACCEPT, or NF_DROP to drop the packet (e.g. a malformed command). */
export type HelperFn = (ct: Conn, pkt: Packet, dir: Dir, state: CtState, ctx: HelperContext) => number;

export interface ConntrackHelper {
  name: string;
  help: HelperFn;
  /** Seconds an expectation of this helper lives. */
  expectTimeout: (s: CtSettings) => number;
  /** Most expectations one master may have pending; a new one evicts the oldest (nf_ct_expect_insert). */
  maxExpected: number;
}
