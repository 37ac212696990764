import { memo, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { PacketEvent } from '../../sim/api';
import { IconFastForward } from '../common/icons';
import { StateBadge } from '../common/StateBadge';
import { useT } from '../i18n/useT';
import { firewallIdOf, formatSeconds, formatTime, matchesFilters, outcome, packetState, ruleCell } from '../store/derive';
import { useUi } from '../store/store';

const MAX_ROWS = 5000;
/** Rows are one line high (nowrap): drawn only around what is in view (a flood makes thousands). */
const DEFAULT_ROW_H = 21;
const OVERSCAN = 12;

/** A pause longer than this before a packet is marked on its row ("⏩ 3.6 s later"). */
const GAP_MARK_MS = 500;

const Row = memo(function Row({
  ev,
  selected,
  fwId,
  policy,
  gapNote,
  onSelect,
}: {
  ev: PacketEvent;
  selected: boolean;
  fwId: string;
  policy: string;
  /** "3.6 s later" when the previous row is long before this one. */
  gapNote: string | null;
  onSelect: (id: number) => void;
}) {
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
        {gapNote && (
          <span className="gap-note">
            <IconFastForward /> {gapNote}
          </span>
        )}
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
  const { packets, filters, followed, selectedEventId, selectEvent, fwId } = useUi(
    useShallow((s) => ({
      packets: s.packets,
      filters: s.filters,
      followed: s.followedConn,
      selectedEventId: s.selectedEventId,
      selectEvent: s.selectEvent,
      fwId: firewallIdOf(s.snapshot?.nodes),
    })),
  );
  const matched = useMemo(() => packets.filter((p) => matchesFilters(p, filters, followed, fwId)), [packets, filters, followed, fwId]);
  const shown = matched.length > MAX_ROWS ? matched.slice(matched.length - MAX_ROWS) : matched;
  const hidden = matched.length - shown.length;

  // only the rows in view (and a margin) are drawn; spacer rows keep the scroll height
  const scroller = useRef<HTMLDivElement>(null);
  // stuck to the newest row unless the reader scrolled up
  const [stuck, setStuck] = useState(true);
  const [view, setView] = useState({ top: 0, height: 400 });
  const [{ rowH, headH }, setMetrics] = useState({ rowH: DEFAULT_ROW_H, headH: 24 });
  const focusPending = useRef<number | null>(null);
  const first = stuck
    ? Math.max(0, shown.length - Math.ceil(view.height / rowH) - OVERSCAN)
    : Math.max(0, Math.floor((view.top - headH) / rowH) - OVERSCAN);
  const last = stuck ? shown.length : Math.min(shown.length, Math.ceil((view.top + view.height) / rowH) + OVERSCAN);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const measure = () => setView((v) => (v.height === el.clientHeight && v.top === el.scrollTop ? v : { top: el.scrollTop, height: el.clientHeight }));
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  useLayoutEffect(() => {
    const el = scroller.current;
    const row = el?.querySelector<HTMLElement>('tr.row');
    const head = el?.querySelector<HTMLElement>('thead');
    if (!row || !head || row.offsetHeight === 0) return;
    const m = { rowH: row.offsetHeight, headH: head.offsetHeight };
    setMetrics((o) => (o.rowH === m.rowH && o.headH === m.headH ? o : m));
  }, [shown.length > 0]); // eslint-disable-line react-hooks/exhaustive-deps

  // keep the newest row in view: scrolled in the next frame, before it is laid out anyway (a
  // scroll now would force a layout of the whole page after every batch)
  useEffect(() => {
    if (!stuck) return;
    const raf = requestAnimationFrame(() => {
      const el = scroller.current;
      if (el) el.scrollTop = el.scrollHeight;
    });
    return () => cancelAnimationFrame(raf);
  }, [matched.length, rowH, stuck]);

  // the selected row in view (it may not be drawn yet: scroll by index), then focused if asked
  useEffect(() => {
    if (selectedEventId === null) return;
    const el = scroller.current;
    const i = shown.findIndex((p) => p.id === selectedEventId);
    if (!el || i < 0) return;
    const earlier = el.querySelector<HTMLElement>('.events-earlier')?.offsetHeight ?? 0;
    const rowTop = earlier + headH + i * rowH;
    if (rowTop - headH < el.scrollTop) el.scrollTop = rowTop - headH;
    else if (rowTop + rowH > el.scrollTop + el.clientHeight) el.scrollTop = rowTop + rowH - el.clientHeight;
  }, [selectedEventId]); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => {
    const id = focusPending.current;
    if (id === null) return;
    const row = scroller.current?.querySelector<HTMLElement>(`tr[data-event-id="${id}"]`);
    if (row) {
      focusPending.current = null;
      row.focus();
    }
  });

  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    e.preventDefault();
    e.stopPropagation();
    const i = shown.findIndex((p) => p.id === selectedEventId);
    const next = e.key === 'ArrowDown' ? Math.min(shown.length - 1, i + 1) : Math.max(0, i - 1);
    if (shown[next]) {
      focusPending.current = shown[next].id;
      selectEvent(shown[next].id);
    }
  };

  return (
    <div
      className="events-scroll"
      ref={scroller}
      onScroll={(e) => {
        const el = e.currentTarget;
        const atEnd = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
        if (atEnd !== stuck) setStuck(atEnd);
        setView((v) => (v.top === el.scrollTop ? v : { top: el.scrollTop, height: el.clientHeight }));
      }}
    >
      {hidden > 0 && <div className="empty small events-earlier">{t('ev.earlier', { n: hidden })}</div>}
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
          {first > 0 && <tr aria-hidden="true" className="spacer" style={{ height: first * rowH }} />}
          {shown.slice(first, last).map((p, k) => {
            const prev = shown[first + k - 1];
            const gap = prev ? p.tSend - prev.tSend : 0;
            const gapNote = gap > GAP_MARK_MS ? t('transport.quietLater', { s: formatSeconds(gap) }) : null;
            return <Row key={p.id} ev={p} selected={p.id === selectedEventId} fwId={fwId} policy={t('ev.policy')} gapNote={gapNote} onSelect={selectEvent} />;
          })}
          {last < shown.length && <tr aria-hidden="true" className="spacer" style={{ height: (shown.length - last) * rowH }} />}
        </tbody>
      </table>
      {packets.length === 0 && <div className="empty">{t('ev.empty')}</div>}
      {packets.length > 0 && matched.length === 0 && <div className="empty">{t('ev.noMatch')}</div>}
    </div>
  );
}
