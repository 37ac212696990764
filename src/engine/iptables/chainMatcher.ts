/**
 * The untraced path's rule tests: a chain's matches (ip_packet_match and the match functions,
 * as ruleMatch.ts has them) compiled into one function with one `case` per rule, so a packet
 * runs straight-line comparisons against constants instead of walking match objects.
 *
 * `next(p, ctstate, ct, dir, from, now)` returns the 0-based index of the first rule at or after
 * `from` whose matches all hold, or the number of rules. The interpreter (evalChain.ts) runs
 * the targets; traced calls keep using ruleMatch, which says why a rule did not match.
 *
 * Safety: the rules come from user text, so the generated source holds only numbers and
 * booleans (checked by `num`); interface names and multiport lists are passed in as arrays
 * and referred to by position, never written into the code. Where code cannot be generated
 * (a page whose CSP forbids it), the same function is built from ruleMatch instead.
 */
import type { Conn } from '../conn';
import { CT_INVALID } from '../ctinfo';
import type { Packet } from '../packet';
import type { CMatch, CRule } from './compiled';
import { M } from './compiled';
import { ctExpireMiss, ctTupleMiss } from './ctTupleMatch';
import type { ConntrackMatch } from './model';
import { ruleMatch, STATE_BIT } from './ruleMatch';
import type { IptMeta } from './evalChain';

export type ChainMatcher = (p: Packet, ctstate: number, ct: Conn | null, dir: number, from: number, now: number) => number;

/** A number (or boolean) as source text; anything else is refused. */
function num(x: number | boolean): string {
  if (typeof x === 'boolean') return x ? 'true' : 'false';
  if (typeof x !== 'number' || !Number.isFinite(x)) throw new Error('chainMatcher: not a number');
  return String(x);
}

/** `lo <= v <= hi`, inverted when `inv` (portIn of ruleMatch.ts). */
function portTest(v: string, range: number, inv: boolean): string {
  return `((${v} >= ${num(range >>> 16)} && ${v} <= ${num(range & 0xffff)}) !== ${num(inv)})`;
}

/** The bits of the ctstates (0..4) for which `((bits & STATE_BIT[st]) !== 0) !== inv`. */
function stateSet(bits: number, inv: boolean): number {
  let set = 0;
  for (let st = 0; st < STATE_BIT.length; st++) if (((bits & STATE_BIT[st]) !== 0) !== inv) set |= 1 << st;
  return set;
}

/** One match's test as an expression that is true when it holds (matchOne). */
function matchTest(m: CMatch, j: number): string {
  switch (m.k) {
    case M.TCP:
      return `(p.proto === 6 && ${portTest('p.sport', m.a, m.inv1)} && ${portTest('p.dport', m.b, m.inv2)}` +
        ` && (((p.flags & ${num(m.c)}) === ${num(m.d)}) !== ${num(m.inv3)}))`;
    case M.UDP:
      return `(p.proto === 17 && ${portTest('p.sport', m.a, m.inv1)} && ${portTest('p.dport', m.b, m.inv2)})`;
    case M.ICMP: {
      const hit = m.a === 0xff ? 'true' : `(p.icmpType === ${num(m.a)} && p.icmpCode >= ${num(m.b)} && p.icmpCode <= ${num(m.c)})`;
      return `(p.proto === 1 && ${hit} !== ${num(m.inv1)})`;
    }
    case M.STATE:
      return `((${num(stateSet(m.a, m.inv1))} >> st & 1) === 1)`;
    case M.CONNTRACK: {
      // xt_conntrack: --ctstate on every packet; --ctdir/--ctstatus only with an entry.
      const state = m.a >= 0 ? `((${num(stateSet(m.a, m.inv1))} >> st & 1) === 1)` : 'true';
      const dirOk = m.c >= 0 ? `((dir === 0) === ${num(m.c === 0)})` : 'true';
      const statusOk = m.b >= 0 ? `(((${num(m.b)} & ct.status) !== 0) !== ${num(m.inv2)})` : 'true';
      const tupleOk = m.d !== 0 ? `ctTuple(ms[${num(j)}], ct, now)` : 'true';
      return `(${state} && (st >= ${num(CT_INVALID)} || ct === null ? ${num(m.a >= 0)} : ${dirOk} && ${statusOk} && ${tupleOk}))`;
    }
    case M.MULTIPORT:
      return `multiport(ms[${num(j)}], p)`;
    default:
      return 'true';
  }
}

/** The whole rule's test (ruleMatch): the IP header part, then each match in order. */
function ruleTest(r: CRule, strings: string[], ms: CMatch[]): string {
  const t: string[] = [];
  if (r.smsk !== 0 || r.src !== 0 || r.invSrc) t.push(`(((p.src & ${num(r.smsk)}) !== ${num(r.src)}) === ${num(r.invSrc)})`);
  if (r.dmsk !== 0 || r.dst !== 0 || r.invDst) t.push(`(((p.dst & ${num(r.dmsk)}) !== ${num(r.dst)}) === ${num(r.invDst)})`);
  for (const [on, field, name, prefix, inv] of [
    [r.hasIn, 'p.iif', r.iniface, r.inPrefix, r.invIn],
    [r.hasOut, 'p.oif', r.outiface, r.outPrefix, r.invOut],
  ] as const) {
    if (!on) continue;
    const s = `s[${num(strings.push(name) - 1)}]`;
    t.push(`(${prefix ? `${field}.startsWith(${s})` : `${field} === ${s}`} !== ${num(inv)})`);
  }
  if (r.proto !== 0) t.push(`((p.proto !== ${num(r.proto)}) === ${num(r.invProto)})`);
  for (let i = 0; i < r.nmatches; i++) {
    ms.push(r.matches[i]);
    t.push(matchTest(r.matches[i], ms.length - 1));
  }
  return t.length ? t.join(' && ') : 'true';
}

/** multiport_match: one of the port ranges holds (or none, inverted). */
function multiport(m: CMatch, p: Packet): boolean {
  const ports = m.ports!;
  const s = p.sport;
  const d = p.dport;
  for (let i = 0; i < ports.length; i += 2) {
    const lo = ports[i];
    const hi = ports[i + 1];
    const hit = m.a === 1 ? s >= lo && s <= hi : m.a === 2 ? d >= lo && d <= hi : (s >= lo && s <= hi) || (d >= lo && d <= hi);
    if (hit) return !m.inv1;
  }
  return m.inv1;
}

/** --ctproto, the addresses, ports and --ctexpire of a conntrack match (ctTupleMatch.ts). */
function ctTuple(m: CMatch, ct: Conn, now: number): boolean {
  const cm = m.src as ConntrackMatch;
  return ctTupleMiss(cm, ct) === 0 && ctExpireMiss(cm, ct, now) === 0;
}

/** The same function interpreted: ruleMatch on each rule from `from`. */
function interpreted(rules: CRule[]): ChainMatcher {
  const meta: IptMeta = { ctstate: 0, ct: null, dir: 0, now: 0 };
  return (p, ctstate, ct, dir, from, now) => {
    meta.ctstate = ctstate as IptMeta['ctstate'];
    meta.ct = ct;
    meta.dir = dir as IptMeta['dir'];
    meta.now = now;
    let i = from;
    while (i < rules.length && ruleMatch(rules[i], p, meta) !== 0) i++;
    meta.ct = null;
    return i;
  };
}

/** Rules per generated function: a long chain is compiled in pieces, each when a packet first reaches it. */
export const MATCHER_PIECE = 64;

/** The tests of rules [lo, hi) as one function (`from` in that range); it returns `hi` when none holds. */
function piece(rules: CRule[], lo: number, hi: number): ChainMatcher {
  const strings: string[] = [];
  const ms: CMatch[] = [];
  let body: string;
  try {
    const cases: string[] = [];
    for (let i = lo; i < hi; i++) cases.push(`    case ${num(i)}: if (${ruleTest(rules[i], strings, ms)}) return ${num(i)};`);
    body = `  switch (from) {\n${cases.join('\n')}\n  }\n  return ${num(hi)};`;
  } catch {
    return interpreted(rules.slice(0, hi));
  }
  try {
    const make = new Function('s', 'ms', 'multiport', 'ctTuple', `return function next(p, st, ct, dir, from, now) {\n${body}\n};`);
    return make(strings, ms, multiport, ctTuple) as ChainMatcher;
  } catch {
    return interpreted(rules.slice(0, hi));
  }
}

/**
 * The chain's matcher. Up to MATCHER_PIECE rules: one generated function. Longer chains: one
 * per MATCHER_PIECE rules, generated the first time a packet gets there, so loading 10,000
 * rules costs no code generation for rules no packet has reached yet.
 */
export function chainMatcher(rules: CRule[]): ChainMatcher {
  const n = rules.length;
  if (n <= MATCHER_PIECE) return piece(rules, 0, n);
  const pieces: (ChainMatcher | null)[] = new Array<ChainMatcher | null>(Math.ceil(n / MATCHER_PIECE)).fill(null);
  return (p, st, ct, dir, from, now) => {
    for (let k = (from / MATCHER_PIECE) | 0; k < pieces.length; k++) {
      const lo = k * MATCHER_PIECE;
      const hi = Math.min(n, lo + MATCHER_PIECE);
      const f = pieces[k] ?? (pieces[k] = piece(rules, lo, hi));
      const i = f(p, st, ct, dir, from > lo ? from : lo, now);
      if (i < hi) return i;
    }
    return n;
  };
}
