/**
 * Where a packet card is at a virtual time: pure geometry from tSend/tArrive and the nodes'
 * positions. The animation loop (PacketLayer) calls it every frame.
 *
 * Two sources: the snapshot's in-flight packets (on a link now; their state at the receiver is
 * not decided yet) and the PacketEvents (hops that ended: a mark where they arrived — a state
 * stamp when delivered, a ✕ burst where dropped, ↩ where a REJECT answered).
 */
import type { CtStateName, InFlightPacket, PacketEvent } from '../../sim/api';

export interface Point {
  x: number;
  y: number;
}

/** A node's box on the canvas (flow coordinates): centre and half width. */
export interface NodeBox {
  cx: number;
  cy: number;
  halfW: number;
}

export type Phase = 'flying' | 'arrived' | 'dropped' | 'rejected';

export interface PacketPose {
  x: number;
  y: number;
  phase: Phase;
  /** 0..1 along the link (1 once arrived). */
  progress: number;
  /** 0..1: 1 while flying, fading out at the end of a mark. */
  opacity: number;
}

export interface MotionOptions {
  /** How long (virtual ms) a drop or reject mark stays at the node. */
  burstMs: number;
  /** How long (virtual ms) a delivered packet's state stamp stays. */
  stampMs: number;
  /** Vertical offset of each direction's lane, so crossing packets do not overlap. */
  lane: number;
}

export const DEFAULT_MOTION: MotionOptions = { burstMs: 600, stampMs: 200, lane: 16 };

/** Marks last in proportion to the link delay, so they read the same at any scenario's scale. */
export function motionFor(linkDelayMs: number): MotionOptions {
  const d = Math.max(1, linkDelayMs);
  return { burstMs: d * 2.5, stampMs: d * 0.6, lane: 16 };
}

type Flight = Pick<InFlightPacket, 'from' | 'to' | 'tSend' | 'tArrive'>;

function endpoints(from: NodeBox, to: NodeBox, lane: number): [Point, Point] {
  const dir = to.cx >= from.cx ? 1 : -1;
  const dy = dir > 0 ? -lane : lane;
  return [
    { x: from.cx + dir * from.halfW, y: from.cy + dy },
    { x: to.cx - dir * to.halfW, y: to.cy + dy },
  ];
}

/** A packet on its link at `now`, or null outside [tSend, tArrive]. */
export function flightPose(f: Flight, now: number, boxes: Readonly<Record<string, NodeBox>>, opts: MotionOptions = DEFAULT_MOTION): PacketPose | null {
  const from = boxes[f.from];
  const to = boxes[f.to];
  if (!from || !to || now < f.tSend || now > f.tArrive) return null;
  const [a, b] = endpoints(from, to, opts.lane);
  const p = f.tArrive > f.tSend ? (now - f.tSend) / (f.tArrive - f.tSend) : 1;
  return { x: a.x + (b.x - a.x) * p, y: a.y + (b.y - a.y) * p, phase: 'flying', progress: p, opacity: 1 };
}

/** A finished hop: flying until it arrives, then its mark at the node where it ended. */
export function packetPose(ev: PacketEvent, now: number, boxes: Readonly<Record<string, NodeBox>>, opts: MotionOptions = DEFAULT_MOTION): PacketPose | null {
  const from = boxes[ev.from];
  const to = boxes[ev.to];
  if (!from || !to || now < ev.tSend) return null;
  const [a, b] = endpoints(from, to, opts.lane);
  const fateAt = ev.fate.kind === 'delivered' ? null : ev.fate.at;
  const stop: Phase = ev.fate.kind === 'rejected' ? 'rejected' : 'dropped';

  // Stopped at the sender (its OUTPUT chain): a burst where it would have left.
  if (fateAt !== null && fateAt === ev.from) {
    const t = now - ev.tSend;
    return t > opts.burstMs ? null : { x: a.x, y: a.y, phase: stop, progress: 0, opacity: fade(t, opts.burstMs) };
  }
  if (now <= ev.tArrive) return flightPose(ev, now, boxes, opts);
  const t = now - ev.tArrive;
  const span = fateAt === null ? opts.stampMs : opts.burstMs;
  if (t > span) return null;
  return { x: b.x, y: b.y, phase: fateAt === null ? 'arrived' : stop, progress: 1, opacity: fade(t, span) };
}

function fade(t: number, total: number): number {
  const tail = total * 0.35;
  return t < total - tail ? 1 : Math.max(0, (total - t) / tail);
}

/** The events that may show at `now`, scanning back from the newest (events end in time order). */
export function visiblePackets(packets: readonly PacketEvent[], now: number, maxSpan: number): PacketEvent[] {
  const out: PacketEvent[] = [];
  for (let i = packets.length - 1; i >= 0; i--) {
    const p = packets[i];
    if (p.tArrive < now - maxSpan) break;
    if (p.tSend <= now) out.push(p);
  }
  return out.reverse();
}

/**
 * The state an in-flight packet already carries: for a hop that leaves the firewall, the
 * firewall's verdict in the hop that brought it there. Null when not decided yet.
 */
export function inFlightState(f: InFlightPacket, events: readonly PacketEvent[], stateOf: (ev: PacketEvent) => CtStateName | null): CtStateName | null {
  for (let i = events.length - 1; i >= 0 && i >= events.length - 400; i--) {
    const e = events[i];
    if (e.tArrive < f.tSend) break;
    if (e.to === f.from && e.tArrive === f.tSend && e.summary === f.summary) return stateOf(e);
  }
  return null;
}
