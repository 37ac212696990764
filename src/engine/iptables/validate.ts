/**
 * The checks the kernel makes when a whole table is loaded (ip_tables.c translate_table):
 * mark_source_chains finds which hooks reach each user chain and refuses loops (ELOOP), then
 * each target's checkentry runs with those hooks: REJECT only from INPUT/FORWARD/OUTPUT,
 * CT and NOTRACK only in the raw table. Unreachable chains are checked with no hooks (so a
 * REJECT in an unreferenced raw chain is accepted until something jumps to it, as in Linux).
 */
import { EINVAL_MESSAGE } from './errors';
import type { IptErrorCode } from './errors';
import type { Rule, Table } from './model';

export interface TableProblem {
  chain: string;
  /** 0-based rule index within `chain`. */
  index: number;
  code: IptErrorCode;
  message: string;
  hint: string;
}

const REJECT_HOOKS = ['INPUT', 'FORWARD', 'OUTPUT'];

/** ip_tables.c unconditional(): no address, interface, protocol or match. */
function unconditional(r: Rule): boolean {
  return r.smsk === 0 && r.dmsk === 0 && !r.invSrc && !r.invDst && r.iniface === '' && r.outiface === '' &&
    !r.invIn && !r.invOut && r.proto === 0 && !r.invProto && r.matches.length === 0;
}

export function validateTable(table: Table): TableProblem | null {
  const byName = new Map(table.chains.map((c) => [c.name, c]));
  /** Hooks that reach each rule (the kernel's e->comefrom). */
  const hooks = new Map<Rule, Set<string>>();
  const reach = (r: Rule, hook: string) => {
    let h = hooks.get(r);
    if (!h) hooks.set(r, (h = new Set()));
    h.add(hook);
  };

  // mark_source_chains: walk from every built-in chain; a rule with an unconditional
  // ACCEPT/DROP/RETURN ends the walk of its chain (what follows is unreachable)
  for (const root of table.chains) {
    if (root.policy === null) continue;
    const path: string[] = [];
    const onPath = new Set<string>();
    const visit = (name: string): TableProblem | null => {
      path.push(name);
      onPath.add(name);
      const c = byName.get(name)!;
      for (let i = 0; i < c.rules.length; i++) {
        const r = c.rules[i];
        reach(r, root.name);
        const t = r.target;
        if ((t.kind === 'ACCEPT' || t.kind === 'DROP' || t.kind === 'RETURN') && unconditional(r)) break;
        if (t.kind !== 'jump' || !byName.has(t.chain)) continue;
        if (onPath.has(t.chain)) {
          const loop = [...path.slice(path.indexOf(t.chain)), t.chain].join(' -> ');
          return { chain: name, index: i, code: 'loop', message: 'iptables: Too many levels of symbolic links.', hint: `the rules would loop: ${loop}` };
        }
        const p = visit(t.chain);
        if (p) return p;
      }
      path.pop();
      onPath.delete(name);
      return null;
    };
    const p = visit(root.name);
    if (p) return p;
  }

  for (const c of table.chains) {
    for (let i = 0; i < c.rules.length; i++) {
      const r = c.rules[i];
      const t = r.target;
      const h = [...(hooks.get(r) ?? [])];
      if (t.kind === 'REJECT') {
        const bad = h.filter((x) => !REJECT_HOOKS.includes(x));
        if (bad.length) {
          return {
            chain: c.name, index: i, code: 'kernel', message: EINVAL_MESSAGE,
            hint: `x_tables: ip_tables: REJECT target: used from hooks ${h.join('/')}, but only usable from INPUT/FORWARD/OUTPUT`,
          };
        }
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
