/**
 * The checks the kernel makes when a whole table is loaded (ip_tables.c translate_table):
 * mark_source_chains finds which hooks reach each user chain and refuses loops (ELOOP), then
 * each target's checkentry runs with those hooks: REJECT only from INPUT/FORWARD/OUTPUT,
 * CT and NOTRACK only in the raw table. Unreachable chains are checked with no hooks (so a
 * REJECT in an unreferenced raw chain is accepted until something jumps to it, as in Linux).
 *
 * Linear in the size of the table: each chain is walked once for loops (a chain whose walk
 * ended is not walked again, however many rules jump to it) and once per built-in chain for the
 * hooks that reach it. Every rule of a chain up to its first unconditional ACCEPT, DROP or
 * RETURN is reached by the same hooks, so hooks are kept per chain, not per path.
 */
import { EINVAL_MESSAGE } from './errors';
import type { IptErrorCode } from './errors';
import type { Chain, Rule, Table } from './model';

export interface TableProblem {
  chain: string;
  /** 0-based rule index within `chain`. */
  index: number;
  code: IptErrorCode;
  message: string;
  hint: string;
}

/** How much work a validation did (for tests of its growth, not its speed). */
export interface ValidationWork {
  /** Rules looked at, summed over every walk. */
  rules: number;
}

const REJECT_HOOKS = ['INPUT', 'FORWARD', 'OUTPUT'];

/** ip_tables.c unconditional(): no address, interface, protocol or match. */
function unconditional(r: Rule): boolean {
  return r.smsk === 0 && r.dmsk === 0 && !r.invSrc && !r.invDst && r.iniface === '' && r.outiface === '' &&
    !r.invIn && !r.invOut && r.proto === 0 && !r.invProto && r.matches.length === 0;
}

/** Rules of a chain a walk reaches: up to and with the first unconditional ACCEPT/DROP/RETURN. */
function reachedRules(c: Chain): number {
  for (let i = 0; i < c.rules.length; i++) {
    const r = c.rules[i];
    const k = r.target.kind;
    if ((k === 'ACCEPT' || k === 'DROP' || k === 'RETURN') && unconditional(r)) return i + 1;
  }
  return c.rules.length;
}

export function validateTable(table: Table, work: ValidationWork = { rules: 0 }): TableProblem | null {
  const byName = new Map(table.chains.map((c) => [c.name, c]));
  const reached = new Map<Chain, number>();
  const end = (c: Chain): number => {
    let n = reached.get(c);
    if (n === undefined) reached.set(c, (n = reachedRules(c)));
    return n;
  };
  /** The chain a rule jumps or goes to, when it exists. */
  const jumpOf = (r: Rule): Chain | undefined => (r.target.kind === 'jump' ? byName.get(r.target.chain) : undefined);
  const roots = table.chains.filter((c) => c.policy !== null);

  // mark_source_chains, loops: a depth-first walk from every built-in chain; a chain whose walk
  // ended without a loop is done (1 = on the current path, 2 = done)
  const mark = new Map<Chain, 1 | 2>();
  for (const root of roots) {
    if (mark.has(root)) continue;
    const path: { c: Chain; i: number }[] = [{ c: root, i: 0 }];
    mark.set(root, 1);
    while (path.length > 0) {
      const top = path[path.length - 1];
      if (top.i >= end(top.c)) {
        mark.set(top.c, 2);
        path.pop();
        continue;
      }
      const index = top.i++;
      work.rules++;
      const next = jumpOf(top.c.rules[index]);
      if (next === undefined) continue;
      const m = mark.get(next);
      if (m === 2) continue;
      if (m === 1) {
        const from = path.findIndex((f) => f.c === next);
        const loop = [...path.slice(from).map((f) => f.c.name), next.name].join(' -> ');
        return { chain: top.c.name, index, code: 'loop', message: 'iptables: Too many levels of symbolic links.', hint: `the rules would loop: ${loop}` };
      }
      mark.set(next, 1);
      path.push({ c: next, i: 0 });
    }
  }

  // the hooks that reach each chain: one walk per built-in chain, each chain once per walk
  const hooks = new Map<Chain, string[]>();
  for (const root of roots) {
    const seen = new Set<Chain>([root]);
    const todo = [root];
    while (todo.length > 0) {
      const c = todo.pop()!;
      let h = hooks.get(c);
      if (!h) hooks.set(c, (h = []));
      h.push(root.name);
      const n = end(c);
      for (let i = 0; i < n; i++) {
        work.rules++;
        const next = jumpOf(c.rules[i]);
        if (next !== undefined && !seen.has(next)) {
          seen.add(next);
          todo.push(next);
        }
      }
    }
  }

  for (const c of table.chains) {
    const n = end(c);
    // the hooks in built-in chains' order, as the kernel lists them
    const h = hooks.get(c) ?? [];
    const rejectOk = h.every((x) => REJECT_HOOKS.includes(x));
    for (let i = 0; i < c.rules.length; i++) {
      const t = c.rules[i].target;
      if (t.kind === 'REJECT' && i < n && !rejectOk) {
        return {
          chain: c.name, index: i, code: 'kernel', message: EINVAL_MESSAGE,
          hint: `x_tables: ip_tables: REJECT target: used from hooks ${h.join('/')}, but only usable from INPUT/FORWARD/OUTPUT`,
        };
      }
      if ((t.kind === 'CT' || t.kind === 'NOTRACK') && table.name !== 'raw') {
        return {
          chain: c.name, index: i, code: 'kernel', message: EINVAL_MESSAGE,
          hint: `x_tables: ip_tables: ${t.kind} target: only valid in raw table, not ${table.name}`,
        };
      }
    }
  }
  return null;
}
