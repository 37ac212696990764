/**
 * Rules that can never match: an earlier rule of the same chain takes every packet they would
 * take and ends the chain for it (ACCEPT, DROP, REJECT, RETURN or -g), as ipt_do_table walks a
 * chain top to bottom and stops at the first such verdict. What is proved, cheaply:
 *  - an earlier rule with no condition at all shadows everything after it;
 *  - otherwise an earlier rule (among the MAX_PAIRS ending rules before it) whose every
 *    condition is implied by the later rule's: addresses (a wider or equal network), interfaces
 *    (equal, or a `+` prefix), protocol, and each match (equal; tcp/udp port ranges that contain
 *    the later ones; a --state set that contains the later one).
 * Inverted conditions only count when both rules have the same one. Not proved (so not
 * flagged): a rule shadowed by several earlier ones together, or through a jump to a chain.
 */
import type { Match, Rule, Ruleset, TableName, Target } from './model';
import { TABLE_NAMES } from './model';

export interface ShadowedRule {
  table: TableName;
  chain: string;
  /** 0-based index of the rule that cannot match, and of the earlier rule that takes its packets. */
  index: number;
  by: number;
}

/** How many earlier chain-ending rules each rule is compared with (keeps a 10,000-rule chain linear). */
export const MAX_PAIRS = 64;

/** Does the target end the chain for every packet that reaches it? */
function endsChain(t: Target): boolean {
  return t.kind === 'ACCEPT' || t.kind === 'DROP' || t.kind === 'REJECT' || t.kind === 'RETURN' || (t.kind === 'jump' && t.goto);
}

function unconditional(r: Rule): boolean {
  return (
    r.smsk === 0 && !r.invSrc && r.dmsk === 0 && !r.invDst && r.iniface === '' && !r.invIn && r.outiface === '' && !r.invOut &&
    r.proto === 0 && !r.invProto && r.matches.every((m) => m.kind === 'comment')
  );
}

function coversAddr(eAddr: number, eMask: number, eInv: boolean, lAddr: number, lMask: number, lInv: boolean): boolean {
  if (eMask === 0 && !eInv) return true;
  if (eInv || lInv) return eInv === lInv && eMask === lMask && (eAddr & eMask) === (lAddr & lMask);
  return (lMask & eMask) === eMask && (lAddr & eMask) === (eAddr & eMask);
}

function coversIface(e: string, eInv: boolean, l: string, lInv: boolean): boolean {
  if (e === '' && !eInv) return true;
  if (eInv || lInv) return eInv === lInv && e === l;
  if (e.endsWith('+')) return l.startsWith(e.slice(0, -1));
  return e === l;
}

function samePortsOrWider(e: { lo: number; hi: number }, eInv: boolean, l: { lo: number; hi: number }, lInv: boolean): boolean {
  if (eInv || lInv) return eInv === lInv && e.lo === l.lo && e.hi === l.hi;
  return e.lo <= l.lo && e.hi >= l.hi;
}

/** A match that every packet of its protocol passes (the implicit tcp/udp match with no option). */
function trivial(m: Match): boolean {
  if (m.kind === 'comment') return true;
  if (m.kind !== 'tcp' && m.kind !== 'udp') return false;
  const full = (p: { lo: number; hi: number }) => p.lo === 0 && p.hi === 65535;
  return full(m.sport) && full(m.dport) && !m.invSport && !m.invDport && (m.kind === 'udp' || (m.flagsMask === 0 && !m.invFlags));
}

function coversMatch(e: Match, l: Match): boolean {
  if (e.kind !== l.kind) return false;
  if (e.kind === 'tcp' && l.kind === 'tcp') {
    const flags = (e.flagsMask === 0 && !e.invFlags) || (e.flagsMask === l.flagsMask && e.flagsCmp === l.flagsCmp && e.invFlags === l.invFlags);
    return flags && samePortsOrWider(e.sport, e.invSport, l.sport, l.invSport) && samePortsOrWider(e.dport, e.invDport, l.dport, l.invDport);
  }
  if (e.kind === 'udp' && l.kind === 'udp') {
    return samePortsOrWider(e.sport, e.invSport, l.sport, l.invSport) && samePortsOrWider(e.dport, e.invDport, l.dport, l.invDport);
  }
  if (e.kind === 'state' && l.kind === 'state') {
    if (e.inv || l.inv) return e.inv === l.inv && e.states === l.states;
    return (l.states & ~e.states) === 0;
  }
  return JSON.stringify(e) === JSON.stringify(l);
}

/** Does every packet that matches `l` match `e`? (a proof, or false) */
export function covers(e: Rule, l: Rule): boolean {
  if (!coversAddr(e.src, e.smsk, e.invSrc, l.src, l.smsk, l.invSrc)) return false;
  if (!coversAddr(e.dst, e.dmsk, e.invDst, l.dst, l.dmsk, l.invDst)) return false;
  if (!coversIface(e.iniface, e.invIn, l.iniface, l.invIn)) return false;
  if (!coversIface(e.outiface, e.invOut, l.outiface, l.invOut)) return false;
  if (!(e.proto === 0 && !e.invProto) && (e.proto !== l.proto || e.invProto !== l.invProto)) return false;
  for (const m of e.matches) {
    if (trivial(m)) continue;
    if (!l.matches.some((x) => coversMatch(m, x))) return false;
  }
  return true;
}

/** Every rule of the ruleset that an earlier rule of its chain shadows, chain by chain in order. */
export function unreachableRules(rs: Ruleset): ShadowedRule[] {
  const out: ShadowedRule[] = [];
  for (const table of TABLE_NAMES) {
    for (const chain of rs.tables[table].chains) {
      const enders: number[] = [];
      let wall = -1; // the first unconditional chain-ending rule
      chain.rules.forEach((r, i) => {
        let by = wall;
        for (let k = enders.length - 1; by < 0 && k >= Math.max(0, enders.length - MAX_PAIRS); k--) {
          if (covers(chain.rules[enders[k]], r)) by = enders[k];
        }
        if (by >= 0) out.push({ table, chain: chain.name, index: i, by });
        if (endsChain(r.target)) {
          enders.push(i);
          if (wall < 0 && unconditional(r)) wall = i;
        }
      });
    }
  }
  return out;
}
