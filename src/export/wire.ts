/**
 * A simulated packet as bytes on the wire: the IPv4 header (ip_build_and_send_pkt's fields:
 * version, IHL 5, total length, id, DF, TTL, protocol, checksum), then TCP with the options
 * Linux writes (tcp_options_write: MSS, SACK-permitted, timestamps, window scale, NOP padding),
 * UDP, or ICMP (an error quotes the packet it is about, as icmp_send does, up to 576 bytes in
 * all), and the payload with every checksum right.
 *
 * What the simulation does not carry is filled in the way Linux does it: DF on TCP, UDP and
 * echo requests (IP_PMTUDISC_WANT; the kernel's ICMP replies and errors go without), MSS 1460,
 * timestamps from the sender's clock (`ts`), ping's data pattern (iputils fills byte i with i),
 * DNS messages built from their readable form (dnsWire.ts), other payload text as Latin-1 and
 * zero bytes past it.
 */
import { IPPROTO_ICMP, IPPROTO_TCP, IPPROTO_UDP, TCP_SYN, l4HeaderLen, type Packet } from '../engine/packet';
import { checksum, onesSum } from './checksum';
import { dnsWire } from './dnsWire';

/** The TCP timestamps option's values of a segment (tsval, tsecr). */
export type TsFor = (p: Packet) => { val: number; ecr: number };

const TCPOPT_EOL = 0;
const TCPOPT_NOP = 1;
const TCPOPT_MSS = 2;
const TCPOPT_WINDOW = 3;
const TCPOPT_SACK_PERM = 4;
const TCPOPT_TIMESTAMP = 8;
const MSS = 1460;

function put16(b: Uint8Array, at: number, v: number): void {
  b[at] = (v >>> 8) & 0xff;
  b[at + 1] = v & 0xff;
}

function put32(b: Uint8Array, at: number, v: number): void {
  put16(b, at, v >>> 16);
  put16(b, at + 2, v & 0xffff);
}

/** The options area of a TCP header, `len` bytes (a multiple of 4). */
export function tcpOptions(p: Packet, len: number, ts: TsFor): number[] {
  const o: number[] = [];
  const syn = (p.flags & TCP_SYN) !== 0;
  const stamp = (): number[] => {
    const { val, ecr } = ts(p);
    const b = new Uint8Array(8);
    put32(b, 0, val);
    put32(b, 4, ecr);
    return [TCPOPT_TIMESTAMP, 10, ...b];
  };
  const wscale = (): number[] => [TCPOPT_NOP, TCPOPT_WINDOW, 3, p.wscale & 0xff];
  if (syn && len >= 4) o.push(TCPOPT_MSS, 4, MSS >>> 8, MSS & 0xff);
  if (syn && len - o.length >= 12 + (p.wscale >= 0 ? 4 : 0)) o.push(TCPOPT_SACK_PERM, 2, ...stamp());
  else if (!syn && len - o.length >= 12) o.push(TCPOPT_NOP, TCPOPT_NOP, ...stamp());
  if (p.wscale >= 0 && len - o.length >= 4) o.push(...wscale());
  while (o.length < len - 1) o.push(TCPOPT_NOP);
  if (o.length < len) o.push(TCPOPT_EOL);
  return o;
}

function latin1(text: string, len: number, from = 0): Uint8Array {
  const b = new Uint8Array(len);
  for (let i = 0; i < len && from + i < text.length; i++) b[i] = text.charCodeAt(from + i) & 0xff;
  return b;
}

function payloadBytes(p: Packet): Uint8Array {
  if (p.proto === IPPROTO_UDP && (p.sport === 53 || p.dport === 53)) {
    const dns = dnsWire(p.payload, p.payloadLen);
    if (dns) return dns;
  }
  return latin1(p.payload, p.payloadLen);
}

/** The ICMP message's data: echo's pattern, an error's quoted packet (`room` bytes at most), or zeros. */
function icmpData(p: Packet, room: number, ts: TsFor): Uint8Array {
  if (p.inner) return ipv4Bytes(p.inner, ts).subarray(0, room);
  const b = new Uint8Array(p.payloadLen);
  if (p.icmpType === 0 || p.icmpType === 8) for (let i = 0; i < b.length; i++) b[i] = i & 0xff;
  return b;
}

function pseudoSum(p: Packet, l4Len: number): number {
  const b = new Uint8Array(12);
  put32(b, 0, p.src);
  put32(b, 4, p.dst);
  b[9] = p.proto;
  put16(b, 10, l4Len);
  return onesSum(b);
}

/** Whether Linux sets Don't Fragment on this packet (see the top of the file). */
export function dontFragment(p: Packet): boolean {
  if (p.proto === IPPROTO_ICMP) return p.icmpType === 8;
  return true;
}

/** The IPv4 datagram of `p`, exactly `p.len` bytes long. */
export function ipv4Bytes(p: Packet, ts: TsFor): Uint8Array {
  const total = Math.max(20, p.len);
  const b = new Uint8Array(total);
  b[0] = 0x45;
  put16(b, 2, total);
  put16(b, 4, p.ipId & 0xffff);
  if (dontFragment(p)) b[6] = 0x40;
  b[8] = p.ttl & 0xff;
  b[9] = p.proto & 0xff;
  put32(b, 12, p.src);
  put32(b, 16, p.dst);
  put16(b, 10, checksum(b, 0, 20));
  const l4 = b.subarray(20);
  if (p.proto === IPPROTO_TCP && l4.length >= 20) {
    const hl = l4HeaderLen(p);
    put16(l4, 0, p.sport);
    put16(l4, 2, p.dport);
    put32(l4, 4, p.seq);
    put32(l4, 8, p.ack);
    l4[12] = (hl / 4) << 4;
    l4[13] = p.flags & 0xff;
    put16(l4, 14, p.win);
    l4.set(tcpOptions(p, hl - 20, ts).slice(0, l4.length - 20), 20);
    if (l4.length > hl) l4.set(payloadBytes(p).subarray(0, l4.length - hl), hl);
    put16(l4, 16, checksum(l4, 0, l4.length, pseudoSum(p, l4.length)));
  } else if (p.proto === IPPROTO_UDP && l4.length >= 8) {
    put16(l4, 0, p.sport);
    put16(l4, 2, p.dport);
    put16(l4, 4, l4.length);
    l4.set(payloadBytes(p).subarray(0, l4.length - 8), 8);
    put16(l4, 6, checksum(l4, 0, l4.length, pseudoSum(p, l4.length)) || 0xffff);
  } else if (p.proto === IPPROTO_ICMP && l4.length >= 8) {
    l4[0] = p.icmpType & 0xff;
    l4[1] = p.icmpCode & 0xff;
    if (p.icmpType === 0 || p.icmpType === 8 || p.icmpType === 13 || p.icmpType === 14) {
      put16(l4, 4, p.icmpId);
      put16(l4, 6, p.icmpSeq);
    }
    l4.set(icmpData(p, l4.length - 8, ts).subarray(0, l4.length - 8), 8);
    put16(l4, 2, checksum(l4));
  }
  return b;
}
