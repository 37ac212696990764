/**
 * The name tables iptables uses: protocols (/etc/protocols), services (/etc/services, the
 * usual ports), ICMP types (libxt_icmp), TCP flag names (libxt_tcp), REJECT types
 * (libipt_REJECT), LOG levels (libxt_LOG) and conntrack state/status names (libxt_conntrack).
 * Values copied from Debian 12's iptables 1.8.9 and netbase.
 */
import { IPS_ASSURED, IPS_CONFIRMED, IPS_EXPECTED, IPS_SEEN_REPLY } from '../status';
import type { RejectWith } from './model';

// ---------------------------------------------------------------- protocols

/** Protocol names iptables prints (-S and -L without -n), from /etc/protocols. */
export const PROTO_NAMES: Record<number, string> = {
  1: 'icmp', 2: 'igmp', 4: 'ipencap', 6: 'tcp', 8: 'egp', 17: 'udp', 33: 'dccp', 41: 'ipv6',
  46: 'rsvp', 47: 'gre', 50: 'esp', 51: 'ah', 58: 'ipv6-icmp', 89: 'ospf', 94: 'ipip',
  103: 'pim', 112: 'vrrp', 132: 'sctp', 135: 'mobility-header', 136: 'udplite',
};

/** Names accepted by -p besides numbers (case-insensitive; "all" is 0). */
export function protoByName(name: string): number | null {
  const n = name.toLowerCase();
  if (n === 'all') return 0;
  return PROTO_BY_NAME.get(n) ?? (n === 'mh' ? 135 : null);
}
const PROTO_BY_NAME: ReadonlyMap<string, number> = new Map(Object.entries(PROTO_NAMES).map(([k, v]) => [v, Number(k)]));

// ---------------------------------------------------------------- services

/** The services iptables shows by name in `-L` without -n (tcp and udp as /etc/services lists them). */
const SERVICES: [number, string, 'tcp' | 'udp' | 'both'][] = [
  [20, 'ftp-data', 'tcp'], [21, 'ftp', 'tcp'], [22, 'ssh', 'tcp'], [23, 'telnet', 'tcp'],
  [25, 'smtp', 'tcp'], [53, 'domain', 'both'], [67, 'bootps', 'udp'], [68, 'bootpc', 'udp'],
  [69, 'tftp', 'udp'], [80, 'http', 'tcp'], [88, 'kerberos', 'both'], [110, 'pop3', 'tcp'],
  [111, 'sunrpc', 'both'], [113, 'auth', 'tcp'], [119, 'nntp', 'tcp'], [123, 'ntp', 'udp'],
  [135, 'epmap', 'tcp'], [137, 'netbios-ns', 'udp'], [139, 'netbios-ssn', 'tcp'],
  [143, 'imap2', 'tcp'], [161, 'snmp', 'both'], [389, 'ldap', 'both'], [443, 'https', 'both'],
  [445, 'microsoft-ds', 'tcp'], [500, 'isakmp', 'udp'], [514, 'syslog', 'udp'],
  [515, 'printer', 'tcp'], [587, 'submission', 'tcp'], [631, 'ipp', 'tcp'], [873, 'rsync', 'tcp'],
  [993, 'imaps', 'tcp'], [995, 'pop3s', 'tcp'], [1194, 'openvpn', 'both'], [1433, 'ms-sql-s', 'tcp'],
  [3306, 'mysql', 'tcp'], [3389, 'ms-wbt-server', 'tcp'], [5060, 'sip', 'both'],
  [5432, 'postgresql', 'tcp'], [6000, 'x11', 'tcp'], [6379, 'redis', 'tcp'], [8080, 'http-alt', 'tcp'],
];
/** Aliases /etc/services lists, accepted on input. */
const SERVICE_ALIASES: ReadonlyMap<string, number> = new Map(Object.entries({
  www: 80, mail: 25, 'pop-3': 110, imap: 143, postgres: 5432, webcache: 8080, portmapper: 111,
}));

/** The port a service name stands for with protocol `proto` (6/17; others try tcp then udp). */
export function serviceByName(name: string, proto: number): number | null {
  for (const [port, n, p] of SERVICES) {
    if (n !== name) continue;
    if (p === 'both' || (proto === 17 ? p === 'udp' : proto === 6 ? p === 'tcp' : true)) return port;
  }
  return SERVICE_ALIASES.get(name) ?? null;
}

/** The service name `-L` prints for a port, or null to print the number. */
export function serviceName(port: number, proto: number): string | null {
  for (const [p, n, pr] of SERVICES) {
    if (p !== port) continue;
    if (pr === 'both' || (proto === 17 ? pr === 'udp' : pr === 'tcp')) return n;
  }
  return null;
}

// ---------------------------------------------------------------- ICMP types

export interface IcmpName {
  name: string;
  type: number;
  codeMin: number;
  codeMax: number;
}

/** libxt_icmp's table, in its order (names are matched by case-insensitive prefix). */
export const ICMP_NAMES: IcmpName[] = [
  { name: 'any', type: 0xff, codeMin: 0, codeMax: 0xff },
  { name: 'echo-reply', type: 0, codeMin: 0, codeMax: 0xff },
  { name: 'pong', type: 0, codeMin: 0, codeMax: 0xff },
  { name: 'destination-unreachable', type: 3, codeMin: 0, codeMax: 0xff },
  { name: 'network-unreachable', type: 3, codeMin: 0, codeMax: 0 },
  { name: 'host-unreachable', type: 3, codeMin: 1, codeMax: 1 },
  { name: 'protocol-unreachable', type: 3, codeMin: 2, codeMax: 2 },
  { name: 'port-unreachable', type: 3, codeMin: 3, codeMax: 3 },
  { name: 'fragmentation-needed', type: 3, codeMin: 4, codeMax: 4 },
  { name: 'source-route-failed', type: 3, codeMin: 5, codeMax: 5 },
  { name: 'network-unknown', type: 3, codeMin: 6, codeMax: 6 },
  { name: 'host-unknown', type: 3, codeMin: 7, codeMax: 7 },
  { name: 'network-prohibited', type: 3, codeMin: 9, codeMax: 9 },
  { name: 'host-prohibited', type: 3, codeMin: 10, codeMax: 10 },
  { name: 'TOS-network-unreachable', type: 3, codeMin: 11, codeMax: 11 },
  { name: 'TOS-host-unreachable', type: 3, codeMin: 12, codeMax: 12 },
  { name: 'communication-prohibited', type: 3, codeMin: 13, codeMax: 13 },
  { name: 'host-precedence-violation', type: 3, codeMin: 14, codeMax: 14 },
  { name: 'precedence-cutoff', type: 3, codeMin: 15, codeMax: 15 },
  { name: 'source-quench', type: 4, codeMin: 0, codeMax: 0xff },
  { name: 'redirect', type: 5, codeMin: 0, codeMax: 0xff },
  { name: 'network-redirect', type: 5, codeMin: 0, codeMax: 0 },
  { name: 'host-redirect', type: 5, codeMin: 1, codeMax: 1 },
  { name: 'TOS-network-redirect', type: 5, codeMin: 2, codeMax: 2 },
  { name: 'TOS-host-redirect', type: 5, codeMin: 3, codeMax: 3 },
  { name: 'echo-request', type: 8, codeMin: 0, codeMax: 0xff },
  { name: 'ping', type: 8, codeMin: 0, codeMax: 0xff },
  { name: 'router-advertisement', type: 9, codeMin: 0, codeMax: 0xff },
  { name: 'router-solicitation', type: 10, codeMin: 0, codeMax: 0xff },
  { name: 'time-exceeded', type: 11, codeMin: 0, codeMax: 0xff },
  { name: 'ttl-exceeded', type: 11, codeMin: 0, codeMax: 0xff },
  { name: 'ttl-zero-during-transit', type: 11, codeMin: 0, codeMax: 0 },
  { name: 'ttl-zero-during-reassembly', type: 11, codeMin: 1, codeMax: 1 },
  { name: 'parameter-problem', type: 12, codeMin: 0, codeMax: 0xff },
  { name: 'ip-header-bad', type: 12, codeMin: 0, codeMax: 0 },
  { name: 'required-option-missing', type: 12, codeMin: 1, codeMax: 1 },
  { name: 'timestamp-request', type: 13, codeMin: 0, codeMax: 0xff },
  { name: 'timestamp-reply', type: 14, codeMin: 0, codeMax: 0xff },
  { name: 'address-mask-request', type: 17, codeMin: 0, codeMax: 0xff },
  { name: 'address-mask-reply', type: 18, codeMin: 0, codeMax: 0xff },
];

// ---------------------------------------------------------------- TCP flags

/** libxt_tcp's flag names; ALL is the six classic flags. Printed in this (bit) order. */
export const TCP_FLAG_NAMES: [string, number][] = [
  ['FIN', 0x01], ['SYN', 0x02], ['RST', 0x04], ['PSH', 0x08], ['ACK', 0x10], ['URG', 0x20],
  ['ALL', 0x3f], ['NONE', 0],
];

// ---------------------------------------------------------------- REJECT

/** libipt_REJECT's table: name, alias (matched by case-insensitive prefix, first wins). */
export const REJECT_NAMES: [RejectWith, string][] = [
  ['icmp-net-unreachable', 'net-unreach'],
  ['icmp-host-unreachable', 'host-unreach'],
  ['icmp-proto-unreachable', 'proto-unreach'],
  ['icmp-port-unreachable', 'port-unreach'],
  ['icmp-net-prohibited', 'net-prohib'],
  ['icmp-host-prohibited', 'host-prohib'],
  ['tcp-reset', 'tcp-rst'],
  ['icmp-admin-prohibited', 'admin-prohib'],
];

/** The ICMP destination-unreachable code each REJECT type sends (nf_reject_ipv4). */
export const REJECT_ICMP_CODE: Record<RejectWith, number> = {
  'icmp-net-unreachable': 0,
  'icmp-host-unreachable': 1,
  'icmp-proto-unreachable': 2,
  'icmp-port-unreachable': 3,
  'icmp-net-prohibited': 9,
  'icmp-host-prohibited': 10,
  'icmp-admin-prohibited': 13,
  'tcp-reset': -1,
};

// ---------------------------------------------------------------- LOG

/** Level names accepted by --log-level (syslog names; 'panic' and 'error' are deprecated aliases). */
export const LOG_LEVEL_INPUT: ReadonlyMap<string, number> = new Map(Object.entries({
  emerg: 0, panic: 0, alert: 1, crit: 2, error: 3, warning: 4, notice: 5, info: 6, debug: 7,
}));
/** Level names `-L` prints (without -n). */
export const LOG_LEVEL_PRINT = ['emerg', 'alert', 'crit', 'err', 'warn', 'notice', 'info', 'debug'];

/** XT_LOG_* flags and their option and -L names, in print order. */
export const LOG_FLAGS: [number, string, string][] = [
  [0x01, '--log-tcp-sequence', 'tcp-sequence'],
  [0x02, '--log-tcp-options', 'tcp-options'],
  [0x04, '--log-ip-options', 'ip-options'],
  [0x08, '--log-uid', 'uid'],
  [0x20, '--log-macdecode', 'macdecode'],
];

// ---------------------------------------------------------------- conntrack states

/** XT_STATE bits (xt_state.h): INVALID 1, ESTABLISHED 2, RELATED 4, NEW 8, UNTRACKED 64. */
export const XT_STATE_INVALID = 1;
export const XT_STATE_ESTABLISHED = 2;
export const XT_STATE_RELATED = 4;
export const XT_STATE_NEW = 8;
export const XT_STATE_UNTRACKED = 64;
/** xt_conntrack's extra --ctstate bits. */
export const XT_CONNTRACK_STATE_SNAT = 128;
export const XT_CONNTRACK_STATE_DNAT = 256;

/** State names in the order iptables prints them. */
export const STATE_NAMES: [string, number][] = [
  ['INVALID', XT_STATE_INVALID],
  ['NEW', XT_STATE_NEW],
  ['RELATED', XT_STATE_RELATED],
  ['ESTABLISHED', XT_STATE_ESTABLISHED],
  ['UNTRACKED', XT_STATE_UNTRACKED],
];
export const CTSTATE_NAMES: [string, number][] = [
  ...STATE_NAMES,
  ['SNAT', XT_CONNTRACK_STATE_SNAT],
  ['DNAT', XT_CONNTRACK_STATE_DNAT],
];
export const CTSTATUS_NAMES: [string, number][] = [
  ['NONE', 0],
  ['EXPECTED', IPS_EXPECTED],
  ['SEEN_REPLY', IPS_SEEN_REPLY],
  ['ASSURED', IPS_ASSURED],
  ['CONFIRMED', IPS_CONFIRMED],
];

/** "RELATED,ESTABLISHED" from bits, in print order. */
export function bitsToNames(bits: number, names: [string, number][]): string {
  const out: string[] = [];
  for (const [n, b] of names) if (b !== 0 && bits & b) out.push(n);
  return out.join(',');
}
