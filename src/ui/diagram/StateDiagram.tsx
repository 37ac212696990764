import { MarkerType, ReactFlow, type Edge } from '@xyflow/react';
import { memo, useMemo } from 'react';
import type { CtStateName } from '../../sim/api';
import { useShallow } from 'zustand/react/shallow';
import { FitOnResize } from '../common/FitOnResize';
import { CT_STATES } from '../common/states';
import { translate, type Lang } from '../i18n';
import { currentPacket, firewallIdOf, firewallVerdict } from '../store/derive';
import { useUi } from '../store/store';
import { DiagramNode, type DiagramNodeType } from './DiagramNode';
import { edgeId, TCP_DIAGRAM_EDGES, TCP_DIAGRAM_POS, TCP_DIAGRAM_STATES, findEdge } from './tcpDiagramEdges';

const nodeTypes = { dstate: DiagramNode };
const fitViewOptions = { padding: 0.06 };
const P_Y = 0;

/** Handles so edges leave and enter on the facing sides. */
function handles(from: { x: number; y: number }, to: { x: number; y: number }): [string, string] {
  if (Math.abs(from.y - to.y) < 10) return from.x < to.x ? ['sr', 'tl'] : ['sl', 'tr'];
  return from.y < to.y ? ['sb', 'tt'] : ['st', 'tb'];
}


interface FlowProps {
  lang: Lang;
  litState: CtStateName | null;
  trTo: string | null;
  currentTcp: string | null;
  litEdgeKey: string | null;
}

const DiagramFlow = memo(function DiagramFlow({ lang, litState, trTo, currentTcp, litEdgeKey }: FlowProps) {
  const rfNodes = useMemo<DiagramNodeType[]>(() => {
    const out: DiagramNodeType[] = [
      { id: 'g-p', type: 'dstate', position: { x: 0, y: P_Y - 30 }, data: { kind: 'group', label: translate(lang, 'diagram.packetStates'), lit: false }, draggable: false, selectable: false },
      { id: 'g-t', type: 'dstate', position: { x: 0, y: 58 }, data: { kind: 'group', label: translate(lang, 'diagram.tcpStates'), lit: false }, draggable: false, selectable: false },
    ];
    CT_STATES.forEach((s, i) =>
      out.push({
        id: `p-${s}`,
        type: 'dstate',
        position: { x: i * 166, y: P_Y },
        data: { kind: 'pstate', label: s, state: s, lit: litState === s, title: translate(lang, `state.${s}.desc`) },
        draggable: false,
        selectable: false,
      }),
    );
    for (const s of TCP_DIAGRAM_STATES)
      out.push({
        id: `t-${s}`,
        type: 'dstate',
        position: TCP_DIAGRAM_POS[s],
        data: { kind: 'tcp', label: s, lit: trTo === s, current: currentTcp === s },
        draggable: false,
        selectable: false,
      });
    return out;
  }, [lang, litState, trTo, currentTcp]);

  const rfEdges = useMemo<Edge[]>(
    () =>
      TCP_DIAGRAM_EDGES.map((e) => {
        const [sh, th] = e.via ?? handles(TCP_DIAGRAM_POS[e.from], TCP_DIAGRAM_POS[e.to]);
        const lit = litEdgeKey === edgeId(e);
        return {
          id: edgeId(e),
          source: `t-${e.from}`,
          target: `t-${e.to}`,
          sourceHandle: sh,
          targetHandle: th,
          type: 'smoothstep',
          label: e.label,
          animated: lit,
          markerEnd: { type: MarkerType.ArrowClosed, color: lit ? '#0e6a87' : '#9aa3b2', width: 16, height: 16 },
          style: { stroke: lit ? '#0e6a87' : '#9aa3b2', strokeWidth: lit ? 3 : 1.4, strokeDasharray: e.dir === 'reply' ? '5 3' : undefined },
          labelStyle: { fontWeight: lit ? 800 : 500, fill: lit ? '#0e6a87' : '#3b4350' },
          labelBgStyle: { fill: lit ? '#fff6c9' : '#fcfbf8' },
          labelBgPadding: [3, 1] as [number, number],
          selectable: false,
          focusable: false,
          className: lit ? 'lit' : undefined,
          data: { lit },
        };
      }),
    [litEdgeKey],
  );

  return (
    <ReactFlow
      nodes={rfNodes}
      edges={rfEdges}
      nodeTypes={nodeTypes}
      fitView
      fitViewOptions={fitViewOptions}
      nodesDraggable={false}
      nodesConnectable={false}
      elementsSelectable={false}
      zoomOnScroll={false}
      panOnDrag={false}
      zoomOnDoubleClick={false}
      preventScrolling={false}
      proOptions={{ hideAttribution: true }}
      minZoom={0.2}
    >
      <FitOnResize padding={fitViewOptions.padding} />
    </ReactFlow>
  );
});

/**
 * What the diagram shows: the packet in focus and its transition at the firewall. Derived in
 * the selector, so a batch that leaves the focus as it was re-renders nothing.
 */
function useDiagramFocus() {
  return useUi(
    useShallow((s) => {
      const nodes = s.snapshot?.nodes;
      const fwId = firewallIdOf(nodes);
      const followed = s.followedConn;
      const cur = currentPacket(s.packets, s.snapshot?.now ?? 0, s.selectedEventId, followed, fwId);
      const v = firewallVerdict(cur, fwId);
      const tr = v?.tcpTransition ?? null;
      const litEdge = tr ? findEdge(tr.from, tr.to) : undefined;
      const followedConn = followed !== null ? nodes?.find((n) => n.id === fwId)?.conntrack.find((c) => c.id === followed) : undefined;
      return {
        lang: s.lang,
        cur,
        followed,
        selectedEventId: s.selectedEventId,
        litState: v?.state ?? null,
        trTo: tr?.to ?? null,
        litEdgeKey: litEdge ? edgeId(litEdge) : null,
        currentTcp: followedConn?.tcpState ?? tr?.to ?? null,
      };
    }),
  );
}

/** The caption in the diagram's header: what it shows, and a way to stop following. */
export function DiagramCaption() {
  const { lang, cur, followed, selectedEventId } = useDiagramFocus();
  const follow = useUi((s) => s.follow);
  let caption: string;
  if (followed !== null) caption = translate(lang, 'diagram.following', { id: followed });
  else if (selectedEventId !== null && cur) caption = translate(lang, 'diagram.selected', { id: cur.id });
  else if (cur) caption = translate(lang, 'diagram.latest');
  else caption = translate(lang, 'diagram.none');
  return (
    <div className="diagram-caption grow">
      <span className="grow" />
      <span className="muted">{caption}</span>
      {followed !== null && (
        <button type="button" className="btn" onClick={() => follow(null)}>
          {translate(lang, 'diagram.stopFollowing')}
        </button>
      )}
    </div>
  );
}

export function StateDiagram() {
  const { lang, litState, trTo, litEdgeKey, currentTcp } = useDiagramFocus();
  return (
    <div style={{ position: 'absolute', inset: 0 }} data-testid="state-diagram" data-lit-state={litState ?? ''} data-lit-edge={litEdgeKey ?? ''}>
      <DiagramFlow lang={lang} litState={litState} trTo={trTo} currentTcp={currentTcp} litEdgeKey={litEdgeKey} />
    </div>
  );
}
