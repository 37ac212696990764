/**
 * The calls the netfilter node (src/engine/netfilterNode.ts) makes, in the shape it uses:
 * positional conntrack arguments, a reusable result that also knows the deciding rule's text
 * and builds REJECT's answer, and console helpers that return what the real tool prints
 * together with its exit status.
 */
import type { Conn } from '../conn';
import type { CtState, Dir } from '../ctinfo';
import type { Ipv4 } from '../ipv4';
import type { Packet } from '../packet';
import type { Tracer } from '../trace';
import { applyCommand } from './applyCommand';
import type { IptError, IptResult, Pos } from './errors';
import type { IptMeta, IptStep, IptVerdict } from './evalChain';
import { makeIptVerdict, runHook, runHookUntraced } from './evalChain';
import type { Rule, Ruleset, TableName } from './model';
import { emptyRuleset } from './model';
import { parseCommands } from './parseCommand';
import { parseSave } from './parseSave';
import { applyCommands } from './rulesetDraft';
import { rejectReply } from './reject';
import { saveRuleset, type SaveOptions } from './savePrint';


export type RuleStepData = IptStep;

export interface HookResult extends IptVerdict {
  /** Alias of `rule`: 1-based index of the first matching rule of the built-in chain, 0 if none. */
  firstMatch: number;
  /** The deciding rule as `iptables -S` prints it ("-A FORWARD ..."), null when the policy decided. */
  decidingText: string | null;
  /** REJECT's answer to `pkt` (null when no REJECT fired or the kernel would send nothing). */
  rejectReply(pkt: Packet, from?: Ipv4): Packet | null;
}

export function newHookResult(): HookResult {
  const r = makeIptVerdict() as HookResult;
  r.firstMatch = 0;
  r.decidingText = null;
  r.rejectReply = function (this: HookResult, pkt: Packet, from?: Ipv4) {
    return this.reject === null ? null : rejectReply(pkt, this.reject, from);
  };
  return r;
}

const meta: IptMeta = { ctstate: 0, ct: null, dir: 0, now: 0 };

/** Runs `chain` of `table` for `pkt`; fills and returns `out`. */
export function evaluateHook(
  rs: Ruleset,
  table: TableName,
  chain: string,
  pkt: Packet,
  ctstate: CtState,
  ct: Conn | null,
  dir: Dir,
  out: HookResult,
  tracer: Tracer | null = null,
  now = 0,
): HookResult {
  if (tracer === null) {
    runHookUntraced(rs, table, chain, pkt, ctstate, ct, dir, out, now);
    out.firstMatch = out.rule;
    out.decidingText = null;
    return out;
  }
  meta.ctstate = ctstate;
  meta.ct = ct;
  meta.dir = dir;
  meta.now = now;
  runHook(rs, table, chain, pkt, meta, out, tracer);
  meta.ct = null;
  out.firstMatch = out.rule;
  // The deciding rule's text is for explanations only: built when traced (no work on the hot path).
  if (out.decidedBy === 'rule') {
    const c = rs.tables[table].chains.find((x) => x.name === out.decisiveChain);
    const r = c?.rules[out.decisiveIndex - 1];
    out.decidingText = r ? (r.text ? `-A ${c!.name} ${r.text}` : `-A ${c!.name}`) : null;
  } else {
    out.decidingText = null;
  }
  return out;
}

/** Text that is iptables-save output (has a *table line) rather than command lines. */
export function looksLikeSave(text: string): boolean {
  return /^\s*\*\w+\s*$/m.test(text);
}

/**
 * A whole ruleset from iptables-save text or from iptables command lines (applied to an empty
 * one). The one entry for a rules text (a node's setRules, the editor's lint): a reader of
 * another format (e.g. a full pasted iptables-save of a real system) plugs in here, next to
 * parseSave, and fills `origins` (where each rule's command starts) as parseSave does.
 */
export function parseRulesText(text: string, origins?: Map<Rule, Pos>): IptResult<Ruleset> {
  if (looksLikeSave(text)) return parseSave(text, emptyRuleset(), origins);
  const c = parseCommands(text);
  if (!c.ok) return c;
  const a = applyCommands(emptyRuleset(), c.value, origins);
  if (!a.ok) return a;
  return { ok: true, value: a.value.ruleset };
}

/** The error as the tool prints it (with the "iptables v1.8.9 (legacy): " prefix where it has one). */
export function formatIptError(e: IptError): string {
  const plain = e.message.startsWith('iptables') || e.message.startsWith('Bad argument');
  let s = plain ? e.message : `iptables v1.8.9 (legacy): ${e.message}`;
  if (e.code !== 'kernel' && e.code !== 'no-chain' && e.code !== 'bad-rule' && e.code !== 'chain-exists' && e.code !== 'chain-busy' && e.code !== 'bad-index' && e.code !== 'bad-policy' && e.code !== 'loop') {
    s += "\nTry `iptables -h' or 'iptables --help' for more information.";
  }
  return s + '\n';
}

/** Runs one console line: the new ruleset (null on error or when unchanged), the output and exit status. */
export function applyIptablesLine(rs: Ruleset, line: string): { ruleset: Ruleset | null; output: string; exitCode: number; error: IptError | null } {
  const c = parseCommands(line);
  if (!c.ok) return { ruleset: null, output: formatIptError(c.error), exitCode: 2, error: c.error };
  let cur = rs;
  let output = '';
  for (const cmd of c.value) {
    const a = applyCommand(cur, cmd);
    if (!a.ok) {
      const e = a.error;
      const code = e.message.startsWith('iptables:') ? 1 : 2;
      return { ruleset: null, output: output + formatIptError(e), exitCode: code, error: e };
    }
    cur = a.value.ruleset;
    output += a.value.output;
  }
  return { ruleset: cur === rs ? null : cur, output, exitCode: 0, error: null };
}

export function iptablesSave(rs: Ruleset, opts?: SaveOptions): string {
  return saveRuleset(rs, opts);
}
