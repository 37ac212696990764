/**
 * Whether one compiled rule's matches hold for a packet: ip_packet_match (ip_tables.c) and the
 * match functions of xt_tcpudp, ip_tables' icmp_match, xt_state, xt_conntrack and
 * xt_multiport. Returns a code saying which test failed, which the tracer explains
 * (evalChain.ts traceNoMatch); chainMatcher.ts compiles the same tests for the untraced path.
 */
import { CT_INVALID } from '../ctinfo';
import type { Packet } from '../packet';
import { IPPROTO_TCP, IPPROTO_UDP } from '../packet';
import type { CMatch, CRule } from './compiled';
import { M } from './compiled';
import { ctExpireMiss, ctTupleMiss } from './ctTupleMatch';
import type { IptMeta } from './evalChain';
import type { ConntrackMatch } from './model';

/** XT_STATE bit of each CtState (NEW, ESTABLISHED, RELATED, INVALID, UNTRACKED). */
export const STATE_BIT = [8, 2, 4, 1, 64];

export function ifaceMatch(name: string, want: string, prefix: boolean): boolean {
  return prefix ? name.startsWith(want) : name === want;
}

export function portIn(range: number, port: number): boolean {
  return port >= range >>> 16 && port <= (range & 0xffff);
}

/** 0 when the match holds, else a code saying which test failed (decoded by explainNoMatch). */
function matchOne(m: CMatch, p: Packet, meta: IptMeta): number {
  switch (m.k) {
    case M.TCP:
      if (p.proto !== IPPROTO_TCP) return 1;
      if (portIn(m.a, p.sport) === m.inv1) return 1;
      if (portIn(m.b, p.dport) === m.inv2) return 2;
      if (((p.flags & m.c) === m.d) === m.inv3) return 3;
      return 0;
    case M.UDP:
      if (p.proto !== IPPROTO_UDP) return 1;
      if (portIn(m.a, p.sport) === m.inv1) return 1;
      if (portIn(m.b, p.dport) === m.inv2) return 2;
      return 0;
    case M.ICMP: {
      if (p.proto !== 1) return 4;
      const hit = m.a === 0xff || (p.icmpType === m.a && p.icmpCode >= m.b && p.icmpCode <= m.c);
      return hit === m.inv1 ? 4 : 0;
    }
    case M.STATE:
      return ((m.a & STATE_BIT[meta.ctstate]) !== 0) === m.inv1 ? 5 : 0;
    case M.CONNTRACK: {
      const ct = meta.ctstate < CT_INVALID ? meta.ct : null;
      if (m.a >= 0 && ((m.a & STATE_BIT[meta.ctstate]) !== 0) === m.inv1) return 5;
      if (ct === null) return m.a >= 0 ? 0 : 8;
      if (m.c >= 0 && (meta.dir === 0) !== (m.c === 0)) return 7;
      if (m.d !== 0) {
        const miss = ctTupleMiss(m.src as ConntrackMatch, ct);
        if (miss !== 0) return miss;
      }
      if (m.b >= 0 && ((m.b & ct.status) !== 0) === m.inv2) return 6;
      return m.d !== 0 ? ctExpireMiss(m.src as ConntrackMatch, ct, meta.now) : 0;
    }
    case M.MULTIPORT: {
      const ports = m.ports!;
      const s = p.sport;
      const d = p.dport;
      for (let i = 0; i < ports.length; i += 2) {
        const lo = ports[i];
        const hi = ports[i + 1];
        const hit =
          m.a === 1 ? s >= lo && s <= hi : m.a === 2 ? d >= lo && d <= hi : (s >= lo && s <= hi) || (d >= lo && d <= hi);
        if (hit) return m.inv1 ? 9 : 0;
      }
      return m.inv1 ? 0 : 9;
    }
    default:
      return 0;
  }
}

/** ip_packet_match plus the rule's matches: 0 = match; else -1..-5 for the IP part, or 16*(i+1)+code. */
export function ruleMatch(r: CRule, p: Packet, meta: IptMeta): number {
  if (((p.src & r.smsk) !== r.src) !== r.invSrc) return -1;
  if (((p.dst & r.dmsk) !== r.dst) !== r.invDst) return -2;
  if (r.hasIn && ifaceMatch(p.iif, r.iniface, r.inPrefix) === r.invIn) return -3;
  if (r.hasOut && ifaceMatch(p.oif, r.outiface, r.outPrefix) === r.invOut) return -4;
  if (r.proto !== 0 && (p.proto !== r.proto) !== r.invProto) return -5;
  const ms = r.matches;
  for (let i = 0; i < r.nmatches; i++) {
    const c = matchOne(ms[i], p, meta);
    if (c !== 0) return 16 * (i + 1) + c;
  }
  return 0;
}
