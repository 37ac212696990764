/** Test helpers: build a ruleset from command lines (throws in tests only). */
import { applyCommands } from './rulesetDraft';
import type { Ruleset } from './model';
import { emptyRuleset } from './model';
import { parseCommands } from './parseCommand';

export function rulesetFrom(lines: string[] | string, base: Ruleset = emptyRuleset()): Ruleset {
  const text = Array.isArray(lines) ? lines.map((l) => (l.startsWith('iptables') ? l : 'iptables ' + l)).join('\n') : lines;
  const p = parseCommands(text);
  if (!p.ok) throw new Error(`parse: ${JSON.stringify(p.error)}`);
  const a = applyCommands(base, p.value);
  if (!a.ok) throw new Error(`apply: ${JSON.stringify(a.error)}`);
  return a.value.ruleset;
}
