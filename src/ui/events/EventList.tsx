import { memo, useEffect, useMemo, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { PacketEvent } from '../../sim/api';
import { StateBadge } from '../common/StateBadge';
import { useT } from '../i18n/useT';
import { firewallIdOf, formatTime, matchesFilters, outcome, packetState, ruleCell } from '../store/derive';
import { useUi } from '../store/store';

const MAX_ROWS = 400;

const Row = memo(function Row({ ev, selected, fwId, policy, onSelect }: { ev: PacketEvent; selected: boolean; fwId: string; policy: string; onSelect: (id: number) => void }) {
  const out = outcome(ev);
  const rule = ruleCell(ev, fwId);
  return (
    <tr
      className={`row${out !== 'ACCEPT' ? ' dropped' : ''}`}
      aria-selected={selected}
      tabIndex={selected ? 0 : -1}
      data-event-id={ev.id}
      onClick={() => onSelect(ev.id)}
    >
      <td className="mono">{formatTime(ev.tSend)}</td>
      <td className="mono">{ev.from}</td>
      <td className="mono">{ev.to}</td>
      <td className="mono" title={ev.summary}>
        <strong>{ev.label}</strong> {ev.summary}
      </td>
      <td>
        <StateBadge state={packetState(ev, fwId)} short />
      </td>
      <td title={ev.fate.kind !== 'delivered' ? ev.fate.at : undefined}>
        <span className={`verdict ${out}`}>
          {out === 'ACCEPT' ? '✓' : '✕'} {out}
        </span>
      </td>
      <td className="mono" title={rule ?? policy}>
        {rule ?? <span className="muted">{policy}</span>}
      </td>
    </tr>
  );
});

/** The packets, one row per hop, like a capture: filterable, click to inspect. */
export function EventList() {
  const t = useT();
  const { packets, filters, followed, selectedEventId, selectEvent, nodes } = useUi(
    useShallow((s) => ({
      packets: s.packets,
      filters: s.filters,
      followed: s.followedConn,
      selectedEventId: s.selectedEventId,
      selectEvent: s.selectEvent,
      nodes: s.snapshot?.nodes,
    })),
  );
  const fwId = firewallIdOf(nodes);
  const matched = useMemo(() => packets.filter((p) => matchesFilters(p, filters, followed, fwId)), [packets, filters, followed, fwId]);
  const shown = matched.length > MAX_ROWS ? matched.slice(matched.length - MAX_ROWS) : matched;
  const hidden = matched.length - shown.length;

  // keep the newest row in view unless the reader scrolled up
  const scroller = useRef<HTMLDivElement>(null);
  const stick = useRef(true);
  useEffect(() => {
    const el = scroller.current;
    if (el && stick.current) el.scrollTop = el.scrollHeight;
  }, [shown.length]);
  useEffect(() => {
    if (selectedEventId === null) return;
    scroller.current?.querySelector(`tr[data-event-id="${selectedEventId}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [selectedEventId]);

  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    e.preventDefault();
    e.stopPropagation();
    const i = shown.findIndex((p) => p.id === selectedEventId);
    const next = e.key === 'ArrowDown' ? Math.min(shown.length - 1, i + 1) : Math.max(0, i - 1);
    if (shown[next]) {
      selectEvent(shown[next].id);
      requestAnimationFrame(() => scroller.current?.querySelector<HTMLElement>(`tr[data-event-id="${shown[next].id}"]`)?.focus());
    }
  };

  return (
    <div
      className="events-scroll"
      ref={scroller}
      onScroll={(e) => {
        const el = e.currentTarget;
        stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
      }}
    >
      {hidden > 0 && <div className="empty small">{t('ev.earlier', { n: hidden })}</div>}
      <table className="events" aria-label="Events" onKeyDown={onKeyDown}>
        <colgroup>
          <col className="col-time" />
          <col className="col-from" />
          <col className="col-to" />
          <col />
          <col className="col-state" />
          <col className="col-verdict" />
          <col className="col-rule" />
        </colgroup>
        <thead>
          <tr>
            <th scope="col">{t('ev.time')}</th>
            <th scope="col">{t('ev.from')}</th>
            <th scope="col">{t('ev.to')}</th>
            <th scope="col">{t('ev.summary')}</th>
            <th scope="col">{t('ev.state')}</th>
            <th scope="col">{t('ev.verdict')}</th>
            <th scope="col">{t('ev.rule')}</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((p) => (
            <Row key={p.id} ev={p} selected={p.id === selectedEventId} fwId={fwId} policy={t('ev.policy')} onSelect={selectEvent} />
          ))}
        </tbody>
      </table>
      {packets.length === 0 && <div className="empty">{t('ev.empty')}</div>}
      {packets.length > 0 && matched.length === 0 && <div className="empty">{t('ev.noMatch')}</div>}
    </div>
  );
}
