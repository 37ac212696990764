/**
 * A ruleset being loaded from a rules text, as iptables-restore loads it: the commands change a
 * private copy of each table they name (appends in place: no copy of the chain per line), and
 * the kernel's table checks (validate.ts) run once per table when it is committed, so loading
 * is linear in the number of rules. A problem found then is reported at the rule at fault: the
 * `-j` word of the line that added it.
 */
import type { Applied } from './applyCommand';
import { applyToTable, checkJumps, noChain } from './applyCommand';
import type { IptCommand } from './command';
import type { IptResult, Pos } from './errors';
import { fail, ok } from './errors';
import type { Chain, Rule, Ruleset, Table, TableName } from './model';
import { validateTable } from './validate';

class TableDraft {
  /** The draft's own copy: its chain objects and rules arrays belong to it, not to the ruleset it came from. */
  private table: Table;
  private byName = new Map<string, Chain>();
  /**
   * Where each rule came from (the -j word of its command), for problems found at commit; a
   * map the caller gave (parseRulesText's `origins`) is filled for the whole text.
   */
  private readonly origin: Map<Rule, Pos>;

  constructor(table: Table, origin: Map<Rule, Pos> = new Map()) {
    this.origin = origin;
    this.table = { ...table, chains: table.chains.map((c) => ({ ...c, rules: [...c.rules] })) };
    this.index();
  }

  private index(): void {
    this.byName = new Map(this.table.chains.map((c) => [c.name, c]));
  }

  apply(cmd: IptCommand): IptResult<string> {
    if (cmd.op === 'append') {
      const bad = checkJumps<string>((name) => this.byName.has(name), cmd);
      if (bad) return bad;
      const chain = this.byName.get(cmd.chain);
      if (!chain) return noChain<string>(cmd);
      for (const r of cmd.rules) {
        chain.rules.push(r);
        this.origin.set(r, cmd.at.target);
      }
      return ok('');
    }
    const r = applyToTable(this.table, cmd, false);
    if (!r.ok) return r;
    for (const rule of cmd.rules) this.origin.set(rule, cmd.at.target);
    if (r.value.table !== this.table) {
      // new chain objects may share rules arrays with the old ones: both are the draft's, and
      // the old ones are dropped here
      this.table = r.value.table;
      this.index();
    }
    return ok(r.value.output);
  }

  /** The kernel's checks on the loaded table; `at` is where to report a problem of a rule of unknown origin. */
  finish(at: Pos): IptResult<Table> {
    const p = validateTable(this.table);
    if (p) {
      const rule = this.byName.get(p.chain)?.rules[p.index];
      return fail((rule && this.origin.get(rule)) ?? at, p.code, p.message, `${p.hint} (rule ${p.index + 1} of chain ${p.chain})`);
    }
    return ok(this.table);
  }
}

export class RulesetDraft {
  private readonly drafts = new Map<TableName, TableDraft>();

  /** `origins`: filled with the position of the command that added each rule (the rules editor's lint reads it). */
  constructor(
    private readonly base: Ruleset,
    private readonly origins?: Map<Rule, Pos>,
  ) {}

  /** Applies one command; its output (-L, -S) or the error iptables would print. */
  apply(cmd: IptCommand): IptResult<string> {
    let d = this.drafts.get(cmd.table);
    if (!d) this.drafts.set(cmd.table, (d = new TableDraft(this.base.tables[cmd.table], this.origins)));
    return d.apply(cmd);
  }

  /** The ruleset with every changed table checked; `at` is where to report a problem no rule owns. */
  finish(at: Pos): IptResult<Ruleset> {
    if (this.drafts.size === 0) return ok(this.base);
    const tables = { ...this.base.tables };
    for (const [name, d] of this.drafts) {
      const t = d.finish(at);
      if (!t.ok) return t;
      tables[name] = t.value;
    }
    return ok({ ...this.base, tables });
  }
}

/**
 * Applies a list of commands in order, stopping at the first error; each table is checked once,
 * after the last command (a rules text loads as one transaction, linear in its length).
 */
export function applyCommands(rs: Ruleset, cmds: IptCommand[], origins?: Map<Rule, Pos>): IptResult<Applied> {
  const draft = new RulesetDraft(rs, origins);
  let output = '';
  for (const c of cmds) {
    const r = draft.apply(c);
    if (!r.ok) return r;
    output += r.value;
  }
  const last = cmds[cmds.length - 1];
  const done = draft.finish(last ? last.at.command : { line: 1, column: 1 });
  if (!done.ok) return done;
  return ok({ ruleset: done.value, output });
}
