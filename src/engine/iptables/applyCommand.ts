/**
 * Applies one parsed command to a ruleset (libiptc's operations plus the kernel's table
 * checks), returning a new ruleset, or the error iptables would print with the position of
 * the word at fault. Listing commands (-L, -S) return their text in `output`; -C checks that
 * a rule exists. Only the changed table and chain objects are new; untouched rules are shared.
 * A whole rules text is loaded with applyCommands (rulesetDraft.ts) instead: one check of each
 * table at the end, as iptables-restore commits.
 */
import type { IptCommand } from './command';
import { isPolicy } from './command';
import type { IptError, IptResult, Pos } from './errors';
import { EINVAL_MESSAGE, fail, ok } from './errors';
import { listTable } from './listPrint';
import type { Chain, Rule, Ruleset, Table } from './model';
import { countReferences, findChain, isBuiltin, zeroChain } from './model';
import { ruleText } from './rulePrint';
import { listRules } from './savePrint';
import { validateTable } from './validate';

export interface Applied {
  ruleset: Ruleset;
  /** What the command prints (-L, -S); '' for the others. */
  output: string;
}

const NO_CHAIN = 'iptables: No chain/target/match by that name.';

export function applyCommand(rs: Ruleset, cmd: IptCommand): IptResult<Applied> {
  const table = rs.tables[cmd.table];
  const r = applyToTable(table, cmd);
  if (!r.ok) return r;
  const { table: next, output } = r.value;
  if (next === table) return ok({ ruleset: rs, output });
  return ok({ ruleset: { ...rs, tables: { ...rs.tables, [cmd.table]: next } }, output });
}

export type TableResult = IptResult<{ table: Table; output: string }>;

function withChain(table: Table, chain: Chain): Table {
  return { ...table, chains: table.chains.map((c) => (c.name === chain.name ? chain : c)) };
}

function err(at: Pos, code: IptError['code'], message: string, hint?: string): TableResult {
  return fail(at, code, message, hint);
}

export function noChain<T = { table: Table; output: string }>(cmd: IptCommand): IptResult<T> {
  const builtins = cmd.table === 'raw' ? 'PREROUTING, OUTPUT' : 'INPUT, FORWARD, OUTPUT';
  return fail(cmd.at.chain, 'no-chain', NO_CHAIN, `table ${cmd.table} has no chain "${cmd.chain}" (built-in chains: ${builtins}; names are case-sensitive; create one with -N)`);
}

/** Checks the whole table as the kernel would (unless the caller checks it later). */
function commit(table: Table, cmd: IptCommand, check: boolean): TableResult {
  if (!check) return ok({ table, output: '' });
  const p = validateTable(table);
  if (p) {
    const at = cmd.rules.length ? cmd.at.target : cmd.at.command;
    return err(at, p.code, p.message, `${p.hint} (rule ${p.index + 1} of chain ${p.chain})`);
  }
  return ok({ table, output: '' });
}

/** Checks the jump targets of new rules; `has` says whether the table has a chain of that name. */
export function checkJumps<T = { table: Table; output: string }>(has: (chain: string) => boolean, cmd: IptCommand): IptResult<T> | null {
  for (const r of cmd.rules) {
    const t = r.target;
    if (t.kind === 'jump' && !has(t.chain)) {
      if (t.goto) return fail(cmd.at.target, 'no-chain', `goto '${t.chain}' is not a chain`, `create it first with iptables -N ${t.chain}`);
      const builtinHint = isBuiltin(cmd.table, t.chain) ? 'built-in chains cannot be jumped to' : `targets are ACCEPT, DROP, RETURN, REJECT, LOG${cmd.table === 'raw' ? ', CT, NOTRACK' : ''} or a chain made with -N (names are case-sensitive)`;
      return fail(cmd.at.target, 'unknown-target', `Couldn't load target \`${t.chain}':No such file or directory`, builtinHint);
    }
    if (t.kind === 'jump' && isBuiltin(cmd.table, t.chain)) {
      return fail(cmd.at.target, 'kernel', EINVAL_MESSAGE, 'a rule cannot jump to a built-in chain');
    }
  }
  return null;
}

function sameRule(a: Rule, b: Rule): boolean {
  return a.text === b.text;
}

/** One command on one table; `check` = false leaves the kernel's table checks to the caller. */
export function applyToTable(table: Table, cmd: IptCommand, check = true): TableResult {
  const chain = cmd.chain ? findChain(table, cmd.chain) : undefined;
  switch (cmd.op) {
    case 'append':
    case 'insert':
    case 'replace':
    case 'delete':
    case 'check': {
      if (cmd.op === 'delete' && cmd.num > 0) {
        if (!chain) return noChain(cmd);
        if (cmd.num > chain.rules.length) return err(cmd.at.num, 'bad-index', 'iptables: Index of deletion too big.', `chain ${chain.name} has ${chain.rules.length} rule(s)`);
        const rules = chain.rules.filter((_, i) => i !== cmd.num - 1);
        return commit(withChain(table, { ...chain, rules }), cmd, check);
      }
      const bad = checkJumps((name) => findChain(table, name) !== undefined, cmd);
      if (bad) return bad;
      if (!chain) return noChain(cmd);
      let rules = chain.rules;
      if (cmd.op === 'append') rules = [...rules, ...cmd.rules];
      else if (cmd.op === 'insert') {
        const at = cmd.num > 0 ? cmd.num - 1 : 0;
        if (at > rules.length) return err(cmd.at.num, 'bad-index', 'iptables: Index of insertion too big.', `chain ${chain.name} has ${rules.length} rule(s); insert at 1-${rules.length + 1}`);
        rules = [...rules];
        for (const r of cmd.rules) rules.splice(at, 0, r);
      } else if (cmd.op === 'replace') {
        if (cmd.num > rules.length) return err(cmd.at.num, 'bad-index', 'iptables: Index of replacement too big.', `chain ${chain.name} has ${rules.length} rule(s)`);
        rules = rules.map((r, i) => (i === cmd.num - 1 ? cmd.rules[0] : r));
      } else {
        rules = [...rules];
        for (const want of cmd.rules) {
          const i = rules.findIndex((r) => sameRule(r, want));
          if (i < 0) {
            return err(cmd.at.command, 'bad-rule', 'iptables: Bad rule (does a matching rule exist in that chain?).', `no rule "-A ${chain.name} ${want.text}" in chain ${chain.name}; see iptables -S ${chain.name}`);
          }
          rules.splice(i, 1);
        }
        if (cmd.op === 'check') return ok({ table, output: '' });
      }
      return commit(withChain(table, { ...chain, rules }), cmd, check);
    }
    case 'policy': {
      if (!chain || chain.policy === null) {
        return err(cmd.at.chain, 'no-chain', 'iptables: Bad built-in chain name.', `only built-in chains have a policy (${table.chains.filter((c) => c.policy !== null).map((c) => c.name).join(', ')})`);
      }
      if (!isPolicy(cmd.arg)) {
        return err(cmd.at.arg, 'bad-policy', "iptables: Bad policy name. Run `dmesg' for more information.", 'a policy is ACCEPT or DROP (upper case)');
      }
      return ok({ table: withChain(table, { ...chain, policy: cmd.arg }), output: '' });
    }
    case 'new-chain': {
      if (chain) return err(cmd.at.chain, 'chain-exists', 'iptables: Chain already exists.');
      const c: Chain = { name: cmd.chain, policy: null, packets: 0, bytes: 0, rules: [] };
      return ok({ table: { ...table, chains: [...table.chains, c] }, output: '' });
    }
    case 'delete-chain': {
      const victims = cmd.chain ? (chain ? [chain] : []) : table.chains.filter((c) => c.policy === null);
      if (cmd.chain && !chain) return noChain(cmd);
      if (chain && chain.policy !== null) return err(cmd.at.chain, 'kernel', EINVAL_MESSAGE, 'built-in chains cannot be deleted');
      const names = new Set(victims.map((v) => v.name));
      for (const v of victims) {
        const refs = countReferences(table, v.name);
        if (refs > 0) return err(cmd.at.chain, 'chain-busy', 'iptables: Too many links.', `chain ${v.name} is still the target of ${refs} rule(s); delete those first`);
        if (v.rules.length) return err(cmd.at.chain, 'chain-busy', 'iptables: Directory not empty.', `chain ${v.name} still has ${v.rules.length} rule(s); flush it first with -F ${v.name}`);
      }
      return ok({ table: { ...table, chains: table.chains.filter((c) => !names.has(c.name)) }, output: '' });
    }
    case 'rename-chain': {
      if (!chain || chain.policy !== null) return noChain(cmd);
      if (findChain(table, cmd.arg)) return err(cmd.at.arg, 'chain-exists', 'iptables: File exists.');
      const rename = (r: Rule): Rule => {
        if (r.target.kind !== 'jump' || r.target.chain !== cmd.chain) return r;
        const n = { ...r, target: { ...r.target, chain: cmd.arg } };
        return { ...n, text: ruleText(n) };
      };
      const chains = table.chains.map((c) => {
        const rules = c.rules.map(rename);
        return c.name === cmd.chain ? { ...c, name: cmd.arg, rules } : { ...c, rules };
      });
      return ok({ table: { ...table, chains }, output: '' });
    }
    case 'flush': {
      if (cmd.chain && !chain) return noChain(cmd);
      const chains = table.chains.map((c) => (!cmd.chain || c.name === cmd.chain ? { ...c, rules: [] } : c));
      return commit({ ...table, chains }, cmd, check);
    }
    case 'zero': {
      if (cmd.chain && !chain) return noChain(cmd);
      if (chain && cmd.num > chain.rules.length) return err(cmd.at.num, 'bad-index', 'iptables: Index of counter too big.');
      const chains = table.chains.map((c) => (!cmd.chain || c.name === cmd.chain ? zeroChain(c, cmd.num > 0 ? cmd.num - 1 : undefined) : c));
      return ok({ table: { ...table, chains }, output: '' });
    }
    case 'list':
    case 'list-rules': {
      const text = cmd.op === 'list' ? listTable(table, cmd.flags, cmd.chain, cmd.num) : listRules(table, cmd.chain, cmd.num, cmd.flags.verbose);
      if (text === null) return noChain(cmd);
      if (!cmd.flags.zero) return ok({ table, output: text });
      const chains = table.chains.map((c) => (!cmd.chain || c.name === cmd.chain ? zeroChain(c) : c));
      return ok({ table: { ...table, chains }, output: text });
    }
    case 'version':
      return ok({ table, output: 'iptables v1.8.9 (legacy)\n' });
  }
}
