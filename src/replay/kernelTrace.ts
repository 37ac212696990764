/**
 * The kernel-trace format of ../shared/kernel-traces/README.md: a scenario of hand-made packets
 * between host A (10.99.1.1, behind the firewall's eth0) and host B (10.99.3.1, behind eth1),
 * with what the real kernel said about each. This file turns a trace's packet fields into the
 * engine's packets, checking every field and naming the one that is wrong.
 */
import { parseIpv4 } from '../engine/ipv4';
import { IPPROTO_ICMP, IPPROTO_TCP, IPPROTO_UDP, makePacket, parseTcpFlags, type Packet } from '../engine/packet';

export const TRACE_A = '10.99.1.1';
export const TRACE_B = '10.99.3.1';
/** The firewall's interface towards A and towards B. */
export const IFACE_A = 'eth0';
export const IFACE_B = 'eth1';

export interface TraceExpect {
  state: string;
  verdict: 'ACCEPT' | 'DROP';
  rule: number | null;
  table: string[];
  expectations: string[];
}

export interface TracePacket {
  from: 'A' | 'B';
  wait?: number;
  proto: string | number;
  src?: string;
  dst?: string;
  ttl?: number;
  sport?: number;
  dport?: number;
  flags?: string;
  seq?: number;
  ack?: number;
  win?: number;
  wscale?: number;
  len?: number;
  payload?: string;
  type?: number;
  code?: number;
  id?: number;
  icmpseq?: number;
  inner?: Omit<TracePacket, 'from' | 'wait' | 'expect' | 'inner'>;
  expect?: TraceExpect;
}

export interface KernelTrace {
  name: string;
  sysctl?: Record<string, number>;
  rules?: string;
  packets: TracePacket[];
}

export type FieldResult<T> = { ok: true; value: T } | { ok: false; error: string };

function num(v: unknown, where: string, min: number, max: number, dflt: number): number {
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new Error(`${where}: expected an integer from ${min} to ${max}, got ${JSON.stringify(v)}`);
  }
  return v;
}

function addr(v: unknown, where: string, dflt: string): number {
  const text = v === undefined ? dflt : v;
  const a = typeof text === 'string' ? parseIpv4(text) : null;
  if (a === null) throw new Error(`${where}: expected an IPv4 address, got ${JSON.stringify(v)}`);
  return a;
}

function protoNumber(v: unknown, where: string): number {
  if (v === 'tcp') return IPPROTO_TCP;
  if (v === 'udp') return IPPROTO_UDP;
  if (v === 'icmp') return IPPROTO_ICMP;
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 255) return v;
  throw new Error(`${where}: expected "tcp", "udp", "icmp" or a protocol number, got ${JSON.stringify(v)}`);
}

function buildPacket(
  f: Omit<TracePacket, 'from' | 'expect'>,
  where: string,
  defSrc: string,
  defDst: string,
): Packet {
  const proto = protoNumber(f.proto, `${where}.proto`);
  const src = addr(f.src, `${where}.src`, defSrc);
  const dst = addr(f.dst, `${where}.dst`, defDst);
  const ttl = num(f.ttl, `${where}.ttl`, 0, 255, 64);
  if (proto === IPPROTO_TCP) {
    const flags = parseTcpFlags(f.flags ?? '');
    if (flags === null) throw new Error(`${where}.flags: expected letters of FSRPAUEC, got ${JSON.stringify(f.flags)}`);
    const payload = f.payload ?? '';
    if (typeof payload !== 'string') throw new Error(`${where}.payload: expected text`);
    const len = f.payload !== undefined ? payload.length : num(f.len, `${where}.len`, 0, 65000, 0);
    return makePacket({
      proto,
      src,
      dst,
      ttl,
      sport: num(f.sport, `${where}.sport`, 0, 65535, 0),
      dport: num(f.dport, `${where}.dport`, 0, 65535, 0),
      flags,
      seq: num(f.seq, `${where}.seq`, 0, 0xffffffff, 0) | 0,
      ack: num(f.ack, `${where}.ack`, 0, 0xffffffff, 0) | 0,
      win: num(f.win, `${where}.win`, 0, 65535, 64240),
      wscale: f.wscale === undefined ? -1 : num(f.wscale, `${where}.wscale`, 0, 255, 0),
      payloadLen: len,
      payload,
    });
  }
  if (proto === IPPROTO_UDP) {
    return makePacket({
      proto,
      src,
      dst,
      ttl,
      sport: num(f.sport, `${where}.sport`, 0, 65535, 0),
      dport: num(f.dport, `${where}.dport`, 0, 65535, 0),
      payloadLen: num(f.len, `${where}.len`, 0, 65000, 0),
      payload: typeof f.payload === 'string' ? f.payload : '',
    });
  }
  if (proto === IPPROTO_ICMP) {
    let inner: Packet | null = null;
    if (f.inner !== undefined) {
      if (typeof f.inner !== 'object' || f.inner === null) throw new Error(`${where}.inner: expected a packet object`);
      // The embedded packet is the one the error is about: by default it went the other way.
      inner = buildPacket(f.inner, `${where}.inner`, f.dst ?? defDst, f.src ?? defSrc);
    }
    return makePacket({
      proto,
      src,
      dst,
      ttl,
      icmpType: num(f.type, `${where}.type`, 0, 255, 8),
      icmpCode: num(f.code, `${where}.code`, 0, 255, 0),
      icmpId: num(f.id, `${where}.id`, 0, 65535, 0),
      icmpSeq: num(f.icmpseq, `${where}.icmpseq`, 0, 65535, 0),
      inner,
    });
  }
  return makePacket({ proto, src, dst, ttl, payloadLen: num(f.len, `${where}.len`, 0, 65000, 0) });
}

/** The engine packet for trace packet `i`, with the firewall's in/out interfaces set. */
export function tracePacketToPacket(p: TracePacket, i: number): Packet {
  const where = `packets[${i}]`;
  if (p.from !== 'A' && p.from !== 'B') throw new Error(`${where}.from: expected "A" or "B", got ${JSON.stringify(p.from)}`);
  const fromA = p.from === 'A';
  const pkt = buildPacket(p, where, fromA ? TRACE_A : TRACE_B, fromA ? TRACE_B : TRACE_A);
  pkt.iif = fromA ? IFACE_A : IFACE_B;
  pkt.oif = fromA ? IFACE_B : IFACE_A;
  return pkt;
}

/** Milliseconds to wait before packet `i`. */
export function traceWaitMs(p: TracePacket, i: number): number {
  if (p.wait === undefined) return 0;
  if (typeof p.wait !== 'number' || !(p.wait >= 0) || !Number.isFinite(p.wait)) {
    throw new Error(`packets[${i}].wait: expected a number of seconds >= 0, got ${JSON.stringify(p.wait)}`);
  }
  return Math.round(p.wait * 1000);
}
