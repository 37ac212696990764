/**
 * The simulated world at one virtual instant: three machines (each with its netfilter and its
 * network stack), the links between them, the agenda of future events and what has been
 * reported so far. `step()` processes one agenda item; nothing here reads a wall clock or
 * Math.random, so the same scenario and inputs always give the same world.
 */
import type { ConsoleLine, NodeSpec, NodeVerdict, PacketEvent, Scenario } from './api';
import { formatIpv4 } from '../engine/ipv4';
import { IPPROTO_ICMP, TCP_SYN, type Packet } from '../engine/packet';
import { EventQueue } from './eventQueue';
import type { Timer } from './host/hostEnv';
import { HostStack } from './host/hostStack';
import { IcmpLayer } from './host/icmp';
import { installServices } from './services/install';
import type { Netfilter, NetfilterFactory, NfVerdict } from './netfilter';
import { packetHeaders, packetLabel, packetSummary, protoKind, type RelSeq } from './packetView';
import { createRng, type Rng } from './rng';
import { Topology } from './topology';

export interface WorldNode {
  index: number;
  spec: NodeSpec;
  nf: Netfilter;
  stack: HostStack;
  /** sysctl values set on this node (scenario overrides and `sysctl -w`). */
  sysctl: Record<string, number>;
  /** Listeners for `conntrack -E` lines of this node. */
  ctListeners: Set<(lines: string[]) => void>;
}

/** One packet on one link, until it arrives and its fate is known. */
export interface Hop {
  pkt: Packet;
  from: number;
  to: number;
  tSend: number;
  tArrive: number;
  verdicts: NodeVerdict[];
  isRejectReply: boolean;
  /** The packet event that sent this hop on: the firewall's forwarding, or the packet a REJECT answers. */
  origin?: number;
}

type Item =
  | { kind: 'arrive'; hop: Hop }
  | { kind: 'timer'; fn: () => void }
  | { kind: 'command'; node: number; text: string };

export interface WorldOptions {
  netfilter: NetfilterFactory;
  seed?: number;
}

type Fate = PacketEvent['fate'];

/** How long a router tries ARP (3 requests, 1 s apart) before it reports the host unreachable. */
const ARP_FAIL_MS = 3000;

export class World {
  now = 0;
  /** Agenda items processed so far. */
  steps = 0;
  readonly topo: Topology;
  readonly nodes: WorldNode[];
  readonly packets: PacketEvent[] = [];
  readonly console: ConsoleLine[] = [];
  readonly inFlight = new Set<Hop>();
  readonly rng: Rng;
  /** Runs a command typed at a node's console (set by the simulator, which owns the shells). */
  onCommand: (node: number, text: string) => void = () => {};
  /** Told of every packet put on a link (a capture tap: src/export reads the wire from it). */
  onWire: ((hop: Hop) => void) | null = null;
  private readonly queue = new EventQueue<Item>();
  private ipIds: number[];
  /** Initial sequence numbers per TCP direction, for relative seq/ack in summaries. */
  private isn = new Map<string, number>();

  constructor(
    readonly scenario: Scenario,
    opts: WorldOptions,
  ) {
    this.rng = createRng(opts.seed ?? 0x5eed);
    this.topo = new Topology(scenario);
    this.ipIds = scenario.nodes.map(() => this.rng.int(1, 30000));
    this.nodes = scenario.nodes.map((spec, index) => {
      const nf = opts.netfilter(spec);
      const stack = new HostStack(
        {
          now: () => this.now,
          rng: this.rng,
          send: (pkt) => this.send(index, pkt),
          setTimer: (at, fn) => this.setTimer(at, fn),
          sourceFor: (dst) => this.topo.sourceFor(index, dst),
        },
        this.topo.addrs(index),
      );
      return { index, spec, nf, stack, sysctl: { ...spec.sysctl }, ctListeners: new Set<(l: string[]) => void>() };
    });
    for (const n of this.nodes) {
      for (const [k, v] of Object.entries(n.spec.sysctl)) {
        const r = n.nf.setSysctl(k, v);
        if (!r.ok) this.print(n.index, 'error', `sysctl: ${r.error}`);
      }
      const r = n.nf.setRules(n.spec.rules);
      if (!r.ok) for (const e of r.errors) this.print(n.index, 'error', `rules line ${e.line}:${e.column}: ${e.message}`);
      installServices(n.stack, n.spec.services, {
        rng: this.rng,
        now: () => this.now,
        setTimer: (at, fn) => this.setTimer(at, fn),
        names: this.hostNames(),
        hostName: n.spec.name,
      });
      n.nf.takeEvents();
    }
    for (const c of scenario.commands) {
      const node = this.nodeIndex(c.node);
      if (node >= 0) this.queue.push(c.at, { kind: 'command', node, text: c.command });
    }
  }

  nodeIndex(id: string): number {
    return this.nodes.findIndex((n) => n.spec.id === id);
  }

  /** name → address of every machine (what /etc/hosts would say). */
  hostNames(): ReadonlyMap<string, string> {
    const m = new Map<string, string>();
    for (const spec of this.scenario.nodes) m.set(spec.name, spec.ifaces[0].addr);
    return m;
  }

  /** Bumped by `clear`: the console list was rewritten, not appended to. */
  consoleEpoch = 0;

  /** Empties a terminal of a node (1: the first). */
  clearConsole(node: number, tty = 1): void {
    const id = this.nodes[node].spec.id;
    const keep = this.console.filter((l) => l.node !== id || (l.tty ?? 1) !== tty);
    this.console.length = 0;
    this.console.push(...keep);
    this.consoleEpoch++;
  }

  print(node: number, kind: ConsoleLine['kind'], text: string, tty = 1): void {
    const line: ConsoleLine = { node: this.nodes[node].spec.id, t: this.now, kind, text };
    if (tty !== 1) line.tty = tty;
    this.console.push(line);
  }

  setTimer(at: number, fn: () => void): Timer {
    const s = this.queue.push(Math.max(at, this.now), { kind: 'timer', fn });
    return { cancel: () => void (s.cancelled = true) };
  }

  /** Queues a console command to run at the current time, after what is already due now. */
  scheduleCommand(node: number, text: string, at = this.now): void {
    this.queue.push(at, { kind: 'command', node, text });
  }

  nextEventTime(): number | null {
    return this.queue.peek()?.t ?? null;
  }

  /** The packet whose arrival is the next agenda item, or null when the next item is something else. */
  peekArrival(): Hop | null {
    const it = this.queue.peek()?.item;
    return it?.kind === 'arrive' ? it.hop : null;
  }

  /** A packet's one-line summary as its event will show it (sequence numbers relative). */
  summarize(pkt: Packet): string {
    return packetSummary(pkt, this.rel);
  }

  /** The earliest conntrack expiry on any node. */
  nextTimeout(): number | null {
    let t: number | null = null;
    for (const n of this.nodes) {
      const x = n.nf.nextTimeout();
      if (x !== null && (t === null || x < t)) t = x;
    }
    return t;
  }

  /** Processes the next agenda item; false when there is none. */
  step(): boolean {
    const s = this.queue.shift();
    if (!s) return false;
    this.advanceTo(s.t);
    this.steps++;
    const it = s.item;
    if (it.kind === 'arrive') this.arrive(it.hop);
    else if (it.kind === 'timer') it.fn();
    else this.onCommand(it.node, it.text);
    this.drainEvents();
    return true;
  }

  /** Hands pending `conntrack -E` lines (e.g. after `conntrack -F`) to their listeners. */
  drainEvents(): void {
    for (const n of this.nodes) this.ctEvents(n, n.nf.takeEvents());
  }

  /** Moves the clock to `t`, expiring conntrack entries on the way in time order. */
  advanceTo(t: number): void {
    for (let guard = 0; guard < 100000; guard++) {
      const nt = this.nextTimeout();
      if (nt === null || nt > t) break;
      const before = this.now;
      this.now = Math.max(this.now, nt);
      for (const n of this.nodes) this.ctEvents(n, n.nf.gc(this.now));
      if (this.nextTimeout() === nt && this.now === before) break;
    }
    this.now = Math.max(this.now, t);
  }

  // ---------------------------------------------------------------- packets on the way

  /** A packet generated by `node` itself: routing, then its OUTPUT chain, then the link. */
  send(node: number, pkt: Packet): 'sent' | 'EPERM' {
    const p: Packet = { ...pkt, iif: '', ipId: pkt.ipId || this.nextIpId(node) };
    const r = this.topo.route(node, p.dst);
    if (!r) return 'sent';
    p.oif = r.iface;
    this.noteIsn(p);
    const hop = this.hop(p, node, r.next, false);
    const v = this.verdict(node, 'OUTPUT>POSTROUTING', this.nodes[node].nf.output(p, this.now, true));
    hop.verdicts.push(this.strip(v));
    if (v.nf.verdict === 'DROP') {
      hop.tArrive = this.now;
      this.complete(hop, this.dropFate(v.nf, node));
      for (const e of v.nf.emitted) this.setTimer(this.now, () => this.nodes[node].stack.receive(e));
      return 'EPERM';
    }
    const lost = this.neighbourMissing(node, r.next, p);
    if (lost) {
      hop.tArrive = this.now;
      this.complete(hop, { kind: 'dropped', at: this.id(node) }, lost);
      return 'sent';
    }
    this.launch(hop);
    return 'sent';
  }

  private verdict(node: number, path: string, v: NfVerdict): NodeVerdict & { nf: NfVerdict } {
    const n = this.nodes[node];
    this.ctEvents(n, n.nf.takeEvents());
    return {
      node: n.spec.id,
      path,
      state: v.state,
      verdict: v.verdict,
      decidingRule: v.decidingRule,
      steps: v.steps,
      reasons: v.reasons,
      ctBefore: v.ctBefore,
      ctAfter: v.ctAfter,
      connId: v.connId,
      tcpTransition: v.tcpTransition,
      logs: v.logs,
      nf: v,
    };
  }

  private strip(v: NodeVerdict & { nf?: NfVerdict }): NodeVerdict {
    const { nf: _nf, ...rest } = v;
    return rest;
  }

  private hop(pkt: Packet, from: number, to: number, isRejectReply: boolean): Hop {
    return { pkt, from, to, tSend: this.now, tArrive: this.now + this.scenario.linkDelayMs, verdicts: [], isRejectReply };
  }

  private launch(hop: Hop): void {
    const st = this.nodes[hop.from].stack;
    const out = this.topo.ifaceToward(hop.from, hop.to)?.name ?? '';
    st.count(out, 'tx', hop.pkt.len);
    for (const c of st.captures) c(hop.pkt, 'Out', out);
    this.onWire?.(hop);
    this.inFlight.add(hop);
    this.queue.push(hop.tArrive, { kind: 'arrive', hop });
  }

  /** A packet reaches a machine over a link. */
  private arrive(hop: Hop): void {
    this.inFlight.delete(hop);
    const node = hop.to;
    const n = this.nodes[node];
    const iface = this.topo.ifaceToward(node, hop.from);
    const p: Packet = { ...hop.pkt, iif: iface?.name ?? '', oif: '' };
    n.stack.sniff(p);
    n.stack.count(p.iif, 'rx', p.len);
    for (const c of n.stack.captures) c(p, 'In', p.iif);
    if (n.stack.owns(p.dst)) {
      const v = this.verdict(node, 'PREROUTING>INPUT', n.nf.input(p, this.now, true));
      hop.verdicts.push(this.strip(v));
      if (v.nf.verdict === 'DROP') {
        const origin = this.complete(hop, this.dropFate(v.nf, node));
        for (const e of v.nf.emitted) this.sendReject(node, e, origin);
        return;
      }
      this.complete(hop, { kind: 'delivered' });
      n.stack.receive(p);
      return;
    }
    if (n.spec.kind !== 'firewall') {
      this.complete(hop, { kind: 'dropped', at: n.spec.id }, `${formatIpv4(p.dst)} is not an address of ${n.spec.name}, and a host does not forward packets.`);
      return;
    }
    const r = this.topo.route(node, p.dst);
    if (!r) {
      this.complete(hop, { kind: 'dropped', at: n.spec.id }, `${n.spec.name} has no route to ${formatIpv4(p.dst)}: it answers with ICMP net unreachable.`);
      this.icmpErrorFrom(node, p, 0);
      return;
    }
    p.oif = r.iface;
    // The engine sees the packet as PREROUTING did (conntrack first), then ip_forward's TTL
    // check: a packet whose TTL runs out is dropped there and answered with ICMP time exceeded.
    const ttlOut = p.ttl <= 1;
    const v = this.verdict(node, 'PREROUTING>FORWARD>POSTROUTING', n.nf.forward(p, this.now, true));
    hop.verdicts.push(this.strip(v));
    if (v.nf.verdict === 'DROP') {
      const origin = ttlOut
        ? this.complete(hop, { kind: 'dropped', at: n.spec.id }, 'TTL exceeded in transit.')
        : this.complete(hop, this.dropFate(v.nf, node));
      for (const e of v.nf.emitted) {
        // icmp_send's per-destination limit holds for time exceeded too (REJECT's answers are left alone)
        if (ttlOut && !n.stack.icmpLimit.allow(e.icmpType, e.dst, this.now)) continue;
        this.sendReject(node, e, origin);
      }
      return;
    }
    p.ttl -= 1; // ip_forward decrements the TTL of what it sends on
    const lost = this.neighbourMissing(node, r.next, p);
    if (lost) {
      this.complete(hop, { kind: 'dropped', at: n.spec.id }, `${lost} After ${ARP_FAIL_MS / 1000} s of ARP requests ${n.spec.name} answers with ICMP host unreachable.`);
      this.setTimer(this.now + ARP_FAIL_MS, () => this.icmpErrorFrom(node, p, 1));
      return;
    }
    const origin = this.complete(hop, { kind: 'delivered' });
    this.launch({ ...this.hop({ ...p, iif: '', oif: r.iface }, node, r.next, hop.isRejectReply), origin });
  }

  /**
   * The firewall's own ICMP destination unreachable about a packet it could not forward (no
   * route: net, code 0; no ARP answer: host, code 1), sent by its stack through OUTPUT like any
   * packet of its own (icmp_send). Never about an ICMP error.
   */
  private icmpErrorFrom(node: number, p: Packet, code: number): void {
    if (p.proto === IPPROTO_ICMP && p.icmpType !== 0 && p.icmpType !== 8 && p.icmpType !== 13 && p.icmpType !== 14) return;
    const from = this.topo.sourceFor(node, p.src);
    if (!this.nodes[node].stack.icmpLimit.allow(3, p.src, this.now)) return;
    this.send(node, IcmpLayer.errorFor({ ...p, iif: '', oif: '' }, 3, code, from));
  }

  /** A REJECT target's reply: leaves `node` towards the sender without passing its chains again. */
  private sendReject(node: number, e: Packet, origin: number): void {
    const r = this.topo.route(node, e.dst);
    if (!r) return;
    this.launch({ ...this.hop({ ...e, iif: '', oif: r.iface, ipId: e.ipId || this.nextIpId(node) }, node, r.next, true), origin });
  }

  /** ARP: the next machine must own the destination, or be the firewall that routes it on. */
  private neighbourMissing(node: number, next: number, p: Packet): string | null {
    if (this.nodes[next].spec.kind === 'firewall' && node !== 1) return null;
    if (this.nodes[next].stack.owns(p.dst)) return null;
    const iface = this.topo.ifaceToward(node, next)?.name ?? '?';
    return `No machine answers ARP for ${formatIpv4(p.dst)} on ${iface}: the packet is lost.`;
  }

  private dropFate(v: NfVerdict, node: number): Fate {
    return v.emitted.length ? { kind: 'rejected', at: this.id(node) } : { kind: 'dropped', at: this.id(node) };
  }

  private id(node: number): string {
    return this.nodes[node].spec.id;
  }

  /** Turns a finished hop into its packet event; returns the event's id. */
  private complete(hop: Hop, fate: Fate, note?: string): number {
    this.inFlight.delete(hop);
    const p = hop.pkt;
    const ev: PacketEvent = {
      id: this.packets.length,
      tSend: hop.tSend,
      tArrive: hop.tArrive,
      from: this.id(hop.from),
      to: this.id(hop.to),
      label: packetLabel(p),
      summary: packetSummary(p, this.rel),
      proto: protoKind(p),
      src: formatIpv4(p.src),
      dst: formatIpv4(p.dst),
      headers: packetHeaders(p, this.rel),
      verdicts: hop.verdicts,
      fate,
      isRejectReply: hop.isRejectReply,
    };
    if (note) ev.note = note;
    this.packets.push(ev);
    return ev.id;
  }

  private ctEvents(n: WorldNode, lines: string[]): void {
    if (lines.length) for (const l of n.ctListeners) l(lines);
  }

  private nextIpId(node: number): number {
    this.ipIds[node] = (this.ipIds[node] % 65535) + 1;
    return this.ipIds[node];
  }

  private noteIsn(p: Packet): void {
    if (p.proto === 6 && p.flags & TCP_SYN) this.isn.set(`${p.src}:${p.sport}>${p.dst}:${p.dport}`, p.seq >>> 0);
  }

  private readonly rel: RelSeq = (p, which) => {
    const key = which === 'seq' ? `${p.src}:${p.sport}>${p.dst}:${p.dport}` : `${p.dst}:${p.dport}>${p.src}:${p.sport}`;
    const raw = (which === 'seq' ? p.seq : p.ack) >>> 0;
    const base = this.isn.get(key);
    return base === undefined ? raw : (raw - base) >>> 0;
  };
}
