/**
 * One captured packet as tcpdump 4.99.3 prints it (print-ip.c, print-tcp.c, print-udp.c,
 * print-icmp.c), as recorded: traces/tools. TCP sequence numbers are relative once a segment
 * with ACK has been seen on the connection (tcp_print's table of `tha` entries); -v adds the IP
 * header's fields. TCP timestamps are the sending machine's clock in ms (masked in comparisons).
 */
import { formatIpv4, type Ipv4 } from '../../engine/ipv4';
import { IPPROTO_ICMP, IPPROTO_TCP, IPPROTO_UDP, TCP_ACK, TCP_FIN, TCP_RST, TCP_SYN, type Packet } from '../../engine/packet';

/** print-tcp.c's flag letters, in its table's order; ACK is '.'. */
const FLAGS: [number, string][] = [[0x01, 'F'], [0x02, 'S'], [0x04, 'R'], [0x08, 'P'], [0x10, '.'], [0x20, 'U'], [0x40, 'E'], [0x80, 'W']];
const PROTO_NAMES: Record<number, string> = { [IPPROTO_ICMP]: 'ICMP', [IPPROTO_TCP]: 'TCP', [IPPROTO_UDP]: 'UDP' };

export class TcpdumpPrinter {
  /** Per connection, the base of each way's sequence numbers (key: "addr.port>addr.port"). */
  private readonly bases = new Map<string, number>();

  constructor(
    private readonly numeric: boolean,
    private readonly verbose: boolean,
    private readonly nameOf: (a: Ipv4) => string | null,
  ) {}

  private host(a: Ipv4): string {
    return this.numeric ? formatIpv4(a) : (this.nameOf(a) ?? formatIpv4(a));
  }

  /**
   * The lines for a packet seen at `now` (ms of the virtual clock); `link` is -e's link-level
   * header (`src > dst, ethertype IPv4 (0x0800), length N: `), which replaces the word IP.
   */
  lines(p: Packet, now: number, link: string | null = null): string[] {
    const time = stamp(now);
    const l4 = this.l4(p, now);
    const prefix = link ?? 'IP ';
    if (!this.verbose) return [`${time} ${prefix}${l4}`];
    const df = p.proto === IPPROTO_ICMP && (p.inner !== null || p.icmpType === 0) ? 'none' : 'DF';
    const proto = PROTO_NAMES[p.proto] ?? 'unknown';
    return [`${time} ${link ?? 'IP '}(tos 0x0, ttl ${p.ttl}, id ${p.ipId}, offset 0, flags [${df}], proto ${proto} (${p.proto}), length ${p.len})`, `    ${l4}`];
  }

  private l4(p: Packet, now: number): string {
    if (p.proto === IPPROTO_TCP) return this.tcp(p, now);
    if (p.proto === IPPROTO_UDP) return `${this.host(p.src)}.${p.sport} > ${this.host(p.dst)}.${p.dport}: UDP, length ${p.payloadLen}`;
    if (p.proto === IPPROTO_ICMP) return `${this.host(p.src)} > ${this.host(p.dst)}: ICMP ${icmp(p, (a) => this.host(a))}, length ${p.len - 20}`;
    return `${this.host(p.src)} > ${this.host(p.dst)}: ip-proto-${p.proto} ${p.len - 20}`;
  }

  private tcp(p: Packet, now: number): string {
    const flags = FLAGS.filter(([b]) => p.flags & b).map(([, c]) => c).join('') || 'none';
    let seq = p.seq >>> 0;
    let ack = p.ack >>> 0;
    const here = `${p.src}.${p.sport}>${p.dst}.${p.dport}`;
    const there = `${p.dst}.${p.dport}>${p.src}.${p.sport}`;
    if (p.flags & TCP_ACK) {
      const b = this.bases.get(here);
      if (b === undefined) {
        this.bases.set(here, seq);
        this.bases.set(there, (ack - 1) >>> 0);
      } else {
        seq = (seq - b) >>> 0;
        ack = (ack - this.bases.get(there)!) >>> 0;
      }
    }
    let s = `${this.host(p.src)}.${p.sport} > ${this.host(p.dst)}.${p.dport}: Flags [${flags}]`;
    if (p.payloadLen > 0 || p.flags & (TCP_SYN | TCP_FIN | TCP_RST)) s += p.payloadLen > 0 ? `, seq ${seq}:${(seq + p.payloadLen) >>> 0}` : `, seq ${seq}`;
    if (p.flags & TCP_ACK) s += `, ack ${ack}`;
    s += `, win ${p.win}`;
    const ts = `TS val ${Math.floor(now) + 1_000_000} ecr ${p.flags & TCP_SYN && !(p.flags & TCP_ACK) ? 0 : Math.floor(now) + 999_000}`;
    const opt = p.tcpOptLen ?? (p.wscale >= 0 ? 4 : 0);
    if (opt >= 20) s += `, options [mss 1460,sackOK,${ts},nop,wscale ${p.wscale}]`;
    else if (opt === 12) s += `, options [nop,nop,${ts}]`;
    else if (opt === 4 && p.wscale < 0) s += ', options [mss 1460]';
    s += `, length ${p.payloadLen}`;
    if (p.payloadLen > 0) s += appLayer(p);
    return s;
  }
}

/** The first line of what well-known ports carry, as tcpdump's HTTP, FTP and SSH printers show it. */
function appLayer(p: Packet): string {
  const port = Math.min(p.sport, p.dport);
  const first = p.payload.split(/\r?\n/)[0];
  if (port === 80) return /^(GET|HEAD|POST|PUT|DELETE|OPTIONS|HTTP\/)/.test(first) ? `: HTTP: ${first}` : ': HTTP';
  if (port === 21) return first ? `: FTP: ${first}` : ': FTP';
  if (port === 22 && first.startsWith('SSH-')) return `: SSH: ${first}`;
  return '';
}

function icmp(p: Packet, host: (a: Ipv4) => string): string {
  const inner = p.inner;
  switch (p.icmpType) {
    case 0:
      return `echo reply, id ${p.icmpId}, seq ${p.icmpSeq}`;
    case 8:
      return `echo request, id ${p.icmpId}, seq ${p.icmpSeq}`;
    case 11:
      return p.icmpCode === 0 ? 'time exceeded in-transit' : 'ip reassembly time exceeded';
    case 13:
      return `time stamp query id ${p.icmpId} seq ${p.icmpSeq}`;
    case 14:
      return `time stamp reply id ${p.icmpId} seq ${p.icmpSeq}`;
    case 3: {
      if (!inner) return 'unreachable';
      const d = host(inner.dst);
      const proto = inner.proto === IPPROTO_TCP ? 'tcp' : inner.proto === IPPROTO_UDP ? 'udp' : String(inner.proto);
      const codes: Record<number, string> = {
        0: `net ${d} unreachable`,
        1: `host ${d} unreachable`,
        2: `${d} protocol ${inner.proto} unreachable`,
        3: `${d} ${proto} port ${inner.dport} unreachable`,
        9: `net ${d} unreachable - admin prohibited`,
        10: `host ${d} unreachable - admin prohibited`,
        13: `host ${d} unreachable - admin prohibited filter`,
      };
      return codes[p.icmpCode] ?? `${d} unreachable - #${p.icmpCode}`;
    }
    default:
      return `type-#${p.icmpType}`;
  }
}

/** HH:MM:SS.uuuuuu of the virtual clock. */
function stamp(ms: number): string {
  const us = Math.floor(ms * 1000);
  const s = Math.floor(us / 1e6);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(Math.floor(s / 3600) % 24)}:${two(Math.floor(s / 60) % 60)}:${two(s % 60)}.${String(us % 1e6).padStart(6, '0')}`;
}
