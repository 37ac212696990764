/**
 * The packet crafter: every header field of one packet, validated field by field (a student's
 * form input never throws), then built into an engine Packet.
 */
import type { CraftError, CraftFields } from './api';
import { parseIpv4, type Ipv4 } from '../engine/ipv4';
import {
  IPPROTO_ICMP,
  IPPROTO_TCP,
  IPPROTO_UDP,
  makePacket,
  TCP_ACK,
  TCP_CWR,
  TCP_ECE,
  TCP_FIN,
  TCP_PSH,
  TCP_RST,
  TCP_SYN,
  TCP_URG,
  parseTcpFlags,
  type Packet,
} from '../engine/packet';
import { err, ok, type Result } from './result';

const FLAG_NAMES: ReadonlyMap<string, number> = new Map(Object.entries({
  SYN: TCP_SYN,
  ACK: TCP_ACK,
  FIN: TCP_FIN,
  RST: TCP_RST,
  PSH: TCP_PSH,
  URG: TCP_URG,
  ECE: TCP_ECE,
  CWR: TCP_CWR,
}));

export function parseFlags(text: string): number | null {
  const t = text.trim().toUpperCase();
  if (t === '' || t === 'NONE' || t === 'NULL') return 0;
  if (/^[A-Z]+([,/| +][A-Z]+)+$/.test(t) || FLAG_NAMES.has(t)) {
    let f = 0;
    for (const name of t.split(/[,/| +]+/)) {
      const bit = FLAG_NAMES.get(name);
      if (bit === undefined) return null;
      f |= bit;
    }
    return f;
  }
  return parseTcpFlags(t);
}

/** Validates the fields; `defaultSrc` gives the node's own address towards the destination. */
export function craftPacket(fields: CraftFields, defaultSrc: (dst: Ipv4) => Ipv4): Result<Packet, CraftError[]> {
  const errors: CraftError[] = [];
  const num = (field: keyof CraftFields, lo: number, hi: number, dflt: number): number => {
    const v = fields[field];
    if (v === undefined || v === '') return dflt;
    const n = typeof v === 'number' ? v : /^\s*-?\d+\s*$/.test(String(v)) ? Number(v) : NaN;
    if (!Number.isInteger(n)) {
      errors.push({ field, message: `${JSON.stringify(v)} is not a whole number` });
      return dflt;
    }
    if (n < lo || n > hi) {
      errors.push({ field, message: `${n} is out of range ${lo}..${hi}` });
      return dflt;
    }
    return n;
  };
  const addr = (field: 'src' | 'dst', text: string | undefined): Ipv4 | null => {
    if (text === undefined || text.trim() === '') {
      if (field === 'dst') errors.push({ field, message: 'a destination address is needed' });
      return null;
    }
    const a = parseIpv4(text.trim());
    if (a === null) errors.push({ field, message: `"${text}" is not an IPv4 address` });
    return a;
  };
  const protoText = String(fields.proto ?? '').toLowerCase();
  const proto =
    protoText === 'tcp' ? IPPROTO_TCP : protoText === 'udp' ? IPPROTO_UDP : protoText === 'icmp' ? IPPROTO_ICMP : /^\d+$/.test(protoText) ? Number(protoText) : NaN;
  if (!Number.isInteger(proto) || proto < 0 || proto > 255) errors.push({ field: 'proto', message: `"${fields.proto}" is not tcp, udp, icmp or a protocol number 0-255` });
  const dst = addr('dst', fields.dst);
  const src = addr('src', fields.src);
  const ttl = num('ttl', 1, 255, 64);
  const ipId = num('ipId', 0, 65535, 0);
  const isTcp = proto === IPPROTO_TCP;
  const isUdp = proto === IPPROTO_UDP;
  const ports = isTcp || isUdp;
  const sport = ports ? num('sport', 0, 65535, 0) : 0;
  const dport = ports ? num('dport', 0, 65535, 0) : 0;
  let flags = 0;
  if (isTcp && fields.flags !== undefined) {
    const f = parseFlags(fields.flags);
    if (f === null) errors.push({ field: 'flags', message: `"${fields.flags}" is not a set of TCP flags (SYN, ACK, FIN, RST, PSH, URG, ECE, CWR)` });
    else flags = f;
  }
  const seq = isTcp ? num('seq', 0, 0xffffffff, 0) : 0;
  const ack = isTcp ? num('ack', 0, 0xffffffff, 0) : 0;
  const win = isTcp ? num('win', 0, 65535, 64240) : 0;
  const wscale = isTcp ? num('wscale', -1, 14, -1) : -1;
  const isIcmp = proto === IPPROTO_ICMP;
  const icmpType = isIcmp ? num('icmpType', 0, 255, 8) : 0;
  const icmpCode = isIcmp ? num('icmpCode', 0, 255, 0) : 0;
  const icmpId = isIcmp ? num('icmpId', 0, 65535, 1) : 0;
  const icmpSeq = isIcmp ? num('icmpSeq', 0, 65535, 1) : 0;
  const payload = fields.payload ?? '';
  if (payload.length > 1400) errors.push({ field: 'payload', message: `${payload.length} bytes is more than the 1400 the lab sends in one packet` });
  if (errors.length || dst === null) return err(errors);
  return ok(
    makePacket({
      src: src ?? defaultSrc(dst),
      dst,
      proto,
      ttl,
      ipId,
      sport,
      dport,
      flags,
      seq: seq | 0,
      ack: ack | 0,
      win,
      wscale,
      icmpType,
      icmpCode,
      icmpId,
      icmpSeq,
      payload,
      payloadLen: isIcmp && !payload ? 56 : payload.length,
    }),
  );
}
