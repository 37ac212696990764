/**
 * How a packet is shown: its card label ('SYN/ACK', 'ICMP port unreachable', 'UDP 53'), a
 * one-line summary like a capture tool's, and the header tree for the inspector.
 */
import type { HeaderField } from './api';
import { formatIpv4 } from '../engine/ipv4';
import {
  IPPROTO_ICMP,
  IPPROTO_TCP,
  IPPROTO_UDP,
  TCP_ACK,
  TCP_CWR,
  TCP_ECE,
  TCP_FIN,
  TCP_PSH,
  TCP_RST,
  TCP_SYN,
  TCP_URG,
  type Packet,
} from '../engine/packet';

const UNREACH_NAMES: Record<number, string> = {
  0: 'net unreachable',
  1: 'host unreachable',
  2: 'protocol unreachable',
  3: 'port unreachable',
  4: 'fragmentation needed',
  9: 'net prohibited',
  10: 'host prohibited',
  13: 'admin prohibited',
};

const FLAG_ORDER: [number, string][] = [
  [TCP_SYN, 'SYN'],
  [TCP_FIN, 'FIN'],
  [TCP_RST, 'RST'],
  [TCP_PSH, 'PSH'],
  [TCP_ACK, 'ACK'],
  [TCP_URG, 'URG'],
  [TCP_ECE, 'ECE'],
  [TCP_CWR, 'CWR'],
];

export function tcpFlagsText(flags: number): string {
  const names = FLAG_ORDER.filter(([b]) => flags & b).map(([, n]) => n);
  return names.length ? names.join('/') : 'NULL';
}

export function icmpName(type: number, code: number): string {
  switch (type) {
    case 0:
      return 'echo reply';
    case 8:
      return 'echo';
    case 3:
      return UNREACH_NAMES[code] ?? `unreachable code ${code}`;
    case 11:
      return 'time exceeded';
    case 13:
      return 'timestamp';
    case 14:
      return 'timestamp reply';
    default:
      return `type ${type} code ${code}`;
  }
}

export function protoKind(p: Packet): 'tcp' | 'udp' | 'icmp' | 'other' {
  return p.proto === IPPROTO_TCP ? 'tcp' : p.proto === IPPROTO_UDP ? 'udp' : p.proto === IPPROTO_ICMP ? 'icmp' : 'other';
}

export function packetLabel(p: Packet): string {
  switch (p.proto) {
    case IPPROTO_TCP:
      return tcpFlagsText(p.flags);
    case IPPROTO_UDP:
      return `UDP ${Math.min(p.sport, p.dport)}`;
    case IPPROTO_ICMP:
      return `ICMP ${icmpName(p.icmpType, p.icmpCode)}`;
    default:
      return `IP proto ${p.proto}`;
  }
}

function endpoint(addr: number, port: number, withPort: boolean): string {
  return withPort ? `${formatIpv4(addr)}:${port}` : formatIpv4(addr);
}

/** The first line of a text payload (FTP commands, HTTP request lines), quoted. */
function payloadHint(p: Packet): string {
  const first = p.payload.split(/\r?\n/)[0].slice(0, 60);
  return first ? ` "${first}"` : '';
}

/** Sequence numbers relative to the connection's ISN (as Wireshark shows), when it is known. */
export type RelSeq = (p: Packet, which: 'seq' | 'ack') => number;

export function packetSummary(p: Packet, rel?: RelSeq): string {
  const ports = p.proto === IPPROTO_TCP || p.proto === IPPROTO_UDP;
  const head = `${endpoint(p.src, p.sport, ports)} → ${endpoint(p.dst, p.dport, ports)}`;
  if (p.proto === IPPROTO_TCP) {
    const seq = rel ? rel(p, 'seq') : p.seq >>> 0;
    let s = `${head} [${tcpFlagsText(p.flags)}] seq=${seq}`;
    if (p.flags & TCP_ACK) s += ` ack=${rel ? rel(p, 'ack') : p.ack >>> 0}`;
    s += ` win=${p.win}`;
    if (p.payloadLen) s += ` len=${p.payloadLen}${payloadHint(p)}`;
    return s;
  }
  if (p.proto === IPPROTO_UDP) return `${head} UDP len=${p.payloadLen}${payloadHint(p)}`;
  if (p.proto === IPPROTO_ICMP) {
    let s = `${head} ICMP ${icmpName(p.icmpType, p.icmpCode)}`;
    if (p.icmpType === 0 || p.icmpType === 8) s += ` id=${p.icmpId} seq=${p.icmpSeq}`;
    if (p.inner) s += ` (about ${packetSummary(p.inner)})`;
    return s;
  }
  return `${head} proto ${p.proto} len=${p.len}`;
}

const f = (name: string, value: string | number, children?: HeaderField[]): HeaderField =>
  children ? { name, value: String(value), children } : { name, value: String(value) };

export function packetHeaders(p: Packet, rel?: RelSeq): HeaderField[] {
  const ip = f('Internet Protocol Version 4', `${formatIpv4(p.src)} → ${formatIpv4(p.dst)}`, [
    f('Total length', p.len),
    f('Identification', `0x${p.ipId.toString(16).padStart(4, '0')} (${p.ipId})`),
    f('Time to live', p.ttl),
    f('Protocol', `${protoKind(p).toUpperCase()} (${p.proto})`),
    f('Source address', formatIpv4(p.src)),
    f('Destination address', formatIpv4(p.dst)),
    ...(p.iif ? [f('In interface', p.iif)] : []),
    ...(p.oif ? [f('Out interface', p.oif)] : []),
  ]);
  const out = [ip];
  if (p.proto === IPPROTO_TCP) {
    const relNote = (which: 'seq' | 'ack'): string => (rel ? ` (relative ${rel(p, which)})` : '');
    out.push(
      f('Transmission Control Protocol', `${p.sport} → ${p.dport} [${tcpFlagsText(p.flags)}]`, [
        f('Source port', p.sport),
        f('Destination port', p.dport),
        f('Sequence number', `${p.seq >>> 0}${relNote('seq')}`),
        f('Acknowledgment number', p.flags & TCP_ACK ? `${p.ack >>> 0}${relNote('ack')}` : '0'),
        f(
          'Flags',
          `0x${p.flags.toString(16).padStart(3, '0')} (${tcpFlagsText(p.flags)})`,
          FLAG_ORDER.map(([b, n]) => f(n, p.flags & b ? 'Set' : 'Not set')),
        ),
        f('Window', p.win),
        ...(p.wscale >= 0 ? [f('Option: window scale', `${p.wscale} (multiply by ${1 << p.wscale})`)] : []),
        f('Payload length', p.payloadLen),
      ]),
    );
  } else if (p.proto === IPPROTO_UDP) {
    out.push(
      f('User Datagram Protocol', `${p.sport} → ${p.dport}`, [
        f('Source port', p.sport),
        f('Destination port', p.dport),
        f('Length', 8 + p.payloadLen),
      ]),
    );
  } else if (p.proto === IPPROTO_ICMP) {
    const kids = [f('Type', `${p.icmpType} (${icmpName(p.icmpType, 0)})`), f('Code', p.icmpCode)];
    if (p.icmpType === 0 || p.icmpType === 8) kids.push(f('Identifier', p.icmpId), f('Sequence number', p.icmpSeq));
    if (p.inner) kids.push(f('Embedded packet', packetSummary(p.inner), packetHeaders(p.inner)));
    out.push(f('Internet Control Message Protocol', icmpName(p.icmpType, p.icmpCode), kids));
  }
  if (p.payload) out.push(f('Data', JSON.stringify(p.payload)));
  return out;
}
