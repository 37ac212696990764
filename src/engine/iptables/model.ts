/**
 * The ruleset as plain, serializable data: what `iptables-save` shows, as the kernel's
 * `struct ipt_entry` (IP header part + matches + target + counters) holds it.
 *
 * Structure is immutable: `applyCommand` returns new tables and chains. Counters are the one
 * exception: evaluation bumps `packets`/`bytes` of rules and policies in place (as the kernel
 * does), so a UI that shows counters must re-read them after traffic.
 */
import type { Ipv4 } from '../ipv4';

export type TableName = 'raw' | 'filter';
export const TABLE_NAMES: readonly TableName[] = ['raw', 'filter'];

export type Policy = 'ACCEPT' | 'DROP';

/** Built-in chains of each table, in the order iptables lists them. */
export const BUILTIN_CHAINS: Record<TableName, readonly string[]> = {
  raw: ['PREROUTING', 'OUTPUT'],
  filter: ['INPUT', 'FORWARD', 'OUTPUT'],
};

/** Names of the netfilter hooks (built-in chain names are the hook names). */
export type Hook = 'PREROUTING' | 'INPUT' | 'FORWARD' | 'OUTPUT' | 'POSTROUTING';

// ---------------------------------------------------------------- matches

export interface PortRange {
  lo: number;
  hi: number;
}

/** `-m tcp` (implicit with `-p tcp` and --sport/--dport/--syn/--tcp-flags). */
export interface TcpMatch {
  kind: 'tcp';
  sport: PortRange;
  dport: PortRange;
  invSport: boolean;
  invDport: boolean;
  /** --tcp-flags MASK COMP (0/0 when absent); --syn is 0x17/0x02. */
  flagsMask: number;
  flagsCmp: number;
  invFlags: boolean;
}

export interface UdpMatch {
  kind: 'udp';
  sport: PortRange;
  dport: PortRange;
  invSport: boolean;
  invDport: boolean;
}

/** `--icmp-type`: type 255 with codes 0-255 is `any`. */
export interface IcmpMatch {
  kind: 'icmp';
  type: number;
  codeMin: number;
  codeMax: number;
  inv: boolean;
}

/** `-m state --state` (xt_state): `states` holds XT_STATE bits (names.ts). */
export interface StateMatch {
  kind: 'state';
  states: number;
  inv: boolean;
}

/** An address option of `-m conntrack` (--ctorigsrc ...): as given, not masked (libxt_conntrack keeps it so). */
export interface CtAddrOpt {
  addr: Ipv4;
  mask: Ipv4;
  inv: boolean;
}

/** A port option of `-m conntrack` (--ctorigsrcport ...): lo..hi as given (hi < lo never matches). */
export interface CtPortOpt {
  lo: number;
  hi: number;
  inv: boolean;
}

/** `-m conntrack` (xt_conntrack rev 3, struct xt_conntrack_mtinfo3); null/-1 = option absent. */
export interface ConntrackMatch {
  kind: 'conntrack';
  /** XT_CONNTRACK_STATE bits, or -1 when --ctstate is absent. */
  ctstate: number;
  invState: boolean;
  /** IPS_* bits, or -1 when --ctstatus is absent (0 is NONE). */
  ctstatus: number;
  invStatus: boolean;
  /** --ctdir, or null when absent. */
  ctdir: 'ORIGINAL' | 'REPLY' | null;
  /** --ctproto (a protocol number, 0 allowed as iptables 1.8.9 allows it), or -1. */
  ctproto: number;
  invProto: boolean;
  origsrc: CtAddrOpt | null;
  origdst: CtAddrOpt | null;
  replsrc: CtAddrOpt | null;
  repldst: CtAddrOpt | null;
  origsrcport: CtPortOpt | null;
  origdstport: CtPortOpt | null;
  replsrcport: CtPortOpt | null;
  repldstport: CtPortOpt | null;
  /** --ctexpire min[:max] in seconds (min > max never matches), or null. */
  expire: { min: number; max: number; inv: boolean } | null;
}

export interface MultiportMatch {
  kind: 'multiport';
  flavor: 'sports' | 'dports' | 'ports';
  ports: PortRange[];
  inv: boolean;
}

export interface CommentMatch {
  kind: 'comment';
  comment: string;
}

export type Match =
  | TcpMatch
  | UdpMatch
  | IcmpMatch
  | StateMatch
  | ConntrackMatch
  | MultiportMatch
  | CommentMatch;

// ---------------------------------------------------------------- targets

export type RejectWith =
  | 'icmp-net-unreachable'
  | 'icmp-host-unreachable'
  | 'icmp-proto-unreachable'
  | 'icmp-port-unreachable'
  | 'icmp-net-prohibited'
  | 'icmp-host-prohibited'
  | 'tcp-reset'
  | 'icmp-admin-prohibited';

export type Target =
  /** No -j: the rule only counts (XT_CONTINUE). */
  | { kind: 'none' }
  | { kind: 'ACCEPT' }
  | { kind: 'DROP' }
  | { kind: 'RETURN' }
  /** -j CHAIN (goto false) or -g CHAIN (goto true). */
  | { kind: 'jump'; chain: string; goto: boolean }
  | { kind: 'REJECT'; with: RejectWith }
  /** LOG: level 0-7 (4 by default); flags as XT_LOG_* bits (names.ts). */
  | { kind: 'LOG'; prefix: string; level: number; flags: number }
  /** CT (raw table): --notrack and/or --helper NAME; `zone` kept only for printing. */
  | { kind: 'CT'; notrack: boolean; helper: string | null; zone: number }
  | { kind: 'NOTRACK' };

// ---------------------------------------------------------------- rules, chains, tables

export interface Rule {
  /** Source/destination address and mask (signed 32-bit, see ipv4.ts); mask 0 = any. */
  src: Ipv4;
  smsk: Ipv4;
  dst: Ipv4;
  dmsk: Ipv4;
  invSrc: boolean;
  invDst: boolean;
  /** Interface names; '' = any; a trailing '+' is a prefix wildcard. */
  iniface: string;
  outiface: string;
  invIn: boolean;
  invOut: boolean;
  /** IP protocol number; 0 = all. */
  proto: number;
  invProto: boolean;
  matches: Match[];
  target: Target;
  /** The rule as `iptables -S` prints it after "-A CHAIN" (e.g. "-p tcp -m tcp --dport 22 -j ACCEPT"). */
  text: string;
  packets: number;
  bytes: number;
}

export interface Chain {
  name: string;
  /** Policy of a built-in chain; null for a user chain. */
  policy: Policy | null;
  /** Policy counters (built-in chains). */
  packets: number;
  bytes: number;
  rules: Rule[];
}

export interface Table {
  name: TableName;
  /** Built-in chains first (BUILTIN_CHAINS order), then user chains in creation order. */
  chains: Chain[];
}

export interface Ruleset {
  tables: Record<TableName, Table>;
}

export function emptyTable(name: TableName): Table {
  return {
    name,
    chains: BUILTIN_CHAINS[name].map((c) => ({ name: c, policy: 'ACCEPT', packets: 0, bytes: 0, rules: [] })),
  };
}

/** A ruleset with every built-in chain empty and policy ACCEPT (a fresh kernel). */
export function emptyRuleset(): Ruleset {
  return { tables: { raw: emptyTable('raw'), filter: emptyTable('filter') } };
}

export function findChain(table: Table, name: string): Chain | undefined {
  return table.chains.find((c) => c.name === name);
}

export function isBuiltin(table: TableName, chain: string): boolean {
  return BUILTIN_CHAINS[table].includes(chain);
}

/** User chains sorted as libiptc keeps them (strcmp order), for listings. */
export function chainsInListOrder(table: Table): Chain[] {
  const builtins = table.chains.filter((c) => c.policy !== null);
  const user = table.chains.filter((c) => c.policy === null);
  user.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return [...builtins, ...user];
}

/** Number of rules in the table that jump or go to `chain` (the "references" of `-L`). */
export function countReferences(table: Table, chain: string): number {
  let n = 0;
  for (const c of table.chains)
    for (const r of c.rules) if (r.target.kind === 'jump' && r.target.chain === chain) n++;
  return n;
}

/** Zeroes every counter of a table (or one chain) in a new copy; see `applyCommand` -Z. */
export function zeroChain(c: Chain, ruleIndex?: number): Chain {
  if (ruleIndex !== undefined) {
    return { ...c, rules: c.rules.map((r, i) => (i === ruleIndex ? { ...r, packets: 0, bytes: 0 } : r)) };
  }
  return { ...c, packets: 0, bytes: 0, rules: c.rules.map((r) => ({ ...r, packets: 0, bytes: 0 })) };
}
