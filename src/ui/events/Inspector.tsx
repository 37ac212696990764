import { useShallow } from 'zustand/react/shallow';
import type { HeaderField, NodeVerdict } from '../../sim/api';
import { CtLineText } from '../conntrack/CtLine';
import { StateBadge } from '../common/StateBadge';
import { reasonText, type Lang } from '../i18n';
import { useT } from '../i18n/useT';
import { connIds, firewallIdOf, formatTime, keyVerdict } from '../store/derive';
import { useUi } from '../store/store';

function Tree({ fields }: { fields: HeaderField[] }) {
  return (
    <ul className="tree">
      {fields.map((f, i) => (
        <li key={`${f.name}-${i}`}>
          {f.children?.length ? (
            <details open>
              <summary>
                <span className="k">{f.name}:</span> <span className="v">{f.value}</span>
              </summary>
              <Tree fields={f.children} />
            </details>
          ) : (
            <>
              <span className="k">{f.name}:</span> <span className="v">{f.value}</span>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}

function VerdictCard({ v, lang, isKey }: { v: NodeVerdict; lang: Lang; isKey: boolean }) {
  const t = useT();
  return (
    <article className={`verdict-card${isKey ? ' key' : ''}`} data-node={v.node} aria-label={t('insp.path', { node: v.node })}>
      <header>
        <span className="node">{v.node}</span>
        <span className="path">{v.path.split('>').join(' → ')}</span>
        <StateBadge state={v.state} short />
        <span className={`verdict ${v.verdict}`}>
          {v.verdict === 'ACCEPT' ? '✓' : '✕'} {v.verdict}
        </span>
        {v.tcpTransition && (
          <span className="mono small" title={t('insp.tcp')}>
            {v.tcpTransition.from} → {v.tcpTransition.to}
          </span>
        )}
      </header>
      <div className="body">
        {v.steps.length > 0 && (
          <>
            <div className="section-title">{t('insp.steps')}</div>
            <ol className="steps">
              {v.steps.map((s, i) => (
                <li key={i} className={`${s.matched ? 'matched' : ''}${s.decisive ? ' decisive' : ''}`} data-decisive={s.decisive ? 'true' : undefined}>
                  <span className="chain">
                    {s.table}/{s.chain}
                    {s.index > 0 ? ` #${s.index}` : ''}
                  </span>
                  <span>{s.text}</span>
                  <span className="tag">{s.decisive ? `◀ ${t('insp.decided')}` : s.matched ? t('insp.matched') : t('insp.notMatched')}</span>
                </li>
              ))}
            </ol>
          </>
        )}
        {v.reasons.length > 0 && (
          <>
            <div className="section-title">{t('insp.why')}</div>
            <ul className="reasons">
              {v.reasons.map((r, i) => (
                <li key={i} data-code={r.code}>
                  {reasonText(lang, r)}
                </li>
              ))}
            </ul>
          </>
        )}
        <div className="ct-pair">
          <div>
            <div className="lbl">{t('insp.ctBefore')}</div>
            <code>{v.ctBefore ? <CtLineText line={v.ctBefore} /> : t('insp.noEntry')}</code>
          </div>
          <div>
            <div className="lbl">{t('insp.ctAfter')}</div>
            <code>{v.ctAfter ? <CtLineText line={v.ctAfter} /> : t('insp.noEntry')}</code>
          </div>
        </div>
        {v.logs.length > 0 && (
          <>
            <div className="section-title">{t('insp.logs')}</div>
            <pre className="out">{v.logs.join('\n')}</pre>
          </>
        )}
      </div>
    </article>
  );
}

/** One packet, opened: its headers, the rules it met at each node, conntrack before and after, and why. */
export function Inspector() {
  const t = useT();
  const { ev, lang, follow, fwId } = useUi(
    useShallow((s) => ({
      ev: s.packets.find((p) => p.id === s.selectedEventId) ?? null,
      lang: s.lang,
      follow: s.follow,
      fwId: firewallIdOf(s.snapshot?.nodes),
    })),
  );
  if (!ev) return <div className="side-scroll empty">{t('insp.none')}</div>;
  const fateKey = ev.fate.kind === 'delivered' ? 'insp.fate.delivered' : ev.fate.kind === 'dropped' ? 'insp.fate.dropped' : 'insp.fate.rejected';
  const fateNode = ev.fate.kind === 'delivered' ? ev.to : ev.fate.at;
  const conn = connIds(ev);
  const key = ev.verdicts.length > 1 ? keyVerdict(ev, fwId) : null;
  const fwConn = ev.verdicts.find((v) => v.node === fwId)?.connId ?? conn[conn.length - 1];
  return (
    <div className="side-scroll" data-testid="inspector" data-event-id={ev.id}>
      <div className="insp-summary">
        #{ev.id} · t={formatTime(ev.tSend)}s · {ev.from} → {ev.to} · <strong>{ev.label}</strong>
        <br />
        {ev.summary}
      </div>
      <p className="small" style={{ margin: '0.4rem 0', display: 'flex', gap: '0.6rem', alignItems: 'center', flexWrap: 'wrap' }}>
        <span className={`verdict ${ev.fate.kind === 'delivered' ? 'ACCEPT' : 'DROP'}`}>{t(fateKey, { node: fateNode })}</span>
        {ev.isRejectReply && <span className="muted">{t('insp.rejectReply')}</span>}
        {conn.length > 0 && (
          <button type="button" className="btn" onClick={() => follow(fwConn ?? null)}>
            {t('insp.follow')}
          </button>
        )}
      </p>
      {ev.verdicts.length === 0 && <p className="muted small">{t('insp.noVerdicts')}</p>}
      {ev.verdicts.map((v, i) => (
        <VerdictCard key={`${v.node}-${i}`} v={v} lang={lang} isKey={v === key} />
      ))}
      <div className="section-title">{t('insp.headers')}</div>
      <Tree fields={ev.headers} />
    </div>
  );
}
