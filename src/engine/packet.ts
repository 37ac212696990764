/**
 * An IPv4 packet as the engine sees it: plain numeric fields, no parsing on the hot path.
 * Mirrors what the kernel reads from an skb's IP, TCP, UDP and ICMP headers.
 * Addresses and sequence numbers are signed 32-bit integers (see ipv4.ts); use `>>> 0` to print.
 */
import type { Ipv4 } from './ipv4';

export const IPPROTO_ICMP = 1;
export const IPPROTO_TCP = 6;
export const IPPROTO_UDP = 17;
export const IPPROTO_DCCP = 33;
export const IPPROTO_GRE = 47;
export const IPPROTO_SCTP = 132;
export const IPPROTO_UDPLITE = 136;

/** TCP flag bits, as in the TCP header's flags byte. */
export const TCP_FIN = 0x01;
export const TCP_SYN = 0x02;
export const TCP_RST = 0x04;
export const TCP_PSH = 0x08;
export const TCP_ACK = 0x10;
export const TCP_URG = 0x20;
export const TCP_ECE = 0x40;
export const TCP_CWR = 0x80;

export interface Packet {
  src: Ipv4;
  dst: Ipv4;
  /** IP protocol number: 6 TCP, 17 UDP, 1 ICMP, anything else goes to the generic tracker. */
  proto: number;
  ttl: number;
  /** Bytes of the IP datagram (headers + payload), for byte counters and LOG's LEN=. */
  len: number;
  /** IP identification field (LOG prints it). */
  ipId: number;

  /** TCP/UDP ports (0 for other protocols). */
  sport: number;
  dport: number;

  /** TCP only. */
  flags: number;
  seq: number;
  ack: number;
  /** The raw 16-bit window field (not yet scaled). */
  win: number;
  /** Window-scale option's shift count, or -1 when the segment carries no such option. */
  wscale: number;
  /**
   * Bytes of TCP options on the wire, padding included (Linux: 20 on a SYN with MSS, SACK-permitted,
   * timestamps and window scale; 12 for the timestamps of later segments). Absent: the
   * window-scale option alone (4) or none; only `len` depends on it.
   */
  tcpOptLen?: number;
  /** TCP/UDP payload bytes. */
  payloadLen: number;
  /** Payload text when it matters (FTP control channel); '' otherwise. */
  payload: string;

  /** ICMP only. */
  icmpType: number;
  icmpCode: number;
  icmpId: number;
  icmpSeq: number;
  /** For an ICMP error: the embedded original packet (the one the error is about). */
  inner: Packet | null;

  /** Interfaces: the one it came in on ('' for locally generated) and the one it leaves by. */
  iif: string;
  oif: string;
}

/** Header sizes used to compute `len` when a packet is built from fields. */
export function l4HeaderLen(p: Pick<Packet, 'proto' | 'wscale' | 'tcpOptLen'>): number {
  if (p.proto === IPPROTO_TCP) return 20 + (p.tcpOptLen ?? (p.wscale >= 0 ? 4 : 0)); // wscale option padded to 4 bytes
  if (p.proto === IPPROTO_UDP) return 8;
  if (p.proto === IPPROTO_ICMP) return 8;
  return 0;
}

/** A packet with every field at its neutral value; callers fill in what they need. */
export function makePacket(fields: Partial<Packet>): Packet {
  const p: Packet = {
    src: 0,
    dst: 0,
    proto: IPPROTO_TCP,
    ttl: 64,
    len: 0,
    ipId: 0,
    sport: 0,
    dport: 0,
    flags: 0,
    seq: 0,
    ack: 0,
    win: 64240,
    wscale: -1,
    payloadLen: 0,
    payload: '',
    icmpType: 0,
    icmpCode: 0,
    icmpId: 0,
    icmpSeq: 0,
    inner: null,
    iif: '',
    oif: '',
    ...fields,
  };
  // Addresses and sequence numbers are kept as signed 32-bit integers (see the top of this file).
  p.src |= 0;
  p.dst |= 0;
  p.seq |= 0;
  p.ack |= 0;
  if (!fields.len) {
    const innerLen = p.inner ? Math.min(p.inner.len, 548) : 0;
    p.len = 20 + l4HeaderLen(p) + p.payloadLen + innerLen;
  }
  return p;
}

const FLAG_LETTERS: [number, string][] = [
  [TCP_FIN, 'F'], [TCP_SYN, 'S'], [TCP_RST, 'R'], [TCP_PSH, 'P'],
  [TCP_ACK, 'A'], [TCP_URG, 'U'], [TCP_ECE, 'E'], [TCP_CWR, 'C'],
];

/** Parses flag letters "FSRPAUEC" in any order (the trace format); null on an unknown letter. */
export function parseTcpFlags(text: string): number | null {
  let flags = 0;
  for (const ch of text.toUpperCase()) {
    const f = FLAG_LETTERS.find(([, l]) => l === ch);
    if (!f) return null;
    flags |= f[0];
  }
  return flags;
}

/** Flags as a student reads them: "SYN/ACK", "FIN/ACK", "RST", "none". */
export function describeTcpFlags(flags: number): string {
  const names: string[] = [];
  if (flags & TCP_SYN) names.push('SYN');
  if (flags & TCP_FIN) names.push('FIN');
  if (flags & TCP_RST) names.push('RST');
  if (flags & TCP_PSH) names.push('PSH');
  if (flags & TCP_ACK) names.push('ACK');
  if (flags & TCP_URG) names.push('URG');
  if (flags & TCP_ECE) names.push('ECE');
  if (flags & TCP_CWR) names.push('CWR');
  return names.length ? names.join('/') : 'none';
}
