import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { CtStateName } from '../../sim/api';
import { STATE_LOOK, stateClass } from '../common/states';

export type DiagramNodeData = {
  kind: 'pstate' | 'tcp' | 'group';
  label: string;
  state?: CtStateName;
  lit: boolean;
  current?: boolean;
  title?: string;
};
export type DiagramNodeType = Node<DiagramNodeData, 'dstate'>;

const SIDES: [Position, string][] = [
  [Position.Top, 't'],
  [Position.Right, 'r'],
  [Position.Bottom, 'b'],
  [Position.Left, 'l'],
];

/** A state in the diagram: a packet state (with its icon and shape) or a TCP entry state. */
export const DiagramNode = memo(function DiagramNode({ data }: NodeProps<DiagramNodeType>) {
  if (data.kind === 'group') return <div className="dnode group">{data.label}</div>;
  const cls = data.kind === 'pstate' ? `pstate ${stateClass(data.state ?? null)}` : 'tcp';
  return (
    <div
      className={`dnode ${cls}${data.lit ? ' lit' : ''}${data.current ? ' now' : ''}`}
      title={data.title}
      data-state={data.state ?? data.label}
      data-lit={data.lit ? 'true' : 'false'}
    >
      {SIDES.map(([pos, id]) => (
        <Handle key={`s${id}`} type="source" position={pos} id={`s${id}`} isConnectable={false} />
      ))}
      {SIDES.map(([pos, id]) => (
        <Handle key={`t${id}`} type="target" position={pos} id={`t${id}`} isConnectable={false} />
      ))}
      <span>
        {data.state && (
          <span aria-hidden="true" style={{ marginRight: 4 }}>
            {STATE_LOOK[data.state].icon}
          </span>
        )}
        {data.label}
      </span>
    </div>
  );
});
