/**
 * An iptables-save text (what `iptables-save` prints: `*filter`, `:INPUT ACCEPT [0:0]`, rules,
 * `COMMIT`, maybe `*raw`) turned into the lab's rules text: iptables command lines that build
 * the same ruleset (`-P` for a policy other than ACCEPT, `-N` for a user chain, the rules as
 * they were, `-t raw` where they belong; counters dropped). The text is read first exactly as
 * iptables-restore reads it (parseSave.ts), so a problem is reported at its line and column.
 * Empty nat, mangle and security blocks (a real system's iptables-save prints them) are left out.
 */
import type { IptError } from './errors';
import { BUILTIN_CHAINS, type TableName } from './model';
import { parseSave } from './parseSave';

export type RestoreTextResult = { ok: true; text: string } | { ok: false; error: Pick<IptError, 'line' | 'column' | 'message'> };

export function restoreText(save: string): RestoreTextResult {
  const parsed = parseSave(save);
  if (!parsed.ok) {
    const e = parsed.error;
    return { ok: false, error: { line: e.line, column: e.column, message: `line ${e.line}: ${e.message}${e.hint ? ` (${e.hint})` : ''}` } };
  }
  const out: string[] = [];
  let table: TableName | null = null;
  for (const raw of save.split('\n')) {
    const line = raw.replace(/\r$/, '').trim();
    if (line === '' || line.startsWith('#')) continue;
    if (line.startsWith('*')) {
      const name = line.slice(1).trim();
      table = name === 'filter' || name === 'raw' ? name : null;
      continue;
    }
    if (line === 'COMMIT' || table === null) {
      table = line === 'COMMIT' ? null : table;
      continue;
    }
    const t = table === 'filter' ? '' : `-t ${table} `;
    const decl = /^:(\S+)\s+(\S+)/.exec(line);
    if (decl) {
      const [, chain, policy] = decl;
      if (!BUILTIN_CHAINS[table].includes(chain)) out.push(`iptables ${t}-N ${chain}`);
      else if (policy !== 'ACCEPT') out.push(`iptables ${t}-P ${chain} ${policy}`);
      continue;
    }
    out.push(`iptables ${t}${line.replace(/^\[\d+:\d+\]\s*/, '')}`);
  }
  return { ok: true, text: out.join('\n') };
}
