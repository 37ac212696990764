/**
 * Predict-then-see breakpoints (api.ts PacketBreakpoint): which packet on a link a breakpoint
 * waits for, and which packet event a held packet became once it went on. Pure: the simulator
 * asks before each agenda item, the session keeps the status.
 */
import type { BreakpointStatus, PacketBreakpoint, PacketEvent } from './api';
import { packetLabel } from './packetView';
import type { Hop, World } from './world';

/** True when `hop`, about to arrive, is the packet `bp` waits for. */
export function breakpointMatches(bp: PacketBreakpoint, hop: Hop, world: World): boolean {
  if (world.nodes[hop.to]?.spec.id !== bp.at) return false;
  if (bp.label !== undefined && packetLabel(hop.pkt) !== bp.label) return false;
  if (bp.dport !== undefined && hop.pkt.dport !== bp.dport) return false;
  if (bp.from !== undefined) {
    const i = world.nodeIndex(bp.from);
    if (i < 0 || !world.nodes[i].stack.owns(hop.pkt.src)) return false;
  }
  return true;
}

/** What the session remembers of a held packet, to find its packet event after it went on. */
export interface HeldPacket {
  from: string;
  to: string;
  tArrive: number;
  label: string;
}

export function heldPacket(hop: Hop, world: World): HeldPacket {
  return { from: world.nodes[hop.from].spec.id, to: world.nodes[hop.to].spec.id, tArrive: hop.tArrive, label: packetLabel(hop.pkt) };
}

export function heldStatus(id: number, hop: Hop, world: World): BreakpointStatus {
  return { id, state: 'held', label: packetLabel(hop.pkt), summary: world.summarize(hop.pkt) };
}

/** The packet event (from index `since` on) that the held packet became, or -1 while it has not arrived yet. */
export function passedPacketId(held: HeldPacket, packets: readonly PacketEvent[], since: number): number {
  for (let i = Math.max(0, since); i < packets.length; i++) {
    const p = packets[i];
    if (p.from === held.from && p.to === held.to && p.tArrive === held.tArrive && p.label === held.label) return p.id;
  }
  return -1;
}
