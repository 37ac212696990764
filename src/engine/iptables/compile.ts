/**
 * Compiles a table into the form the hot path evaluates (the kernel's blob of ipt_entry):
 * numbers, precomputed masks, interface prefixes, chains linked by object, and a jump stack
 * preallocated per table. Cached per Table object in a WeakMap: applyCommand makes a new
 * Table on every structural change, so a cached form never goes stale. Compiled rules keep a
 * reference to their model Rule to bump its counters in place.
 */
import type { Chain, Match, Rule, RejectWith, Table } from './model';
import { TARGET_NONE, type CMatch, M, T } from './compiled';
import type { CChain, CRule, CTable } from './compiled';
import { chainMatcher } from './chainMatcher';
import { hasCtTupleOptions } from './matchConntrack';

const cache = new WeakMap<Table, CTable>();

/** Placeholder until a chain's rules are compiled. */
const NO_MATCHER = (): number => 0;

export function compiledTable(table: Table): CTable {
  let c = cache.get(table);
  if (!c) {
    c = compileTable(table);
    cache.set(table, c);
  }
  return c;
}

/** An interface name without its '+' (a prefix wildcard). */
function ifaceName(name: string): string {
  return name.endsWith('+') ? name.slice(0, -1) : name;
}

function cmatch(m: Match): CMatch {
  const c: CMatch = { k: M.COMMENT, a: 0, b: 0, c: 0, d: 0, inv1: false, inv2: false, inv3: false, ports: null, src: m };
  switch (m.kind) {
    case 'tcp':
      c.k = M.TCP;
      c.a = (m.sport.lo << 16) | m.sport.hi;
      c.b = (m.dport.lo << 16) | m.dport.hi;
      c.c = m.flagsMask;
      c.d = m.flagsCmp;
      c.inv1 = m.invSport;
      c.inv2 = m.invDport;
      c.inv3 = m.invFlags;
      break;
    case 'udp':
      c.k = M.UDP;
      c.a = (m.sport.lo << 16) | m.sport.hi;
      c.b = (m.dport.lo << 16) | m.dport.hi;
      c.inv1 = m.invSport;
      c.inv2 = m.invDport;
      break;
    case 'icmp':
      c.k = M.ICMP;
      c.a = m.type;
      c.b = m.codeMin;
      c.c = m.codeMax;
      c.inv1 = m.inv;
      break;
    case 'state':
      c.k = M.STATE;
      c.a = m.states;
      c.inv1 = m.inv;
      break;
    case 'conntrack':
      c.k = M.CONNTRACK;
      c.a = m.ctstate;
      c.b = m.ctstatus;
      c.c = m.ctdir === null ? -1 : m.ctdir === 'ORIGINAL' ? 0 : 1;
      c.d = hasCtTupleOptions(m) ? 1 : 0;
      c.inv1 = m.invState;
      c.inv2 = m.invStatus;
      break;
    case 'multiport': {
      c.k = M.MULTIPORT;
      c.a = m.flavor === 'sports' ? 1 : m.flavor === 'dports' ? 2 : 3;
      const ports = new Int32Array(m.ports.length * 2);
      m.ports.forEach((r, i) => {
        ports[2 * i] = r.lo;
        ports[2 * i + 1] = r.hi;
      });
      c.ports = ports;
      c.inv1 = m.inv;
      break;
    }
    case 'comment':
      c.k = M.COMMENT;
      break;
  }
  return c;
}

function crule(r: Rule, index: number, chain: CChain): CRule {
  const matches: CMatch[] = [];
  for (const m of r.matches) if (m.kind !== 'comment') matches.push(cmatch(m));
  let tkind: number = TARGET_NONE;
  let reject: RejectWith | null = null;
  let logPrefix = '';
  let logFlags = 0;
  let notrack = false;
  let helper: string | null = null;
  const t = r.target;
  switch (t.kind) {
    case 'none':
      tkind = T.NONE;
      break;
    case 'ACCEPT':
      tkind = T.ACCEPT;
      break;
    case 'DROP':
      tkind = T.DROP;
      break;
    case 'RETURN':
      tkind = T.RETURN;
      break;
    case 'jump':
      tkind = t.goto ? T.GOTO : T.JUMP;
      break;
    case 'REJECT':
      tkind = T.REJECT;
      reject = t.with;
      break;
    case 'LOG':
      tkind = T.LOG;
      logPrefix = t.prefix;
      logFlags = t.flags;
      break;
    case 'CT':
      tkind = T.CT;
      notrack = t.notrack;
      helper = t.notrack ? null : t.helper;
      break;
    case 'NOTRACK':
      tkind = T.CT;
      notrack = true;
      break;
  }
  return {
    rule: r, index, chain,
    src: r.src & r.smsk, smsk: r.smsk, dst: r.dst & r.dmsk, dmsk: r.dmsk, invSrc: r.invSrc, invDst: r.invDst,
    iniface: ifaceName(r.iniface), inPrefix: r.iniface.endsWith('+'), invIn: r.invIn, hasIn: r.iniface !== '' || r.invIn,
    outiface: ifaceName(r.outiface), outPrefix: r.outiface.endsWith('+'), invOut: r.invOut, hasOut: r.outiface !== '' || r.invOut,
    proto: r.proto, invProto: r.invProto,
    matches, nmatches: matches.length,
    tkind, jump: null, reject, logPrefix, logFlags, notrack, helper,
  };
}

export function compileTable(table: Table): CTable {
  const chains = new Map<string, CChain>();
  for (const c of table.chains) {
    chains.set(c.name, { name: c.name, model: c as Chain, builtin: c.policy !== null, rules: [], next: NO_MATCHER });
  }
  for (const c of table.chains) {
    const cc = chains.get(c.name)!;
    cc.rules = c.rules.map((r, i) => crule(r, i + 1, cc));
    for (const cr of cc.rules) {
      if (cr.rule.target.kind === 'jump') cr.jump = chains.get(cr.rule.target.chain) ?? null;
    }
    cc.next = chainMatcher(cc.rules);
  }
  const depth = table.chains.length + 1;
  return {
    name: table.name,
    chains,
    stackChain: new Array<CChain | null>(depth).fill(null),
    stackIdx: new Int32Array(depth),
  };
}
