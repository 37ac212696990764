/**
 * Reads iptables-save text as iptables-restore does (iptables-restore.c): `*table` opens a
 * table, which starts empty; `:CHAIN POLICY [packets:bytes]` declares chains (`-` as the
 * policy of a user chain); `[p:b] -A ...` and other command lines change it; `COMMIT` makes it
 * take effect, and the kernel checks the table then, once (rulesetDraft.ts: linear in the number
 * of rules; a problem is reported at the line of the rule at fault). Tables not in the text keep
 * their contents. Blocks for the nat, mangle and
 * security tables are accepted when they hold no rules (iptables-save of a real system prints
 * them) and ignored.
 */
import type { IptResult, Pos } from './errors';
import { fail, ok } from './errors';
import type { Chain, Rule, Ruleset, Table, TableName } from './model';
import { BUILTIN_CHAINS, emptyRuleset, emptyTable } from './model';
import { parseWords } from './parseCommand';
import { RulesetDraft } from './rulesetDraft';
import { tokenize } from './tokenize';

const IGNORED_TABLES = ['nat', 'mangle', 'security'];

/** `origins`: filled with where each rule came from (see RulesetDraft). */
export function parseSave(text: string, base: Ruleset = emptyRuleset(), origins?: Map<Rule, Pos>): IptResult<Ruleset> {
  const lines = text.split('\n');
  let rs = base;
  let table: TableName | null = null;
  let ignored: string | null = null;
  let tableLine = 0;
  let pending = new RulesetDraft(rs, origins);
  for (let n = 1; n <= lines.length; n++) {
    const raw = lines[n - 1].replace(/\r$/, '');
    const line = raw.trim();
    const col = raw.length - raw.trimStart().length + 1;
    if (line === '' || line.startsWith('#')) continue;
    const at = { line: n, column: col };
    if (line.startsWith('*')) {
      if (table || ignored) return fail(at, 'syntax', `iptables-restore: line ${n} failed`, `COMMIT expected before a new table (table ${table ?? ignored} opened at line ${tableLine})`);
      const name = line.slice(1).trim();
      tableLine = n;
      if (name === 'filter' || name === 'raw') {
        table = name;
        const decl = declareChains(lines, n, name);
        if (!decl.ok) return decl;
        pending = new RulesetDraft({ ...rs, tables: { ...rs.tables, [name]: decl.value } }, origins);
      } else if (IGNORED_TABLES.includes(name)) {
        ignored = name;
      } else {
        return fail({ line: n, column: col + 1 }, 'bad-value', `iptables-restore: unable to initialize table '${name}'`, 'the tables are raw and filter');
      }
      continue;
    }
    if (line === 'COMMIT') {
      if (!table && !ignored) return fail(at, 'syntax', `iptables-restore: line ${n} failed`, 'COMMIT without a *table line before it');
      if (table) {
        const committed = pending.finish(at);
        if (!committed.ok) return committed;
        rs = committed.value;
      }
      table = null;
      ignored = null;
      continue;
    }
    if (!table && !ignored) {
      return fail(at, 'syntax', `iptables-restore: line ${n} failed`, 'a *filter or *raw line must come first');
    }
    if (line.startsWith(':')) continue; // declarations were read when the table opened
    if (ignored) {
      return fail(at, 'unsupported', `iptables-restore: line ${n} failed`, `the ${ignored} table is not simulated; only raw and filter rules can be loaded`);
    }
    // "[p:b] -A ..." or a command line
    let counters: { packets: number; bytes: number } | null = null;
    let body = raw;
    const m = /^(\s*)\[(\d+):(\d+)\]\s*/.exec(raw);
    if (m) {
      counters = { packets: Number(m[2]), bytes: Number(m[3]) };
      body = ' '.repeat(m[0].length) + raw.slice(m[0].length);
    }
    const t = tokenize(body, n);
    if (!t.ok) return fail({ line: n, column: t.error.column }, t.error.code, t.error.message, t.error.hint);
    const words = t.value[0]?.words ?? [];
    const c = parseWords(words, lines, table!);
    if (!c.ok) return c;
    if (!c.value) continue;
    if (counters) for (const r of c.value.rules) Object.assign(r, counters);
    const a = pending.apply(c.value);
    if (!a.ok) return a;
  }
  if (table || ignored) {
    return fail({ line: lines.length, column: 1 }, 'syntax', `iptables-restore: COMMIT expected at line ${lines.length + 1}`, `table ${table ?? ignored} opened at line ${tableLine} is not committed`);
  }
  return ok(rs);
}

/** Reads the `:CHAIN POLICY [p:b]` lines of the block opened at line `start`. */
function declareChains(lines: string[], start: number, name: TableName): IptResult<Table> {
  const t = emptyTable(name);
  const chains: Chain[] = [...t.chains];
  for (let n = start + 1; n <= lines.length; n++) {
    const raw = lines[n - 1];
    const line = raw.trim();
    if (line === 'COMMIT' || line.startsWith('*')) break;
    if (!line.startsWith(':')) continue;
    const col = raw.length - raw.trimStart().length + 1;
    const m = /^:(\S+)\s+(\S+)(?:\s+\[(\d+):(\d+)\])?\s*$/.exec(line);
    if (!m) return fail({ line: n, column: col }, 'syntax', `iptables-restore: line ${n} failed`, 'expected :CHAIN POLICY [packets:bytes]');
    const [, chain, policy, p, b] = m;
    const builtin = BUILTIN_CHAINS[name].includes(chain);
    const polCol = col + 1 + chain.length + line.slice(1 + chain.length).search(/\S/);
    if (builtin) {
      if (policy !== 'ACCEPT' && policy !== 'DROP') {
        return fail({ line: n, column: polCol }, 'bad-policy', "iptables-restore: Bad policy name. Run `dmesg' for more information.", 'a built-in chain policy is ACCEPT or DROP');
      }
      const i = chains.findIndex((c) => c.name === chain);
      chains[i] = { ...chains[i], policy, packets: Number(p ?? 0), bytes: Number(b ?? 0) };
    } else {
      if (policy !== '-') {
        return fail({ line: n, column: polCol }, 'bad-policy', `iptables-restore: line ${n} failed`, `${chain} is not a built-in chain of ${name}: its policy must be "-"`);
      }
      if (chains.some((c) => c.name === chain)) {
        return fail({ line: n, column: col + 1 }, 'chain-exists', 'iptables-restore: Chain already exists.');
      }
      if (chain.length >= 29) return fail({ line: n, column: col + 1 }, 'bad-value', `chain name \`${chain}' too long (must be under 29 chars)`);
      chains.push({ name: chain, policy: null, packets: 0, bytes: 0, rules: [] });
    }
  }
  return ok({ ...t, chains });
}
