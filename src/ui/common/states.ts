/**
 * How each conntrack state looks, everywhere: colour, icon and (via i18n) label. A state is
 * never told by colour alone: the icon and the card's border style say it too.
 */
import type { CtStateName } from '../../sim/api';

export const CT_STATES: readonly CtStateName[] = ['NEW', 'ESTABLISHED', 'RELATED', 'INVALID', 'UNTRACKED'];

export interface StateLook {
  /** CSS custom property holding the colour. */
  color: string;
  icon: string;
  /** Short form for small cards. */
  short: string;
}

export const STATE_LOOK: Record<CtStateName, StateLook> = {
  NEW: { color: 'var(--st-new)', icon: '✚', short: 'NEW' },
  ESTABLISHED: { color: 'var(--st-est)', icon: '⇄', short: 'EST' },
  RELATED: { color: 'var(--st-rel)', icon: '⤷', short: 'REL' },
  INVALID: { color: 'var(--st-inv)', icon: '⚠', short: 'INV' },
  UNTRACKED: { color: 'var(--st-unt)', icon: '◌', short: 'UNT' },
};

/** Class suffix used by the CSS for per-state shapes: .st-new, .st-est, ... */
export function stateClass(s: CtStateName | null): string {
  switch (s) {
    case 'NEW':
      return 'st-new';
    case 'ESTABLISHED':
      return 'st-est';
    case 'RELATED':
      return 'st-rel';
    case 'INVALID':
      return 'st-inv';
    case 'UNTRACKED':
      return 'st-unt';
    default:
      return 'st-none';
  }
}
