/**
 * Runs a built-in chain for a packet: the kernel's ipt_do_table (ip_tables.c) with
 * ip_packet_match and the match functions of xt_tcpudp, ip_tables' icmp_match, xt_state,
 * xt_conntrack and xt_multiport. Rules are tried in order; a rule whose matches all hold has
 * its counters bumped and its target run: ACCEPT/DROP/REJECT end the walk, a jump pushes the
 * return position, goto does not, RETURN (or the end of a user chain) pops, and popping from
 * the built-in chain, or reaching its end, applies the policy (whose counters are bumped).
 * LOG and CT continue with the next rule. Fragments and protocol matches on ICMP errors'
 * inner headers are not modelled.
 *
 * Allocation-free unless a Tracer is given or a LOG rule fires.
 */
import type { Conn } from '../conn';
import type { CtState, Dir } from '../ctinfo';
import { CT_STATE_NAMES, DIR_NAMES, NF_ACCEPT, NF_DROP } from '../ctinfo';
import { formatIpv4 } from '../ipv4';
import type { Packet } from '../packet';
import type { Tracer } from '../trace';
import { formatAddrMaskList } from './addr';
import { compiledTable } from './compile';
import type { CChain, CRule, CTable } from './compiled';
import { M, T } from './compiled';
import { IPT_NOMATCH } from './iptReasons';
import { nfLogLine } from './log';
import type { ConntrackMatch, RejectWith, Ruleset, Table, TableName } from './model';
import { bitsToNames, CTSTATE_NAMES, CTSTATUS_NAMES, STATE_NAMES } from './names';
import { protoText, ruleText } from './rulePrint';
import { ruleMatch } from './ruleMatch';
import { CT_MISS_ADDR, CT_MISS_EXPIRE, CT_MISS_PORT, CT_MISS_PROTO, ctExpiresSeconds } from './ctTupleMatch';
import { conntrackExt } from './matchConntrack';
import { tcpFlagsText } from './matchTcp';

/** What conntrack knows about the packet when the rules run. */
export interface IptMeta {
  ctstate: CtState;
  /** The connection (null for INVALID and UNTRACKED packets). */
  ct: Conn | null;
  dir: Dir;
  /** The current time (ms), for --ctexpire. */
  now: number;
}

/** The outcome of a hook; reuse one object across packets (`makeIptVerdict`). */
export interface IptVerdict {
  /** NF_ACCEPT or NF_DROP. */
  verdict: number;
  /** 1-based index in the built-in chain of the first rule whose matches all held; 0 if none. */
  rule: number;
  /** Whether a rule's terminating target or the chain policy decided. */
  decidedBy: 'rule' | 'policy';
  /** The deciding rule: its table, chain and 1-based index (index 0 = the policy of `chain`). */
  decisiveTable: TableName;
  decisiveChain: string;
  decisiveIndex: number;
  /**
   * Raw table CT effects. `ctSet`: a CT or NOTRACK target has given the packet its conntrack
   * template (skb->_nfct); as in xt_ct_target / notrack_tg, every later one does nothing.
   */
  ctSet: boolean;
  notrack: boolean;
  helper: string | null;
  /** The REJECT type when REJECT fired (the verdict is then NF_DROP), else null. */
  reject: RejectWith | null;
  /** Lines LOG rules wrote, as the kernel log shows them. */
  logs: string[];
  /** With a tracer only: every rule looked at, in order, and the policy if it applied. */
  steps: IptStep[];
}

/** One rule (or the policy, index 0) the packet met. */
export interface IptStep {
  chain: string;
  index: number;
  /** "-A CHAIN ..." as iptables -S prints it, or "-P CHAIN POLICY". */
  text: string;
  matched: boolean;
  decisive: boolean;
}

function step(out: IptVerdict, r: CRule, matched: boolean): void {
  const t = r.rule.text;
  out.steps.push({ chain: r.chain.name, index: r.index, text: t ? `-A ${r.chain.name} ${t}` : `-A ${r.chain.name}`, matched, decisive: false });
}

export function makeIptVerdict(): IptVerdict {
  return {
    verdict: NF_ACCEPT, rule: 0, decidedBy: 'policy', decisiveTable: 'filter', decisiveChain: '',
    decisiveIndex: 0, ctSet: false, notrack: false, helper: null, reject: null, logs: [], steps: [],
  };
}

interface LookupCache {
  table: Table | null;
  chain: string;
  ct: CTable | null;
  base: CChain | undefined;
}
const cacheA: LookupCache = { table: null, chain: '', ct: null, base: undefined };
const cacheB: LookupCache = { table: null, chain: '', ct: null, base: undefined };
let cacheNext = 0;

/**
 * A CT or NOTRACK target (xt_ct_target / notrack_tg): only the first one gives the packet its
 * conntrack template; later ones do nothing. Returns false for such a later one. Shared by the
 * traced and the untraced walk.
 */
function takeCtTarget(out: IptVerdict, r: CRule): boolean {
  if (out.ctSet) return false;
  out.ctSet = true;
  if (r.notrack) out.notrack = true;
  else out.helper = r.helper;
  return true;
}

/** No rule decided: the built-in chain's policy does, and its counters count the packet. */
function applyPolicy(base: CChain, pkt: Packet, out: IptVerdict): void {
  const model = base.model;
  model.packets++;
  model.bytes += pkt.len;
  out.verdict = model.policy === 'DROP' ? NF_DROP : NF_ACCEPT;
  out.decidedBy = 'policy';
  out.decisiveChain = base.name;
  out.decisiveIndex = 0;
}

function resetVerdict(out: IptVerdict, table: TableName, chain: string): void {
  out.verdict = NF_ACCEPT;
  out.rule = 0;
  out.decidedBy = 'policy';
  out.decisiveTable = table;
  out.decisiveChain = chain;
  out.decisiveIndex = 0;
  out.ctSet = false;
  out.notrack = false;
  out.helper = null;
  out.reject = null;
  // (setting an array's length is a runtime call: only when there is something to clear)
  if (out.logs.length !== 0) out.logs.length = 0;
  if (out.steps.length !== 0) out.steps.length = 0;
}

/**
 * The compiled table and built-in chain for (table, chain), through a small inline cache in
 * front of the compiled-table and chain lookups: the node calls the same few pairs for every
 * packet.
 */
function lookup(rs: Ruleset, table: TableName, chain: string): LookupCache {
  const t = rs.tables[table];
  if (t === cacheA.table && chain === cacheA.chain) return cacheA;
  if (t === cacheB.table && chain === cacheB.chain) return cacheB;
  const ct = compiledTable(t);
  const slot = cacheNext === 0 ? cacheA : cacheB;
  cacheNext ^= 1;
  slot.table = t;
  slot.chain = chain;
  slot.ct = ct;
  slot.base = ct.chains.get(chain);
  return slot;
}

/**
 * Evaluates built-in chain `chain` of table `table` for `pkt`, filling `out`. A chain the
 * table does not have (raw FORWARD) accepts without looking at anything.
 */
export function runHook(
  rs: Ruleset,
  table: TableName,
  chain: string,
  pkt: Packet,
  meta: IptMeta,
  out: IptVerdict,
  tracer: Tracer | null = null,
): IptVerdict {
  if (tracer === null) return runHookUntraced(rs, table, chain, pkt, meta.ctstate, meta.ct, meta.dir, out, meta.now);
  resetVerdict(out, table, chain);
  const hit = lookup(rs, table, chain);
  const ct = hit.ct!;
  const base = hit.base;
  if (!base || !base.builtin) return out;
  const stackChain = ct.stackChain;
  const stackIdx = ct.stackIdx;
  let sp = 0;
  let c: CChain = base;
  let i = 0;
  tracer.reason('ipt.chain-enter', { table, chain, rules: c.rules.length });

  for (;;) {
    if (i >= c.rules.length) {
      // end of chain: a user chain returns; the built-in chain falls to its policy
      if (c === base || sp === 0) break;
      if (tracer) tracer.reason('ipt.chain-end', { table, chain: c.name });
      sp--;
      c = stackChain[sp]!;
      i = stackIdx[sp];
      continue;
    }
    const r = c.rules[i];
    const miss = ruleMatch(r, pkt, meta);
    if (miss !== 0) {
      if (tracer) {
        step(out, r, false);
        traceNoMatch(tracer, table, r, miss, pkt, meta);
      }
      i++;
      continue;
    }
    r.rule.packets++;
    r.rule.bytes += pkt.len;
    if (c === base && out.rule === 0) out.rule = r.index;
    if (tracer) {
      step(out, r, true);
      tracer.reason('ipt.rule-matched', { table, chain: c.name, index: r.index, rule: r.rule.text });
    }
    switch (r.tkind) {
      case T.ACCEPT:
      case T.DROP:
      case T.REJECT:
        out.verdict = r.tkind === T.ACCEPT ? NF_ACCEPT : NF_DROP;
        out.reject = r.reject;
        out.decidedBy = 'rule';
        out.decisiveChain = c.name;
        out.decisiveIndex = r.index;
        if (tracer) {
          out.steps[out.steps.length - 1].decisive = true;
          if (r.reject) tracer.reason('ipt.reject', { table, chain: c.name, index: r.index, with: r.reject });
          else tracer.reason('ipt.verdict', { table, chain: c.name, index: r.index, verdict: r.tkind === T.ACCEPT ? 'ACCEPT' : 'DROP' });
        }
        return out;
      case T.RETURN:
        if (tracer) tracer.reason('ipt.return', { table, chain: c.name, index: r.index });
        if (sp === 0) {
          c = base;
          i = base.rules.length;
          continue;
        }
        sp--;
        c = stackChain[sp]!;
        i = stackIdx[sp];
        continue;
      case T.JUMP:
        if (tracer) tracer.reason('ipt.jump', { table, chain: c.name, index: r.index, target: r.jump!.name });
        stackChain[sp] = c;
        stackIdx[sp] = i + 1;
        sp++;
        c = r.jump!;
        i = 0;
        continue;
      case T.GOTO:
        if (tracer) tracer.reason('ipt.goto', { table, chain: c.name, index: r.index, target: r.jump!.name });
        c = r.jump!;
        i = 0;
        continue;
      case T.LOG: {
        const line = nfLogLine(r.logPrefix, pkt, r.logFlags);
        out.logs.push(line);
        if (tracer) tracer.reason('ipt.log', { table, chain: c.name, index: r.index, line });
        i++;
        continue;
      }
      case T.CT:
        if (!takeCtTarget(out, r)) {
          if (tracer) tracer.reason('ipt.ct-ignored', { table, chain: c.name, index: r.index });
        } else if (tracer) {
          if (r.notrack) tracer.reason('ipt.ct-notrack', { table, chain: c.name, index: r.index });
          else if (r.helper !== null) tracer.reason('ipt.ct-helper', { table, chain: c.name, index: r.index, helper: r.helper });
          else tracer.reason('ipt.ct-template', { table, chain: c.name, index: r.index });
        }
        i++;
        continue;
      default:
        if (tracer) tracer.reason('ipt.continue', { table, chain: c.name, index: r.index });
        i++;
        continue;
    }
  }
  applyPolicy(base, pkt, out);
  const model = base.model;
  if (tracer) {
    out.steps.push({ chain: base.name, index: 0, text: `-P ${base.name} ${model.policy}`, matched: true, decisive: true });
    tracer.reason('ipt.policy', { table, chain: base.name, verdict: model.policy ?? 'ACCEPT' });
  }
  return out;
}

/**
 * runHook without a tracer (the hot path): the same walk, with each chain's tests compiled
 * (chainMatcher.ts) and nothing recorded but the verdict, the counters and LOG's lines.
 */
export function runHookUntraced(
  rs: Ruleset,
  table: TableName,
  chain: string,
  pkt: Packet,
  ctstate: CtState,
  conn: Conn | null,
  dir: Dir,
  out: IptVerdict,
  now = 0,
): IptVerdict {
  resetVerdict(out, table, chain);
  const hit = lookup(rs, table, chain);
  const base = hit.base;
  if (!base || !base.builtin) return out;
  const ct = hit.ct!;
  const stackChain = ct.stackChain;
  const stackIdx = ct.stackIdx;
  let sp = 0;
  let c: CChain = base;
  let i = 0;
  for (;;) {
    i = c.next(pkt, ctstate, conn, dir, i, now);
    if (i >= c.rules.length) {
      // end of chain: a user chain returns; the built-in chain falls to its policy
      if (c === base || sp === 0) break;
      sp--;
      c = stackChain[sp]!;
      i = stackIdx[sp];
      continue;
    }
    const r = c.rules[i];
    r.rule.packets++;
    r.rule.bytes += pkt.len;
    if (c === base && out.rule === 0) out.rule = r.index;
    switch (r.tkind) {
      case T.ACCEPT:
      case T.DROP:
      case T.REJECT:
        out.verdict = r.tkind === T.ACCEPT ? NF_ACCEPT : NF_DROP;
        out.reject = r.reject;
        out.decidedBy = 'rule';
        out.decisiveChain = c.name;
        out.decisiveIndex = r.index;
        return out;
      case T.RETURN:
        if (sp === 0) {
          c = base;
          i = base.rules.length;
          continue;
        }
        sp--;
        c = stackChain[sp]!;
        i = stackIdx[sp];
        continue;
      case T.JUMP:
        stackChain[sp] = c;
        stackIdx[sp] = i + 1;
        sp++;
        c = r.jump!;
        i = 0;
        continue;
      case T.GOTO:
        c = r.jump!;
        i = 0;
        continue;
      case T.LOG:
        out.logs.push(nfLogLine(r.logPrefix, pkt, r.logFlags));
        i++;
        continue;
      case T.CT:
        takeCtTarget(out, r);
        i++;
        continue;
      default:
        i++;
        continue;
    }
  }
  applyPolicy(base, pkt, out);
  return out;
}

// ---------------------------------------------------------------- explanations (tracer only)

function fill(template: string, value: string, want: string): string {
  return template.replace('{value}', value).replace('{want}', want);
}

function portsWant(range: number, inv: boolean): string {
  const lo = range >>> 16;
  const hi = range & 0xffff;
  return (inv ? 'not ' : '') + (lo === hi ? `${lo}` : `${lo}:${hi}`);
}

/** Why the entry-side options of a conntrack match failed (ctTupleMatch.ts codes). */
function ctMissText(code: number, m: ConntrackMatch, meta: IptMeta): string {
  const ct = meta.ct!;
  const want = conntrackExt.save(m).trim();
  const ip = formatIpv4;
  if (code === CT_MISS_ADDR) {
    return fill(IPT_NOMATCH.ctaddr, `original ${ip(ct.oSrc)} -> ${ip(ct.oDst)}, reply ${ip(ct.rSrc)} -> ${ip(ct.rDst)}`, want);
  }
  if (code === CT_MISS_PROTO) return fill(IPT_NOMATCH.ctproto, protoText(ct.proto), want);
  if (code === CT_MISS_PORT) {
    return fill(IPT_NOMATCH.ctport, `original ${ct.oSport} -> ${ct.oDport}, reply ${ct.rSport} -> ${ct.rDport}`, want);
  }
  return fill(IPT_NOMATCH.ctexpire, String(ctExpiresSeconds(ct, meta.now)), want);
}

function traceNoMatch(tracer: Tracer, table: TableName, r: CRule, code: number, p: Packet, meta: IptMeta): void {
  let why: string;
  const rule = r.rule;
  const not = (inv: boolean) => (inv ? 'not ' : '');
  if (code === -1) why = fill(IPT_NOMATCH.src, formatIpv4(p.src), not(r.invSrc) + formatAddrMaskList(r.src, r.smsk));
  else if (code === -2) why = fill(IPT_NOMATCH.dst, formatIpv4(p.dst), not(r.invDst) + formatAddrMaskList(r.dst, r.dmsk));
  else if (code === -3) why = fill(IPT_NOMATCH.iif, p.iif, not(r.invIn) + rule.iniface);
  else if (code === -4) why = fill(IPT_NOMATCH.oif, p.oif, not(r.invOut) + rule.outiface);
  else if (code === -5) why = fill(IPT_NOMATCH.proto, protoText(p.proto), not(r.invProto) + protoText(r.proto));
  else {
    const m = r.matches[(code >> 4) - 1];
    const sub = code & 15;
    const stateName = CT_STATE_NAMES[meta.ctstate];
    switch (sub) {
      case 1:
        why = fill(IPT_NOMATCH.sport, String(p.sport), portsWant(m.a, m.inv1));
        break;
      case 2:
        why = fill(IPT_NOMATCH.dport, String(p.dport), portsWant(m.b, m.inv2));
        break;
      case 3:
        why = fill(IPT_NOMATCH.flags, tcpFlagsText(p.flags & m.c), `${not(m.inv3)}${tcpFlagsText(m.d)} (of ${tcpFlagsText(m.c)})`);
        break;
      case 4:
        why = fill(IPT_NOMATCH.icmp, `${p.icmpType}/${p.icmpCode}`, not(m.inv1) + (m.a === 0xff ? 'any' : `${m.a}`));
        break;
      case 5:
        why = fill(IPT_NOMATCH.state, stateName, not(m.inv1) + bitsToNames(m.a, m.k === M.STATE ? STATE_NAMES : CTSTATE_NAMES));
        break;
      case 6:
        why = fill(IPT_NOMATCH.ctstatus, bitsToNames(meta.ct?.status ?? 0, CTSTATUS_NAMES) || 'NONE', not(m.inv2) + (bitsToNames(m.b, CTSTATUS_NAMES) || 'NONE'));
        break;
      case 7:
        why = fill(IPT_NOMATCH.ctdir, DIR_NAMES[meta.dir].toUpperCase(), m.c === 0 ? 'ORIGINAL' : 'REPLY');
        break;
      case 8:
        why = fill(IPT_NOMATCH.notrack, stateName, '--ctstatus/--ctdir');
        break;
      case CT_MISS_ADDR:
      case CT_MISS_PROTO:
      case CT_MISS_PORT:
      case CT_MISS_EXPIRE:
        why = ctMissText(sub, m.src as ConntrackMatch, meta);
        break;
      default:
        why = fill(IPT_NOMATCH.ports, `${p.sport}->${p.dport}`, ruleText({ ...rule, matches: [m.src], target: { kind: 'none' }, smsk: 0, dmsk: 0, invSrc: false, invDst: false, iniface: '', outiface: '', invIn: false, invOut: false, proto: 0, invProto: false }));
    }
  }
  tracer.reason('ipt.rule-nomatch', { table, chain: r.chain.name, index: r.index, rule: rule.text, why });
}
