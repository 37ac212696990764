/**
 * `-m conntrack` (xt_conntrack.c conntrack_mt), the options that matter without NAT:
 * --ctstate, --ctstatus, --ctdir. (--ctproto, --ctorigsrc, ... --ctexpire are not simulated.)
 * --ctdir cannot be inverted; REPLY is stored by the kernel as an inverted direction flag.
 */
import type { Extension } from './ext';
import { extError, onceError } from './ext';
import type { ConntrackMatch } from './model';
import { bitsToNames, CTSTATE_NAMES, CTSTATUS_NAMES } from './names';
import { parseNameList } from './stateList';

export const conntrackExt: Extension<ConntrackMatch> = {
  name: 'conntrack',
  options: [
    { name: 'ctstate', id: 'ctstate', args: 1, invertible: true },
    { name: 'ctstatus', id: 'ctstatus', args: 1, invertible: true },
    { name: 'ctdir', id: 'ctdir', args: 1, invertible: false },
  ],
  init: () => ({ kind: 'conntrack', ctstate: -1, invState: false, ctstatus: -1, invStatus: false, ctdir: null }),
  parse(m, id, args, inv, _ctx, seen) {
    if (seen.has(id)) return onceError('conntrack', id);
    if (id === 'ctstate') {
      const r = parseNameList(args[0], CTSTATE_NAMES, 'ctstate');
      if (typeof r !== 'number') return r;
      m.ctstate = r;
      m.invState = inv;
    } else if (id === 'ctstatus') {
      const r = parseNameList(args[0], CTSTATUS_NAMES, 'ctstatus');
      if (typeof r !== 'number') return r;
      m.ctstatus = r;
      m.invStatus = inv;
    } else {
      const d = args[0].toUpperCase();
      if (d !== 'ORIGINAL' && d !== 'REPLY') {
        return extError('bad-value', `conntrack: Bad value for "--ctdir" option: "${args[0]}"`, 'arg', 'expected ORIGINAL or REPLY');
      }
      m.ctdir = d;
    }
    return null;
  },
  final: (_m, seen) => (seen.size ? null : extError('missing-argument', 'conntrack: At least one option is required', 'option')),
  save: (m) => dump(m, '--'),
  print: (m) => dump(m, ''),
};

function dump(m: ConntrackMatch, prefix: string): string {
  let s = '';
  if (m.ctstate >= 0) s += `${m.invState ? ' !' : ''} ${prefix}ctstate ${bitsToNames(m.ctstate, CTSTATE_NAMES)}`;
  if (m.ctstatus >= 0) {
    s += `${m.invStatus ? ' !' : ''} ${prefix}ctstatus ${m.ctstatus === 0 ? 'NONE' : bitsToNames(m.ctstatus, CTSTATUS_NAMES)}`;
  }
  if (m.ctdir) s += ` ${prefix}ctdir ${m.ctdir}`;
  return s;
}
