import { useShallow } from 'zustand/react/shallow';
import type { CtStateName } from '../../sim/api';
import { CT_STATES } from '../common/states';
import { useT } from '../i18n/useT';
import { useUi, type EventFilters as Filters } from '../store/store';

export function EventFilters() {
  const t = useT();
  const { filters, setFilters, followed, total } = useUi(
    useShallow((s) => ({ filters: s.filters, setFilters: s.setFilters, followed: s.followedConn, total: s.packets.length })),
  );
  return (
    <div className="events-filters grow" role="search" aria-label={t('ev.filter')}>
      <span className="grow" />
      <input
        type="search"
        placeholder={`${t('ev.filterText')}…`}
        aria-label={t('ev.filterText')}
        value={filters.text}
        onChange={(e) => setFilters({ text: e.target.value })}
      />
      <select aria-label={t('ev.filterState')} value={filters.state} onChange={(e) => setFilters({ state: e.target.value as CtStateName | 'all' })}>
        <option value="all">
          {t('ev.filterState')}: {t('ev.all')}
        </option>
        {CT_STATES.map((s) => (
          <option key={s} value={s}>
            {s}
          </option>
        ))}
      </select>
      <select
        aria-label={t('ev.filterVerdict')}
        value={filters.verdict}
        onChange={(e) => setFilters({ verdict: e.target.value as Filters['verdict'] })}
      >
        <option value="all">
          {t('ev.filterVerdict')}: {t('ev.all')}
        </option>
        <option value="ACCEPT">ACCEPT</option>
        <option value="DROP">DROP</option>
        <option value="REJECT">REJECT</option>
      </select>
      {followed !== null && (
        <label className="small" style={{ whiteSpace: 'nowrap' }}>
          <input type="checkbox" checked={filters.onlyFollowed} onChange={(e) => setFilters({ onlyFollowed: e.target.checked })} /> #{followed}
        </label>
      )}
      <span className="muted small" style={{ whiteSpace: 'nowrap' }}>
        {total}
      </span>
    </div>
  );
}
