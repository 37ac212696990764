/**
 * Replays a session (a shared link's data) headlessly with the real engine and writes down what
 * the exports need: every packet put on a link (the firewall sees them all: each link ends at
 * it), each node's conntrack table before each input and at the end, and the final rules.
 * The same code runs in the browser (the Export menu) and in Node (scripts/export-check).
 */
import type { SharedSession } from '../sim/api';
import { engineNetfilter } from '../sim/engineNetfilter';
import { Simulator } from '../sim/simulator';
import type { Hop } from '../sim/world';
import type { Packet } from '../engine/packet';

/** One frame at one of the firewall's interfaces. */
export interface WireFrame {
  /** Virtual ms at the firewall: arrival for what comes in, departure for what goes out. */
  t: number;
  /** The firewall's interface (index into its ifaces) and the way the frame goes there. */
  iface: number;
  dir: 'in' | 'out';
  /** The node at the other end of the link. */
  peer: number;
  pkt: Packet;
  /** Virtual ms when the packet's first sender sent it (what its TCP timestamps read). */
  born: number;
}

/** Each node's `conntrack -L` lines (sorted as the tool prints them: by the engine's order). */
export type Tables = Record<string, string[]>;

export interface SessionRecording {
  session: SharedSession;
  frames: WireFrame[];
  /** `tables[i]`: the tables just before input i; the last one: at the session's end. */
  tables: Tables[];
  /** `iptables-save` of each node at the end. */
  saves: Record<string, string>;
  /** The virtual time at the session's end. */
  now: number;
}

function tablesOf(sim: Simulator): Tables {
  const out: Tables = {};
  for (const n of sim.world.nodes) out[n.spec.id] = n.nf.conntrackList(sim.now);
  return out;
}

/** Replays `session` and records it. */
export function recordSession(session: SharedSession): SessionRecording {
  const sim = new Simulator(session.scenario, { netfilter: engineNetfilter });
  const world = sim.world;
  const fw = 1;
  const hops: Hop[] = [];
  world.onWire = (hop) => void hops.push({ ...hop, pkt: { ...hop.pkt } });
  const tables: Tables[] = [];
  sim.replayShared(session.inputs, session.end, () => tables.push(tablesOf(sim)));
  tables.push(tablesOf(sim));
  const delay = session.scenario.linkDelayMs;
  const frames: WireFrame[] = [];
  for (const h of hops) {
    // a packet leaving the firewall that it did not make is one it forwards: sent one link earlier
    const own = world.topo.addrs(fw).includes(h.pkt.src);
    if (h.from === fw) {
      const iface = world.topo.ifaces[fw].findIndex((f) => f.peer === h.to);
      frames.push({ t: h.tSend, iface, dir: 'out', peer: h.to, pkt: h.pkt, born: own || h.isRejectReply ? h.tSend : h.tSend - delay });
    } else if (h.to === fw && h.tArrive <= sim.now) {
      const iface = world.topo.ifaces[fw].findIndex((f) => f.peer === h.from);
      frames.push({ t: h.tArrive, iface, dir: 'in', peer: h.from, pkt: h.pkt, born: h.tSend });
    }
  }
  // stable: in time order, an arrival before the forwarded copy that leaves at the same instant
  frames.sort((a, b) => a.t - b.t);
  const saves: Record<string, string> = {};
  for (const n of world.nodes) saves[n.spec.id] = n.nf.iptablesSave();
  return { session, frames, tables, saves, now: sim.now };
}
