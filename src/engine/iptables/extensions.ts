/** The extensions this simulator has, and names of real ones it does not (for clear errors). */
import type { Extension } from './ext';
import { commentExt } from './matchComment';
import { conntrackExt } from './matchConntrack';
import { icmpExt } from './matchIcmp';
import { multiportExt } from './matchMultiport';
import { stateExt } from './matchState';
import { tcpExt } from './matchTcp';
import { udpExt } from './matchUdp';
import type { Match, Target } from './model';
import { ctExt, notrackExt } from './targetCt';
import { logExt } from './targetLog';
import { rejectExt } from './targetReject';

export const MATCH_EXTS: Record<Match['kind'], Extension<Match>> = {
  tcp: tcpExt as Extension<Match>,
  udp: udpExt as Extension<Match>,
  icmp: icmpExt as Extension<Match>,
  state: stateExt as Extension<Match>,
  conntrack: conntrackExt as Extension<Match>,
  multiport: multiportExt as Extension<Match>,
  comment: commentExt as Extension<Match>,
};

export type ExtTargetKind = 'REJECT' | 'LOG' | 'CT' | 'NOTRACK';
export const TARGET_EXTS: Record<ExtTargetKind, Extension<Target>> = {
  REJECT: rejectExt as Extension<Target>,
  LOG: logExt as Extension<Target>,
  CT: ctExt as Extension<Target>,
  NOTRACK: notrackExt as Extension<Target>,
};

export function matchExt(name: string): Extension<Match> | null {
  return Object.prototype.hasOwnProperty.call(MATCH_EXTS, name) ? MATCH_EXTS[name as Match['kind']] : null;
}

export function targetExt(name: string): Extension<Target> | null {
  return Object.prototype.hasOwnProperty.call(TARGET_EXTS, name) ? TARGET_EXTS[name as ExtTargetKind] : null;
}

/** Protocol number a match needs on the rule (the kernel's xt_check_match), 0 for none. */
export const MATCH_PROTO: Partial<Record<Match['kind'], number>> = { tcp: 6, udp: 17, icmp: 1 };

/** Real iptables matches this simulator does not model. */
export const UNSUPPORTED_MATCHES = [
  'limit', 'recent', 'mark', 'connmark', 'iprange', 'mac', 'owner', 'string', 'hashlimit', 'set',
  'physdev', 'addrtype', 'length', 'ttl', 'tos', 'dscp', 'pkttype', 'connlimit', 'time', 'helper',
  'u32', 'policy', 'socket', 'statistic', 'quota', 'connbytes', 'esp', 'ah', 'sctp', 'udplite',
  'dccp', 'icmp6', 'tcpmss', 'ecn', 'realm', 'cgroup', 'bpf', 'devgroup', 'cpu', 'nfacct', 'rpfilter',
];

/** Real iptables targets this simulator does not model. */
export const UNSUPPORTED_TARGETS = [
  'SNAT', 'DNAT', 'MASQUERADE', 'REDIRECT', 'NETMAP', 'MARK', 'CONNMARK', 'TCPMSS', 'NFLOG',
  'NFQUEUE', 'TRACE', 'TEE', 'ULOG', 'SET', 'CLASSIFY', 'DSCP', 'TOS', 'TTL', 'AUDIT', 'CHECKSUM',
  'SECMARK', 'CONNSECMARK', 'TPROXY', 'LED', 'IDLETIMER', 'HMARK', 'RATEEST', 'SYNPROXY',
  'CLUSTERIP', 'QUEUE',
];
