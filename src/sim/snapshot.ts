/** The visible state at the current virtual time, as plain data for the UI (api.ts SimSnapshot). */
import type { InFlightPacket, NodeView, SimSnapshot } from './api';
import { ssTan } from './host/ss';
import { packetLabel, packetSummary, protoKind } from './packetView';
import type { Simulator } from './simulator';

/**
 * With `detail` false, the nodes' big views (conntrack, expectations, rules listing, sockets)
 * are left empty: what a partial batch sends (api.ts SimBatch.partial).
 */
export function buildSnapshot(sim: Simulator, playing: boolean, speed?: number, detail = true): SimSnapshot {
  const w = sim.world;
  const now = w.now;
  const nodes: NodeView[] = w.nodes.map((n, i) => ({
    id: n.spec.id,
    name: n.spec.name,
    kind: n.spec.kind,
    addrs: n.spec.ifaces.map((f) => f.addr),
    services: n.spec.services,
    hasRules: n.nf.hasRules(),
    conntrack: detail ? n.nf.conntrackView(now) : [],
    expectations: detail ? n.nf.expectList(now) : [],
    rulesListing: detail ? n.nf.iptables('-L -v -n').output : '',
    rulesText: detail ? n.nf.rulesText() : '',
    rulesRev: n.nf.rulesRev(),
    sockets: detail ? ssTan(n.stack.tcp) : [],
    busy: sim.shells[i]?.busy ?? null,
    prompt: sim.shells[i]?.prompt,
    terminals: sim.moreTerminals(i).map((s) => ({ tty: s.tty, busy: s.busy })),
  }));
  const inFlight: InFlightPacket[] = [...w.inFlight].map((h) => ({
    from: w.nodes[h.from].spec.id,
    to: w.nodes[h.to].spec.id,
    tSend: h.tSend,
    tArrive: h.tArrive,
    label: packetLabel(h.pkt),
    summary: packetSummary(h.pkt),
    proto: protoKind(h.pkt),
    isRejectReply: h.isRejectReply,
    state: h.verdicts.length > 0 ? h.verdicts[h.verdicts.length - 1].state : null,
    ...(h.origin !== undefined ? { origin: h.origin } : {}),
  }));
  const snap: SimSnapshot = {
    now,
    cursor: sim.cursor,
    playing,
    nextTimeout: w.nextTimeout(),
    nodes,
    inFlight,
    lastCursor: sim.lastCursor,
  };
  if (speed !== undefined) snap.speed = speed;
  return snap;
}
