/**
 * A ruleset in the lab's rules text format, the one the rules editor and the scenarios use:
 * iptables command lines that rebuild it from an empty ruleset (`iptables -P` for a built-in
 * chain whose policy is not ACCEPT, `iptables -N` for each user chain, then `iptables -A` for
 * every rule; the raw table's lines carry `-t raw`). Reading the text back with
 * parseRulesText gives the same rules (rulesText.test.ts). Counters are not part of it.
 */
import type { Ruleset, Table, TableName } from './model';
import { chainsInListOrder } from './model';

function tableLines(t: Table, prefix: string, out: string[]): void {
  const chains = chainsInListOrder(t);
  for (const c of chains) {
    if (c.policy === null) out.push(`${prefix} -N ${c.name}`);
    else if (c.policy !== 'ACCEPT') out.push(`${prefix} -P ${c.name} ${c.policy}`);
  }
  for (const c of chains) for (const r of c.rules) out.push(r.text ? `${prefix} -A ${c.name} ${r.text}` : `${prefix} -A ${c.name}`);
}

/** The rules as command lines, one per line, ending with a newline ('' for an empty ruleset). */
export function rulesText(rs: Ruleset): string {
  const out: string[] = [];
  const order: [TableName, string][] = [['raw', 'iptables -t raw'], ['filter', 'iptables']];
  for (const [name, prefix] of order) tableLines(rs.tables[name], prefix, out);
  return out.length ? out.join('\n') + '\n' : '';
}
