/**
 * The line the LOG target writes to the kernel log (nf_log_syslog.c: nf_log_dump_packet_common,
 * dump_ipv4_packet, nf_log_dump_tcp_header/udp). No MAC= (the simulated links have no
 * Ethernet headers), no DF/TOS (packets do not carry them); the kernel's trailing space is
 * trimmed. --log-tcp-sequence adds SEQ/ACK; other flags do not change what is printed here.
 */
import { formatIpv4 } from '../ipv4';
import type { Packet } from '../packet';
import { IPPROTO_ICMP, IPPROTO_TCP, IPPROTO_UDP, TCP_ACK, TCP_CWR, TCP_ECE, TCP_FIN, TCP_PSH, TCP_RST, TCP_SYN, TCP_URG } from '../packet';

const TCP_FLAG_WORDS: [number, string][] = [
  [TCP_CWR, 'CWR'], [TCP_ECE, 'ECE'], [TCP_URG, 'URG'], [TCP_ACK, 'ACK'],
  [TCP_PSH, 'PSH'], [TCP_RST, 'RST'], [TCP_SYN, 'SYN'], [TCP_FIN, 'FIN'],
];

/** XT_LOG_TCPSEQ. */
export const LOG_TCPSEQ = 0x01;

function dumpIpv4(p: Packet, flags: number, inner: boolean): string {
  let s = `SRC=${formatIpv4(p.src)} DST=${formatIpv4(p.dst)} LEN=${p.len} TOS=0x00 PREC=0x00 TTL=${p.ttl} ID=${p.ipId} `;
  if (p.proto === IPPROTO_TCP) {
    s += `PROTO=TCP SPT=${p.sport} DPT=${p.dport} `;
    if (flags & LOG_TCPSEQ) s += `SEQ=${p.seq >>> 0} ACK=${p.ack >>> 0} `;
    s += `WINDOW=${p.win} RES=0x00 `;
    for (const [bit, name] of TCP_FLAG_WORDS) if (p.flags & bit) s += name + ' ';
    s += 'URGP=0 ';
  } else if (p.proto === IPPROTO_UDP) {
    s += `PROTO=UDP SPT=${p.sport} DPT=${p.dport} LEN=${8 + p.payloadLen} `;
  } else if (p.proto === IPPROTO_ICMP) {
    s += `PROTO=ICMP TYPE=${p.icmpType} CODE=${p.icmpCode} `;
    if (p.icmpType === 0 || p.icmpType === 8) s += `ID=${p.icmpId} SEQ=${p.icmpSeq} `;
    if ((p.icmpType === 3 || p.icmpType === 4 || p.icmpType === 5 || p.icmpType === 11 || p.icmpType === 12) && p.inner && !inner) {
      s += '[' + dumpIpv4(p.inner, flags, true) + '] ';
    }
  } else {
    s += `PROTO=${p.proto} `;
  }
  return s;
}

/** "PREFIX IN=eth0 OUT=eth1 SRC=... URGP=0" for a packet seen with interfaces iif/oif. */
export function nfLogLine(prefix: string, p: Packet, flags: number): string {
  return `${prefix}IN=${p.iif} OUT=${p.oif} ${dumpIpv4(p, flags, false)}`.trimEnd();
}
