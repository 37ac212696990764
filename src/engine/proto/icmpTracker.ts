/**
 * ICMP queries (nf_conntrack_icmp_packet) and the tuple rules of ICMP
 * (icmp_pkt_to_tuple, nf_conntrack_invert_icmp_tuple). A query type and its reply type form a
 * "connection" keyed by the ICMP id; only a query may create one. ICMP errors never get an
 * entry of their own: the core relates them to the connection they are about (icmpError.ts).
 */
import { NF_ACCEPT, NF_INVALID } from '../ctinfo';
import { refresh, type L4PacketHandler } from './l4Tracker';

export const ICMP_ECHOREPLY = 0;
export const ICMP_DEST_UNREACH = 3;
export const ICMP_SOURCE_QUENCH = 4;
export const ICMP_REDIRECT = 5;
export const ICMP_ECHO = 8;
export const ICMP_TIME_EXCEEDED = 11;
export const ICMP_PARAMETERPROB = 12;
export const ICMP_TIMESTAMP = 13;
export const ICMP_TIMESTAMPREPLY = 14;
export const ICMP_INFO_REQUEST = 15;
export const ICMP_INFO_REPLY = 16;
export const ICMP_ADDRESS = 17;
export const ICMP_ADDRESSREPLY = 18;
/** Highest type the kernel knows (NR_ICMP_TYPES). */
export const NR_ICMP_TYPES = 18;

/** The reply type of each query and the query type of each reply; -1 where none (invmap). */
const INVERSE: readonly number[] = (() => {
  const inv = new Array<number>(256).fill(-1);
  const pairs = [
    [ICMP_ECHO, ICMP_ECHOREPLY],
    [ICMP_TIMESTAMP, ICMP_TIMESTAMPREPLY],
    [ICMP_INFO_REQUEST, ICMP_INFO_REPLY],
    [ICMP_ADDRESS, ICMP_ADDRESSREPLY],
  ];
  for (const [q, r] of pairs) {
    inv[q] = r;
    inv[r] = q;
  }
  return inv;
})();

/** The type that answers `type` (or is answered by it), -1 if the type has no partner. */
export function icmpInverseType(type: number): number {
  return type >= 0 && type < 256 ? INVERSE[type] : -1;
}

/** Types that may create an entry (valid_new). */
export function icmpIsQuery(type: number): boolean {
  return type === ICMP_ECHO || type === ICMP_TIMESTAMP || type === ICMP_INFO_REQUEST || type === ICMP_ADDRESS;
}

/** Error types whose payload is the packet they are about (icmp_is_err). */
export function icmpIsError(type: number): boolean {
  return (
    type === ICMP_DEST_UNREACH ||
    type === ICMP_SOURCE_QUENCH ||
    type === ICMP_REDIRECT ||
    type === ICMP_TIME_EXCEEDED ||
    type === ICMP_PARAMETERPROB
  );
}

export const icmpPacket: L4PacketHandler = (ct, _pkt, _dir, ctx) => {
  const origType = ct.oDport >>> 8;
  if (!icmpIsQuery(origType)) {
    ctx.trace?.reason('icmp.cannot-create', { type: origType });
    return NF_INVALID;
  }
  // Every packet of the exchange refreshes the entry; it is not deleted after the first
  // reply, so that duplicate replies still match.
  refresh(ct, ctx, ctx.settings.icmp_timeout);
  ctx.trace?.reason('icmp.refresh', { timeout: ctx.settings.icmp_timeout });
  return NF_ACCEPT;
};

export const ICMP_REASONS: Record<string, string> = {
  'icmp.cannot-create': 'ICMP type {type} is not a query (echo, timestamp, info, address mask): it cannot start a connection.',
  'icmp.refresh': 'ICMP query/reply: the entry lives {timeout} s (nf_conntrack_icmp_timeout).',
  'icmp.no-inverse': 'ICMP type {type} has no reply type, so it cannot be tracked: INVALID.',
  'icmp.unknown-type': 'ICMP type {type} is above 18, unknown to the kernel: INVALID.',
  'icmp.error-related': 'ICMP error about a tracked connection ({conn}): RELATED.',
  'icmp.error-no-conn': 'ICMP error about a connection that is not in the table: INVALID.',
  'icmp.error-bad-inner': 'ICMP error without a usable embedded packet: INVALID.',
  'icmp.error-daddr': 'ICMP error whose outer destination {outer} is not the connection\'s {inner}: INVALID.',
};
