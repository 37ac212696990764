/**
 * The node's window on the iptables front end (src/engine/iptables): rules text in, a ruleset
 * out; one hook evaluated with the steps a student can follow; one console command line run
 * with iptables' own output and error text.
 */
import type { Conn } from './conn';
import type { CtState, Dir } from './ctinfo';
import type { Ipv4 } from './ipv4';
import { applyCommand, applyCommands } from './iptables/applyCommand';
import { makeIptVerdict, runHook, type IptMeta, type IptVerdict } from './iptables/evalChain';
import { emptyRuleset, findChain, type Ruleset, type TableName } from './iptables/model';
import { parseCommand, parseCommands } from './iptables/parseCommand';
import { rejectReply } from './iptables/reject';
import { saveRuleset } from './iptables/savePrint';
import type { Packet } from './packet';
import type { ReasonParams, Tracer } from './trace';

export interface RuleStepData {
  chain: string;
  /** 1-based index in its chain; 0 for the chain's policy. */
  index: number;
  /** `-A CHAIN rule` as iptables -S prints it, or `-P CHAIN POLICY`. */
  text: string;
  matched: boolean;
  decisive: boolean;
}

export interface HookResult extends IptVerdict {
  /** Filled only when traced. */
  steps: RuleStepData[];
  /** The deciding rule as `-A CHAIN ...`, or null when the policy decided (traced only). */
  decidingText: string | null;
}

export function newHookResult(): HookResult {
  return { ...makeIptVerdict(), steps: [], decidingText: null };
}

export interface RulesError {
  line: number;
  column: number;
  message: string;
}

/** `*table` lines mark iptables-save text; anything else is read as iptables command lines. */
function looksLikeSave(text: string): boolean {
  return /^\s*\*[a-z]+\s*$/m.test(text);
}

/** Rules as a person gives them: iptables command lines or iptables-save text. */
export function parseRulesText(text: string): { ok: true; value: Ruleset } | { ok: false; error: RulesError } {
  const prefix: number[] = [];
  if (looksLikeSave(text)) text = restoreToCommands(text, prefix);
  const cmds = parseCommands(text);
  if (!cmds.ok) return { ok: false, error: toRulesError(cmds.error, prefix) };
  const applied = applyCommands(emptyRuleset(), cmds.value);
  if (!applied.ok) return { ok: false, error: toRulesError(applied.error, prefix) };
  return { ok: true, value: applied.value.ruleset };
}

function toRulesError(e: { line: number; column: number; message: string; hint?: string }, prefix: number[] = []): RulesError {
  const shift = prefix[e.line - 1] ?? 0;
  return { line: e.line, column: Math.max(1, e.column - shift), message: e.hint ? `${e.message} (${e.hint})` : e.message };
}

/**
 * iptables-restore input as the equivalent command lines, line for line (so errors keep their
 * line numbers; `prefix` records how many columns each line gained): `*table` selects the
 * table, `:CHAIN POLICY [p:b]` sets a built-in chain's policy or (`-`) creates a user chain,
 * `-A ...` appends, COMMIT and comments are blank.
 */
function restoreToCommands(text: string, prefix: number[]): string {
  let table = 'filter';
  return text
    .split('\n')
    .map((l) => {
      const t = l.trim();
      const indent = l.length - l.trimStart().length;
      let out = '';
      if (t.startsWith('*')) table = t.slice(1).trim();
      else if (t.startsWith(':')) {
        const [chain, policy] = t.slice(1).split(/\s+/);
        out = policy === '-' || policy === undefined ? `iptables -t ${table} -N ${chain}` : `iptables -t ${table} -P ${chain} ${policy}`;
      } else if (t.startsWith('-')) {
        out = `iptables -t ${table} ${l}`;
        prefix.push(`iptables -t ${table} `.length);
        return out;
      } else if (t !== '' && t !== 'COMMIT' && !t.startsWith('#')) {
        out = l; // not restore syntax: let the command parser name the problem
      }
      prefix.push(out === '' ? 0 : -indent);
      return out;
    })
    .join('\n');
}

const IPT_PREFIX = 'iptables v1.8.9 (legacy): ';

/** One `iptables ...` command line at a console: the new ruleset (if it changed), output, exit code. */
export function applyIptablesLine(rs: Ruleset, line: string): { ruleset: Ruleset | null; output: string; exitCode: number } {
  const parsed = parseCommand(line);
  if (!parsed.ok) return { ruleset: null, output: iptError(parsed.error), exitCode: 2 };
  if (parsed.value === null) return { ruleset: null, output: '', exitCode: 0 };
  const r = applyCommand(rs, parsed.value);
  if (!r.ok) return { ruleset: null, output: iptError(r.error), exitCode: 1 };
  return { ruleset: r.value.ruleset, output: r.value.output, exitCode: 0 };
}

function iptError(e: { code: string; message: string }): string {
  // Errors the kernel or libiptc raise print without the version prefix, as the real tool does.
  if (e.message.startsWith('iptables: ')) return e.message + '\n';
  return `${IPT_PREFIX}${e.message}\nTry \`iptables -h' or 'iptables --help' for more information.\n`;
}

export function iptablesSave(rs: Ruleset): string {
  return saveRuleset(rs);
}

/** A Tracer in front of the caller's that also turns rule reasons into steps. */
class StepRecorder implements Tracer {
  out: HookResult | null = null;
  inner: Tracer | null = null;

  reason(code: string, params?: ReasonParams): void {
    this.inner?.reason(code, params);
    const out = this.out;
    if (out === null || params === undefined) return;
    if (code === 'ipt.rule-matched' || code === 'ipt.rule-nomatch') {
      out.steps.push({
        chain: String(params.chain),
        index: Number(params.index),
        text: `-A ${params.chain} ${params.rule}`,
        matched: code === 'ipt.rule-matched',
        decisive: false,
      });
    } else if (code === 'ipt.policy') {
      out.steps.push({ chain: String(params.chain), index: 0, text: `-P ${params.chain} ${params.verdict}`, matched: true, decisive: true });
    }
  }

  tcpTransition(): void {}
}

const recorder = new StepRecorder();
/** Reused for every evaluation: the hot path allocates nothing. */
const sharedMeta: IptMeta = { ctstate: 0, ct: null, dir: 0 };

/** Evaluates built-in chain `chain` of `table`, filling `out` (and its steps when traced). */
export function evaluateHook(
  rs: Ruleset,
  table: TableName,
  chain: string,
  pkt: Packet,
  ctstate: CtState,
  ct: Conn | null,
  dir: Dir,
  out: HookResult,
  trace: Tracer | null,
): void {
  const meta = sharedMeta;
  meta.ctstate = ctstate;
  meta.ct = ct;
  meta.dir = dir;
  if (trace === null) {
    runHook(rs, table, chain, pkt, meta, out, null);
    return;
  }
  out.steps = [];
  out.decidingText = null;
  recorder.out = out;
  recorder.inner = trace;
  runHook(rs, table, chain, pkt, meta, out, recorder);
  recorder.out = null;
  recorder.inner = null;
  if (out.decidedBy === 'rule') {
    const c = findChain(rs.tables[out.decisiveTable], out.decisiveChain);
    const rule = c?.rules[out.decisiveIndex - 1];
    if (rule) out.decidingText = `-A ${out.decisiveChain} ${rule.text}`;
    for (const s of out.steps) if (s.chain === out.decisiveChain && s.index === out.decisiveIndex) s.decisive = true;
  }
}

/** The answer a REJECT sends for `pkt`, from this node's address `from`. */
export function rejectAnswer(pkt: Packet, r: HookResult, from: Ipv4): Packet | null {
  return r.reject === null ? null : rejectReply(pkt, r.reject, from);
}
