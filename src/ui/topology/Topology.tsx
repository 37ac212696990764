import { ReactFlow, type Edge } from '@xyflow/react';
import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { FitOnResize } from '../common/FitOnResize';
import { CT_STATES } from '../common/states';
import { StateBadge } from '../common/StateBadge';
import { useUi } from '../store/store';
import { nodeX } from './layout';
import { NetNode, type NetNodeType } from './NetNode';
import { PacketLayer } from './PacketLayer';

const nodeTypes = { net: NetNode };
const fitViewOptions = { padding: 0.12 };

/** The three nodes and their links; packets fly over it (PacketLayer). */
export function Topology() {
  const { nodes: views, selectedNode, lang, selectNode } = useUi(
    useShallow((s) => ({ nodes: s.snapshot?.nodes, selectedNode: s.selectedNode, lang: s.lang, selectNode: s.selectNode })),
  );
  const nodeIds = useMemo(() => (views ?? []).map((v) => v.id), [views]);

  const nodes = useMemo<NetNodeType[]>(
    () =>
      (views ?? []).map((view, i) => ({
        id: view.id,
        type: 'net',
        position: { x: nodeX(i), y: 0 },
        data: { view, selected: view.id === selectedNode, lang },
        draggable: false,
        selectable: false,
      })),
    [views, selectedNode, lang],
  );
  const edges = useMemo<Edge[]>(
    () =>
      nodeIds.slice(1).map((id, i) => ({
        id: `link-${i}`,
        source: nodeIds[i],
        sourceHandle: 'r',
        target: id,
        targetHandle: 'l',
        type: 'straight',
        style: { stroke: '#9aa3b2', strokeWidth: 3 },
        selectable: false,
      })),
    [nodeIds],
  );

  return (
    <div className="topo" style={{ position: 'absolute', inset: 0 }}>
      <ReactFlow
        key={nodeIds.join(',')}
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        fitView
        fitViewOptions={fitViewOptions}
        nodesDraggable={false}
        nodesConnectable={false}
        elementsSelectable={false}
        zoomOnScroll={false}
        panOnScroll={false}
        panOnDrag={false}
        zoomOnDoubleClick={false}
        preventScrolling={false}
        onNodeClick={(_, n) => {
          selectNode(n.id);
          const ui = useUi.getState();
          if (ui.sidePanel !== 'rules') ui.setSidePanel('conntrack');
        }}
        proOptions={{ hideAttribution: true }}
        minZoom={0.3}
      >
        <PacketLayer nodeIds={nodeIds} />
        <FitOnResize padding={fitViewOptions.padding} />
      </ReactFlow>
      <div className="topo-legend" aria-hidden="true">
        {CT_STATES.map((s) => (
          <StateBadge key={s} state={s} short />
        ))}
      </div>
    </div>
  );
}
