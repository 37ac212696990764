/**
 * THE UI'S OWN LIST of the TCP conntrack transitions the diagram draws — the main paths of the
 * kernel's tcp_conntracks table, each labelled with the packet that takes it. The complete table
 * lives in the engine (src/engine/proto/tcpStates.ts, tcpTransitionsForDiagram()); this file
 * only chooses which edges are drawn and where the states sit, so the diagram stays readable.
 * A transition the engine reports that is not drawn here still lights its target state.
 */
import type { TcpStateName } from '../../engine/proto/tcpStates';

/** The states drawn: the engine's names (TCP_STATE_NAMES), checked by the type. */
export const TCP_DIAGRAM_STATES = [
  'NONE',
  'SYN_SENT',
  'SYN_RECV',
  'ESTABLISHED',
  'FIN_WAIT',
  'CLOSE_WAIT',
  'LAST_ACK',
  'TIME_WAIT',
  'CLOSE',
  'SYN_SENT2',
] as const satisfies readonly TcpStateName[];

export type TcpDiagramState = (typeof TCP_DIAGRAM_STATES)[number];

export interface TcpDiagramEdge {
  from: TcpDiagramState;
  to: TcpDiagramState;
  /** The packet that takes the edge; "(reply)" when it comes from the responder. */
  label: string;
  dir: 'original' | 'reply' | 'either';
  /** Which sides the edge leaves and enters, when the nearest sides would cross other states. */
  via?: [string, string];
}

export const TCP_DIAGRAM_EDGES: readonly TcpDiagramEdge[] = [
  { from: 'NONE', to: 'SYN_SENT', label: 'SYN', dir: 'original' },
  { from: 'NONE', to: 'ESTABLISHED', label: 'ACK (pickup)', dir: 'original', via: ['st', 'tt'] },
  { from: 'SYN_SENT', to: 'SYN_RECV', label: 'SYN/ACK (reply)', dir: 'reply' },
  { from: 'SYN_SENT', to: 'SYN_SENT2', label: 'SYN (reply)', dir: 'reply' },
  { from: 'SYN_SENT2', to: 'SYN_RECV', label: 'SYN/ACK', dir: 'either', via: ['sr', 'tb'] },
  { from: 'SYN_RECV', to: 'ESTABLISHED', label: 'ACK', dir: 'original' },
  { from: 'ESTABLISHED', to: 'FIN_WAIT', label: 'FIN', dir: 'either' },
  { from: 'FIN_WAIT', to: 'CLOSE_WAIT', label: 'ACK', dir: 'either' },
  { from: 'FIN_WAIT', to: 'LAST_ACK', label: 'FIN', dir: 'either', via: ['st', 'tt'] },
  { from: 'CLOSE_WAIT', to: 'LAST_ACK', label: 'FIN', dir: 'either' },
  { from: 'LAST_ACK', to: 'TIME_WAIT', label: 'ACK', dir: 'either' },
  { from: 'ESTABLISHED', to: 'CLOSE', label: 'RST', dir: 'either' },
];

/**
 * Where each state sits (flow coordinates): row 1 the opening, row 3 the closing (right to left).
 * The reopening edges (a SYN in TIME_WAIT or CLOSE) are not drawn; their target still lights.
 */
export const TCP_DIAGRAM_POS: Record<TcpDiagramState, { x: number; y: number }> = {
  NONE: { x: 0, y: 90 },
  SYN_SENT: { x: 220, y: 90 },
  SYN_RECV: { x: 440, y: 90 },
  ESTABLISHED: { x: 660, y: 90 },
  SYN_SENT2: { x: 110, y: 180 },
  CLOSE: { x: 550, y: 180 },
  TIME_WAIT: { x: 0, y: 270 },
  LAST_ACK: { x: 220, y: 270 },
  CLOSE_WAIT: { x: 440, y: 270 },
  FIN_WAIT: { x: 660, y: 270 },
};

export function edgeId(e: Pick<TcpDiagramEdge, 'from' | 'to'>): string {
  return `tcp-${e.from}-${e.to}`;
}

/** The drawn edge for a transition, if there is one. */
export function findEdge(from: string, to: string): TcpDiagramEdge | undefined {
  return TCP_DIAGRAM_EDGES.find((e) => e.from === from && e.to === to);
}
