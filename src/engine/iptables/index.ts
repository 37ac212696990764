/**
 * iptables for Conntrack Lab: the raw and filter tables as plain data, the tool's parsers and
 * printers, and the kernel's rule evaluation (ipt_do_table). Behaves as iptables v1.8.9
 * (legacy) on Linux 6.x; messages and listings were compared with the real tool.
 *
 * Public API
 *   Model        emptyRuleset(): Ruleset;  Ruleset/Table/Chain/Rule/Match/Target (model.ts)
 *   Commands     parseCommands(text): IptResult<IptCommand[]>      one per line, # comments
 *                applyCommand(rs, cmd): IptResult<{ ruleset, output }>   -L/-S text in output
 *                applyCommands(rs, cmds), applyIptablesLine(rs, line) (console: output + exit code)
 *   Save text    parseSave(text, base?): IptResult<Ruleset>;  saveRuleset(rs, { counters, date })
 *                parseRulesText(text): save text or command lines -> Ruleset
 *   Listings     listTable(table, flags, chain?, num?)  (-L),  listRules(table, chain?, num?, verbose?) (-S)
 *   Evaluation   runHook(rs, table, chain, pkt, { ctstate, ct, dir, now }, out = makeIptVerdict(), tracer?)
 *                evaluateHook(...) positional variant for the node; rejectReply(pkt, kind, from?)
 *   Counters     resetCounters(rs, table?): Ruleset (iptables -Z); counters otherwise change in place
 *   Reasons      IPT_REASONS (codes 'ipt.*' reported to a Tracer), registered with ../reasons by node.ts
 *   Errors       IptError { line, column, code, message, hint? } — never thrown
 *
 * Example (a node):
 *   const v = makeIptVerdict();
 *   runHook(rs, 'filter', 'FORWARD', pkt, { ctstate, ct, dir, now }, v); if (v.verdict === NF_DROP) ...
 */
import type { Ruleset, TableName } from './model';
import { zeroChain } from './model';

export type { IptError, IptErrorCode, IptResult, Pos } from './errors';
export type { IptCommand, CommandOp, ListFlags } from './command';
export type {
  Chain, Match, Policy, PortRange, RejectWith, Rule, Ruleset, Table, TableName, Target,
} from './model';
export { BUILTIN_CHAINS, emptyRuleset, emptyTable, findChain, TABLE_NAMES } from './model';
export { parseCommand, parseCommands } from './parseCommand';
export { applyCommand } from './applyCommand';
export { applyCommands } from './rulesetDraft';
export type { Applied } from './applyCommand';
export { parseSave } from './parseSave';
export { formatCtime, listRules, saveRuleset } from './savePrint';
export type { SaveOptions } from './savePrint';
export { listTable } from './listPrint';
export { makeIptVerdict, runHook } from './evalChain';
export type { IptMeta, IptStep, IptVerdict } from './evalChain';
export { rejectReply } from './reject';
export { IPT_NOMATCH, IPT_REASONS } from './iptReasons';
export {
  applyIptablesLine, evaluateHook, formatIptError, iptablesSave, looksLikeSave, newHookResult, parseRulesText,
} from './node';
export type { HookResult, RuleStepData } from './node';

/** `iptables [-t table] -Z` for one table, or every table: a new ruleset with counters at 0. */
export function resetCounters(rs: Ruleset, table?: TableName): Ruleset {
  const tables = { ...rs.tables };
  for (const name of Object.keys(tables) as TableName[]) {
    if (table && name !== table) continue;
    tables[name] = { ...tables[name], chains: tables[name].chains.map((c) => zeroChain(c)) };
  }
  return { ...rs, tables };
}
