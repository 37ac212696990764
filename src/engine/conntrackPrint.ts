/**
 * Text exactly as conntrack-tools prints it: `conntrack -L`, `conntrack -L expect` and
 * `conntrack -E` (libnetfilter_conntrack's default output format).
 * DCCP: this 6.18 kernel has no DCCP tracker (the generic one serves it), but conntrack-tools
 * still prints its ports, as 0; plain GRE prints its keys, as 0x0.
 */
import type { Conn } from './conn';
import type { CtEventType, ExpectEvent } from './conntrack';
import type { Expectation } from './expectation';
import { formatIpv4 } from './ipv4';
import { IPPROTO_DCCP, IPPROTO_GRE, IPPROTO_ICMP, IPPROTO_TCP, IPPROTO_UDP } from './packet';
import { TCP_STATE_NAMES } from './proto/tcpStates';
import { IPS_ASSURED, IPS_SEEN_REPLY } from './status';

const PROTO_NAMES: Record<number, string> = {
  1: 'icmp',
  6: 'tcp',
  17: 'udp',
  33: 'dccp',
  47: 'gre',
  58: 'icmpv6',
  132: 'sctp',
  136: 'udplite',
};

export function protoName(proto: number): string {
  return PROTO_NAMES[proto] ?? 'unknown';
}

function tupleText(src: number, dst: number, sport: number, dport: number, proto: number): string {
  let s = `src=${formatIpv4(src)} dst=${formatIpv4(dst)} `;
  if (proto === IPPROTO_TCP || proto === IPPROTO_UDP || proto === IPPROTO_DCCP) s += `sport=${sport} dport=${dport} `;
  else if (proto === IPPROTO_GRE) s += `srckey=0x${sport.toString(16)} dstkey=0x${dport.toString(16)} `;
  else if (proto === IPPROTO_ICMP) s += `type=${dport >>> 8} code=${dport & 255} id=${sport} `;
  return s;
}

/** Seconds left, as the kernel rounds them (whole seconds, never negative). */
export function secondsLeft(timeout: number, now: number): number {
  return Math.max(0, Math.floor((timeout - now) / 1000));
}

function connText(ct: Conn, now: number, timeout: boolean, tail: boolean): string {
  let s = `${protoName(ct.proto).padEnd(8)} ${ct.proto} `;
  if (timeout) s += `${secondsLeft(ct.timeout, now)} `;
  if (ct.proto === IPPROTO_TCP) s += `${TCP_STATE_NAMES[ct.tcpState]} `;
  s += tupleText(ct.oSrc, ct.oDst, ct.oSport, ct.oDport, ct.proto);
  if ((ct.status & IPS_SEEN_REPLY) === 0) s += '[UNREPLIED] ';
  s += tupleText(ct.rSrc, ct.rDst, ct.rSport, ct.rDport, ct.proto);
  if (ct.status & IPS_ASSURED) s += '[ASSURED] ';
  if (!tail) return s.trimEnd();
  s += `mark=${ct.mark} `;
  if (ct.ext !== null && ct.ext.helper !== null) s += `helper=${ct.ext.helper} `;
  s += 'use=1';
  return s;
}

/** One line of `conntrack -L`. */
export function formatConn(ct: Conn, now: number): string {
  return connText(ct, now, true, true);
}

/**
 * One line of `conntrack -E`, as conntrack-tools 1.4.7 prints the kernel's events (checked on
 * Linux 6.18): `    [NEW] tcp      6 120 SYN_SENT src=...`, without mark= and use=. A DESTROY
 * carries the time left only when some is left (an entry that expired has none).
 */
export function formatCtEvent(type: CtEventType, ct: Conn, now: number): string {
  const timeout = type !== 'DESTROY' || secondsLeft(ct.timeout, now) > 0;
  return `${`[${type}]`.padStart(9)} ${connText(ct, now, timeout, false)}`;
}

/** One line of `conntrack -L expect`. */
export function formatExpectation(e: Expectation, now: number): string {
  const m = e.master;
  return (
    `${secondsLeft(e.timeout, now)} proto=${e.proto} ` +
    `src=${formatIpv4(e.src)} dst=${formatIpv4(e.dst)} sport=${e.sport} dport=${e.dport} ` +
    `mask-src=${formatIpv4(e.maskSrc)} mask-dst=${formatIpv4(e.maskDst)} sport=${e.maskSport} dport=${e.maskDport} ` +
    `master-src=${formatIpv4(m.oSrc)} master-dst=${formatIpv4(m.oDst)} sport=${m.oSport} dport=${m.oDport} ` +
    `class=${e.cls} helper=${e.helper}`
  );
}

export function formatExpectEvent(e: ExpectEvent, now: number): string {
  return `${`[${e.type}]`.padStart(9)} ${formatExpectation(e.exp, now)}`;
}
