/** Types of the compiled table (compile.ts) that evalChain.ts runs. */
import type { ChainMatcher } from './chainMatcher';
import type { Chain, Match, RejectWith, Rule, TableName } from './model';

/** Match kinds. */
export const M = { TCP: 1, UDP: 2, ICMP: 3, STATE: 4, CONNTRACK: 5, MULTIPORT: 6, COMMENT: 7 } as const;
/** Target kinds. */
export const T = { NONE: 0, ACCEPT: 1, DROP: 2, RETURN: 3, JUMP: 4, GOTO: 5, REJECT: 6, LOG: 7, CT: 8 } as const;
export const TARGET_NONE = T.NONE;

/**
 * One compiled match, a single shape for all kinds (monomorphic on the hot path):
 * tcp/udp: a = sport lo<<16|hi, b = dport lo<<16|hi, c/d = flag mask/cmp, inv1-3 = sport/dport/flags;
 * icmp: a = type, b..c = code range; state: a = XT_STATE bits; conntrack: a = ctstate (-1 absent),
 * b = ctstatus (-1 absent), c = ctdir (-1, 0 ORIGINAL, 1 REPLY), d = 1 when an address, protocol,
 * port or expiry option is given (ctTupleMatch.ts reads those from `src`); multiport: a = 1 src/2
 * dst/3 either.
 */
export interface CMatch {
  k: number;
  a: number;
  b: number;
  c: number;
  d: number;
  inv1: boolean;
  inv2: boolean;
  inv3: boolean;
  ports: Int32Array | null;
  src: Match;
}

export interface CRule {
  rule: Rule;
  /** 1-based position in its chain. */
  index: number;
  chain: CChain;
  src: number;
  smsk: number;
  dst: number;
  dmsk: number;
  invSrc: boolean;
  invDst: boolean;
  iniface: string;
  inPrefix: boolean;
  invIn: boolean;
  hasIn: boolean;
  outiface: string;
  outPrefix: boolean;
  invOut: boolean;
  hasOut: boolean;
  proto: number;
  invProto: boolean;
  matches: CMatch[];
  nmatches: number;
  tkind: number;
  jump: CChain | null;
  reject: RejectWith | null;
  logPrefix: string;
  logFlags: number;
  notrack: boolean;
  helper: string | null;
}

export interface CChain {
  name: string;
  model: Chain;
  builtin: boolean;
  rules: CRule[];
  /** The rules' tests compiled for the untraced path (chainMatcher.ts). */
  next: ChainMatcher;
}

export interface CTable {
  name: TableName;
  chains: Map<string, CChain>;
  /** The jump stack (ipt_do_table's jumpstack): return chain and rule position. */
  stackChain: (CChain | null)[];
  stackIdx: Int32Array;
}
