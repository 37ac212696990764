/**
 * `-j CT` and `-j NOTRACK` (xt_CT.c), valid in the raw table only. --notrack marks the packet
 * untracked (and makes the kernel ignore --helper); --helper NAME assigns a helper to the new
 * connection (it needs an L4 protocol). --zone is accepted and printed but not simulated.
 */
import type { Extension } from './ext';
import { extError, onceError } from './ext';
import { parseCNumber } from './ports';

export interface CtTarget {
  kind: 'CT';
  notrack: boolean;
  helper: string | null;
  zone: number;
}

export const ctExt: Extension<CtTarget> = {
  name: 'CT',
  options: [
    { name: 'notrack', id: 'notrack', args: 0, invertible: false },
    { name: 'helper', id: 'helper', args: 1, invertible: false },
    { name: 'zone', id: 'zone', args: 1, invertible: false },
  ],
  init: () => ({ kind: 'CT', notrack: false, helper: null, zone: 0 }),
  parse(t, id, args, _inv, _ctx, seen) {
    if (seen.has(id)) return onceError('CT', id);
    if (id === 'notrack') t.notrack = true;
    else if (id === 'helper') t.helper = args[0];
    else {
      const z = parseCNumber(args[0]);
      if (z === null || z > 65535) return extError('bad-value', `CT: Bad value for "--zone" option: "${args[0]}"`);
      t.zone = z;
    }
    return null;
  },
  final: () => null,
  save(t) {
    let s = '';
    if (t.notrack) s += ' --notrack';
    if (t.helper !== null) s += ' --helper' + (t.helper ? ' ' + t.helper : ' ""');
    if (t.zone) s += ` --zone ${t.zone}`;
    return s;
  },
  print(t) {
    let s = ' CT';
    if (t.notrack) s += ' notrack';
    if (t.helper) s += ` helper ${t.helper}`;
    if (t.zone) s += ` zone ${t.zone}`;
    return s;
  },
};

export const notrackExt: Extension<{ kind: 'NOTRACK' }> = {
  name: 'NOTRACK',
  options: [],
  init: () => ({ kind: 'NOTRACK' }),
  parse: () => null,
  final: () => null,
  save: () => '',
  print: () => ' NOTRACK',
};

/** Helpers this simulator has (the kernel would also know irc, sip, tftp, ...). */
export const KNOWN_HELPERS = ['ftp'];
