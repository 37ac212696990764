import type { CtStateName } from '../../sim/api';
import { useT } from '../i18n/useT';
import { STATE_LOOK, stateClass } from './states';

/** A state as everywhere on the page: colour, icon, border shape and the name. */
export function StateBadge({ state, short = false }: { state: CtStateName | null; short?: boolean }) {
  const t = useT();
  if (!state) return <span className="muted">—</span>;
  const look = STATE_LOOK[state];
  return (
    <span className={`badge ${stateClass(state)}`} title={t(`state.${state}.desc`)}>
      <span className="ico" aria-hidden="true">
        {look.icon}
      </span>
      {short ? state : t(`state.${state}`)}
    </span>
  );
}
