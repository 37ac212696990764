import { useShallow } from 'zustand/react/shallow';
import { useT } from '../i18n/useT';
import { withCountdown } from '../store/derive';
import { useUi } from '../store/store';
import { CtLineText } from './CtLine';

/** The selected node's conntrack table, as `conntrack -L` prints it, counting down on the virtual clock. */
export function ConntrackPanel() {
  const t = useT();
  const { nodes, selected, now, followed, selectNode, follow } = useUi(
    useShallow((s) => ({
      nodes: s.snapshot?.nodes,
      selected: s.selectedNode,
      now: s.snapshot?.now ?? 0,
      followed: s.followedConn,
      selectNode: s.selectNode,
      follow: s.follow,
    })),
  );
  const view = nodes?.find((n) => n.id === selected) ?? nodes?.[1];
  return (
    <div className="side-scroll">
      <div className="node-tabs" role="group" aria-label={t('ct.node')}>
        {(nodes ?? []).map((n) => (
          <button key={n.id} type="button" className="btn" aria-pressed={n.id === view?.id} onClick={() => selectNode(n.id)}>
            {n.name} <span className="muted">({n.conntrack.length})</span>
          </button>
        ))}
      </div>
      {view && (
        <section aria-label={`${view.name} conntrack table`}>
          <h3 className="section-title">
            <span className="mono">[root@{view.name} /]# conntrack -L</span>
          </h3>
          {view.conntrack.length === 0 && <p className="muted small">{t('ct.empty')}</p>}
          {view.conntrack.map((c) => (
            <button
              key={c.id}
              type="button"
              className={`ct-line${c.id === followed ? ' followed' : ''}`}
              title={c.id === followed ? t('ct.following') : t('ct.follow')}
              aria-pressed={c.id === followed}
              onClick={() => follow(c.id === followed ? null : c.id)}
              data-conn-id={c.id}
            >
              <CtLineText line={withCountdown(c.line, c.expires, now)} />
            </button>
          ))}
          <p className="muted small mono">conntrack v1.4.8 (conntrack-tools): {view.conntrack.length} flow entries have been shown.</p>
          <h3 className="section-title">{t('ct.expectations')}</h3>
          {view.expectations.length === 0 ? (
            <p className="muted small">{t('ct.noExpectations')}</p>
          ) : (
            <pre className="out">{view.expectations.join('\n')}</pre>
          )}
          {view.kind === 'host' && view.sockets.length > 0 && (
            <>
              <h3 className="section-title">{t('ct.sockets')}</h3>
              <pre className="out">{view.sockets.join('\n')}</pre>
            </>
          )}
        </section>
      )}
    </div>
  );
}
