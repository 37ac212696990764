/**
 * iptables' own options (xshared.c's `struct option`), and the getopt_long rule for long
 * names: an exact name wins, otherwise a unique prefix (aliases of one option count once).
 */
import type { OptSpec } from './ext';

export interface GlobalOpt {
  name: string;
  short: string | null;
  id: string;
  /** 'opt' = optional argument (-L [chain], -X [chain], ...). */
  args: 0 | 1 | 2 | 'opt';
  invertible: boolean;
}

const g = (name: string, short: string | null, id: string, args: GlobalOpt['args'], invertible = false): GlobalOpt => ({
  name, short, id, args, invertible,
});

export const GLOBAL_OPTS: GlobalOpt[] = [
  g('append', 'A', 'A', 1), g('delete', 'D', 'D', 1), g('insert', 'I', 'I', 1), g('replace', 'R', 'R', 1),
  g('check', 'C', 'C', 1), g('list', 'L', 'L', 'opt'), g('list-rules', 'S', 'S', 'opt'),
  g('flush', 'F', 'F', 'opt'), g('zero', 'Z', 'Z', 'opt'), g('new-chain', 'N', 'N', 1),
  g('delete-chain', 'X', 'X', 'opt'), g('rename-chain', 'E', 'E', 1), g('policy', 'P', 'P', 1),
  g('source', 's', 's', 1, true), g('src', null, 's', 1, true),
  g('destination', 'd', 'd', 1, true), g('dst', null, 'd', 1, true),
  g('protocol', 'p', 'p', 1, true), g('in-interface', 'i', 'i', 1, true),
  g('out-interface', 'o', 'o', 1, true), g('jump', 'j', 'j', 1), g('goto', 'g', 'g', 1),
  g('match', 'm', 'm', 1), g('table', 't', 't', 1), g('verbose', 'v', 'v', 0),
  g('numeric', 'n', 'n', 0), g('exact', 'x', 'x', 0), g('line-numbers', null, 'line-numbers', 0),
  g('set-counters', 'c', 'c', 2), g('fragment', 'f', 'f', 0, true), g('wait', 'w', 'w', 'opt'),
  g('wait-interval', 'W', 'W', 1), g('help', 'h', 'h', 0), g('version', 'V', 'V', 0),
  g('modprobe', null, 'modprobe', 1), g('ipv4', '4', '4', 0), g('ipv6', '6', '6', 0),
];

export function shortOpt(ch: string): GlobalOpt | undefined {
  return GLOBAL_OPTS.find((o) => o.short === ch);
}

/** A long option candidate: a global one or one of a loaded extension instance (by index). */
export type LongCandidate = { kind: 'global'; opt: GlobalOpt } | { kind: 'ext'; owner: number; opt: OptSpec };

/**
 * getopt_long's lookup over the merged option list (given as several lists, in order): exact
 * match first, else the prefix matches; ambiguous unless all of them are the same option.
 */
export function resolveLong(name: string, ...lists: readonly (readonly LongCandidate[])[]): LongCandidate | null {
  for (const cands of lists) for (const c of cands) if (c.opt.name === name) return c;
  const hits: LongCandidate[] = [];
  for (const cands of lists) for (const c of cands) if (c.opt.name.startsWith(name)) hits.push(c);
  if (hits.length === 0) return null;
  const key = (c: LongCandidate) => (c.kind === 'global' ? 'g:' + c.opt.id : `e${c.owner}:${c.opt.id}`);
  const k0 = key(hits[0]);
  return hits.every((h) => key(h) === k0) ? hits[0] : null;
}
