/**
 * The rules editor's warnings about a rules text (the engine computes them; the editor only
 * shows them): each rule that can never match (unreachable.ts), at the line of the command that
 * added it, naming the line of the earlier rule that takes its packets. A text that does not
 * parse has no warnings here: its errors come from loading it (setRules).
 */
import type { Pos } from './errors';
import type { Rule, TableName } from './model';
import { parseRulesText } from './node';
import { unreachableRules } from './unreachable';

export interface UnreachableWarning {
  /** Where the shadowed rule's command is (its -j word). */
  line: number;
  column: number;
  /** The line of the earlier rule that takes every packet it would take. */
  byLine: number;
  table: TableName;
  chain: string;
}

export function lintRulesText(text: string): UnreachableWarning[] {
  const origins = new Map<Rule, Pos>();
  const r = parseRulesText(text, origins);
  if (!r.ok) return [];
  const out: UnreachableWarning[] = [];
  for (const s of unreachableRules(r.value)) {
    const rules = r.value.tables[s.table].chains.find((c) => c.name === s.chain)!.rules;
    const at = origins.get(rules[s.index]);
    const by = origins.get(rules[s.by]);
    if (at && by) out.push({ line: at.line, column: at.column, byLine: by.line, table: s.table, chain: s.chain });
  }
  return out;
}
