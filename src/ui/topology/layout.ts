/** Where the three nodes sit on the topology canvas (flow coordinates), shared by the nodes and the packet layer. */
import type { NodeBox } from './packetMotion';

export const NODE_W = 210;
/** y of the links (and the handles) inside a node box. */
export const LINK_Y = 44;
export const NODE_GAP = 105;

export function nodeX(index: number): number {
  return index * (NODE_W + NODE_GAP);
}

export function boxesFor(ids: readonly string[]): Record<string, NodeBox> {
  const out: Record<string, NodeBox> = Object.create(null) as Record<string, NodeBox>; // node ids may be `constructor`, `__proto__`
  ids.forEach((id, i) => {
    out[id] = { cx: nodeX(i) + NODE_W / 2, cy: LINK_Y, halfW: NODE_W / 2 };
  });
  return out;
}
