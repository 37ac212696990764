import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { NodeView } from '../../sim/api';
import { translate, type Lang } from '../i18n';
import { IconFirewall, IconHost } from '../common/icons';
import { LINK_Y } from './layout';

export type NetNodeData = { view: NodeView; selected: boolean; lang: Lang };
export type NetNodeType = Node<NetNodeData, 'net'>;

/** A host or the firewall: name, addresses, services, and whether its netfilter holds rules. */
export const NetNode = memo(function NetNode({ data }: NodeProps<NetNodeType>) {
  const { view, selected, lang } = data;
  const t = (k: Parameters<typeof translate>[1], p?: Record<string, string | number>) => translate(lang, k, p);
  const fw = view.kind === 'firewall';
  return (
    <div
      className={`netnode ${fw ? 'fw' : 'host'} ${selected ? 'selected' : ''}`}
      data-testid={`node-${view.id}`}
      aria-label={t('topo.select', { name: view.name })}
    >
      <Handle type="target" position={Position.Left} id="l" style={{ top: LINK_Y }} isConnectable={false} />
      <Handle type="source" position={Position.Right} id="r" style={{ top: LINK_Y }} isConnectable={false} />
      <div className="nn-head">
        <span className="nn-icon" aria-hidden="true">
          {fw ? <IconFirewall /> : <IconHost />}
        </span>
        <div>
          <div className="nn-name">{view.name}</div>
          <div className="nn-kind">{fw ? t('topo.firewall') : t('topo.host')}</div>
        </div>
      </div>
      {view.addrs.map((a) => (
        <div className="nn-addr" key={a}>
          {a}
        </div>
      ))}
      <div className="nn-row">
        <span
          className={`chip ${view.hasRules ? 'rules' : 'norules'}`}
          title={view.hasRules ? t('topo.rulesTitle') : t('topo.noRulesTitle')}
        >
          {view.hasRules ? `▣ ${t('topo.rules')}` : t('topo.noRules')}
        </span>
        {view.services.map((s) => (
          <span className="chip svc" key={`${s.proto}/${s.port}`} title={s.name}>
            {s.port}/{s.proto} {s.name}
          </span>
        ))}
        <span className="chip" title={t('topo.conns', { n: view.conntrack.length })}>
          ct {view.conntrack.length}
        </span>
      </div>
    </div>
  );
});
