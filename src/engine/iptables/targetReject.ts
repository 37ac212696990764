/**
 * `-j REJECT [--reject-with TYPE]` (libipt_REJECT, ipt_REJECT.c). The kernel allows it only
 * from INPUT, FORWARD and OUTPUT, and tcp-reset only on `-p tcp` rules (validate.ts checks).
 */
import type { Extension } from './ext';
import { extError, onceError } from './ext';
import type { RejectWith } from './model';
import { REJECT_NAMES } from './names';

export interface RejectTarget {
  kind: 'REJECT';
  with: RejectWith;
}

export const rejectExt: Extension<RejectTarget> = {
  name: 'REJECT',
  options: [{ name: 'reject-with', id: 'reject-with', args: 1, invertible: false }],
  init: () => ({ kind: 'REJECT', with: 'icmp-port-unreachable' }),
  parse(t, id, args, _inv, _ctx, seen) {
    if (seen.has(id)) return onceError('REJECT', 'reject-with');
    const a = args[0].toLowerCase();
    const hit = REJECT_NAMES.find(([name, alias]) => name.startsWith(a) || alias.startsWith(a));
    if (!hit) {
      return extError('bad-value', `unknown reject type "${args[0]}"`, 'arg', `expected one of ${REJECT_NAMES.map(([n]) => n).join(', ')}`);
    }
    t.with = hit[0];
    return null;
  },
  final: () => null,
  save: (t) => ` --reject-with ${t.with}`,
  print: (t) => ` reject-with ${t.with}`,
};
