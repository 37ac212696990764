/**
 * `-m state --state` (xt_state.c state_mt). `! --state X` is kept as `inv`; the kernel sees
 * the complemented mask, which matches the same packets.
 */
import type { Extension } from './ext';
import { extError, onceError } from './ext';
import type { StateMatch } from './model';
import { bitsToNames, STATE_NAMES } from './names';
import { parseNameList } from './stateList';

export const stateExt: Extension<StateMatch> = {
  name: 'state',
  options: [{ name: 'state', id: 'state', args: 1, invertible: true }],
  init: () => ({ kind: 'state', states: 0, inv: false }),
  parse(m, id, args, inv, _ctx, seen) {
    if (seen.has(id)) return onceError('state', 'state');
    const r = parseNameList(args[0], STATE_NAMES, 'state');
    if (typeof r !== 'number') return r;
    m.states = r;
    m.inv = inv;
    return null;
  },
  final: (_m, seen) => (seen.has('state') ? null : extError('missing-argument', 'state: option "--state" must be specified', 'option')),
  save: (m) => `${m.inv ? ' !' : ''} --state ${bitsToNames(m.states, STATE_NAMES)}`,
  print: (m) => `${m.inv ? ' !' : ''} state ${bitsToNames(m.states, STATE_NAMES)}`,
};
