/**
 * `npm run bench` — speed and memory of the engine, measured on one core in one run:
 *  (a) packets/s of established TCP flows (data + ACKs inside the window) through a 5-rule
 *      FORWARD ruleset, with 100 live entries and with 100,000; each round, every flow sends
 *      its data and gets its ACK, flows taking turns in a fixed pseudo-random order;
 *  (b) short TCP connections/s (handshake, data, FIN close; created, then expired and removed);
 *  (c) bytes of heap per live entry;
 *  (d) the floor any tracker in JavaScript pays: a bare loop over the same packets that looks
 *      each 5-tuple up in a Map keyed by a numeric hash and bumps a counter.
 * The engine runs with tracing off (no reasons, no events): the UI's explanations cost
 * allocations that a benchmark of the tracker itself should not count.
 * Then how loading rules scales (scripts/benchScale.ts), and the UI part (scripts/benchUi.ts;
 * skip it with --no-ui).
 * `--json` prints {"engine": {...}, "scale": {...}, "ui": {...}} on stdout.
 */
import { NetfilterNode } from '../src/engine/netfilterNode';
import { hashTuple } from '../src/engine/conntrackTable';
import { benchScale } from './benchScale';
import { benchUi, type UiFigures } from './benchUi';
import { IPPROTO_TCP, makePacket, TCP_ACK, TCP_FIN, TCP_PSH, TCP_SYN, type Packet } from '../src/engine/packet';

const json = process.argv.includes('--json');
const gc = (globalThis as { gc?: () => void }).gc;

const RULES = [
  '*filter',
  ':INPUT ACCEPT [0:0]',
  ':FORWARD DROP [0:0]',
  ':OUTPUT ACCEPT [0:0]',
  '-A FORWARD -m state --state INVALID -j DROP',
  '-A FORWARD -p udp --dport 53 -j ACCEPT',
  '-A FORWARD -p tcp --dport 22 -j ACCEPT',
  '-A FORWARD -m state --state ESTABLISHED,RELATED -j ACCEPT',
  '-A FORWARD -i eth0 -p tcp --dport 80 -j ACCEPT',
  'COMMIT',
  '',
].join('\n');

function newNode(): NetfilterNode {
  const node = new NetfilterNode({
    name: 'fw',
    ifaces: [
      { name: 'eth0', addr: 0x0a000001 },
      { name: 'eth1', addr: 0x0b000001 },
    ],
  });
  const r = node.setRules(RULES);
  if (!r.ok) throw new Error(`bench rules: ${JSON.stringify(r.errors)}`);
  return node;
}

interface Flow {
  a2b: Packet;
  b2a: Packet;
  seqA: number;
  seqB: number;
}

/**
 * The order flows send in: one fixed pseudo-random permutation (xorshift32, fixed seed), used by
 * the engine and the baseline alike. A firewall sees its flows interleaved in no particular
 * order; walking them in creation order instead would let the CPU's prefetcher stream both
 * loops' data (packets, Map entries, table records) and measure the layout of the heap rather
 * than the tracker.
 */
function flowOrder(n: number): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let x = 0x2545f491;
  for (let i = n - 1; i > 0; i--) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    const j = (x >>> 0) % (i + 1);
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  return order;
}

function addr(base: number, i: number): number {
  return (base + i) | 0;
}

/** Makes `n` established flows (3-way handshake through the node). */
function establish(node: NetfilterNode, n: number, now: number): Flow[] {
  const flows: Flow[] = [];
  for (let i = 0; i < n; i++) {
    const a = addr(0x0a010000, i >>> 8);
    const b = addr(0x0b010000, i & 255);
    const sport = 10000 + (i % 50000);
    const seqA = 1000;
    const seqB = 5000;
    const common = { proto: IPPROTO_TCP, iif: 'eth0', oif: 'eth1' };
    const syn = makePacket({ ...common, src: a, dst: b, sport, dport: 80, flags: TCP_SYN, seq: seqA });
    const synack = makePacket({
      proto: IPPROTO_TCP, iif: 'eth1', oif: 'eth0', src: b, dst: a, sport: 80, dport: sport,
      flags: TCP_SYN | TCP_ACK, seq: seqB, ack: seqA + 1,
    });
    const ack = makePacket({ ...common, src: a, dst: b, sport, dport: 80, flags: TCP_ACK, seq: seqA + 1, ack: seqB + 1 });
    for (const p of [syn, synack, ack]) {
      if (node.forward(p, now, false).verdict !== 'ACCEPT') throw new Error('bench handshake dropped');
    }
    const a2b = makePacket({
      ...common, src: a, dst: b, sport, dport: 80, flags: TCP_ACK | TCP_PSH, seq: seqA + 1, ack: seqB + 1, payloadLen: 100,
    });
    const b2a = makePacket({
      proto: IPPROTO_TCP, iif: 'eth1', oif: 'eth0', src: b, dst: a, sport: 80, dport: sport,
      flags: TCP_ACK, seq: seqB + 1, ack: seqA + 1,
    });
    flows.push({ a2b, b2a, seqA: seqA + 1, seqB: seqB + 1 });
  }
  return flows;
}

/** Established traffic: each round sends 100 bytes A->B and B's ACK, for every flow. */
function establishedPps(n: number, minPackets: number): { pps: number; flows: Flow[]; node: NetfilterNode } {
  const node = newNode();
  const flows = establish(node, n, 0);
  const order = flowOrder(n);
  const rounds = Math.max(2, Math.ceil(minPackets / (2 * n)));
  let dropped = 0;
  const run = (r0: number, r1: number) => {
    for (let r = r0; r < r1; r++) {
      for (let k = 0; k < order.length; k++) {
        const f = flows[order[k]];
        f.a2b.seq = f.seqA;
        if (node.forward(f.a2b, 1000, false).verdict !== 'ACCEPT') dropped++;
        f.seqA = (f.seqA + 100) | 0;
        f.b2a.ack = f.seqA;
        if (node.forward(f.b2a, 1000, false).verdict !== 'ACCEPT') dropped++;
      }
    }
  };
  // Warm-up until the JIT has settled (half a million packets), then the timed rounds.
  const warm = Math.max(1, Math.ceil(500_000 / (2 * n)));
  run(0, warm);
  const t0 = process.hrtime.bigint();
  run(warm, warm + rounds - 1);
  const t1 = process.hrtime.bigint();
  if (dropped) throw new Error(`bench: ${dropped} established packets were dropped`);
  const packets = (rounds - 1) * 2 * n;
  return { pps: packets / (Number(t1 - t0) / 1e9), flows, node };
}

/** The floor: look each packet's 5-tuple up in a Map keyed by a numeric hash, bump a counter. */
function mapBaselinePps(flows: Flow[], minPackets: number): number {
  const map = new Map<number, { count: number }>();
  for (const f of flows) {
    const p = f.a2b;
    map.set(hashTuple(p.src, p.dst, p.sport, p.dport, p.proto), { count: 0 });
    const q = f.b2a;
    map.set(hashTuple(q.src, q.dst, q.sport, q.dport, q.proto), { count: 0 });
  }
  const order = flowOrder(flows.length);
  const rounds = Math.max(2, Math.ceil(minPackets / (2 * flows.length)));
  let missing = 0;
  const run = (r0: number, r1: number) => {
    for (let r = r0; r < r1; r++) {
      for (let k = 0; k < order.length; k++) {
        const f = flows[order[k]];
        const p = f.a2b;
        const e = map.get(hashTuple(p.src, p.dst, p.sport, p.dport, p.proto));
        if (e) e.count++;
        else missing++;
        const q = f.b2a;
        const e2 = map.get(hashTuple(q.src, q.dst, q.sport, q.dport, q.proto));
        if (e2) e2.count++;
        else missing++;
      }
    }
  };
  const warm = Math.max(1, Math.ceil(500_000 / (2 * flows.length)));
  run(0, warm);
  const t0 = process.hrtime.bigint();
  run(warm, warm + rounds - 1);
  const t1 = process.hrtime.bigint();
  if (missing) throw new Error('baseline lost entries');
  return ((rounds - 1) * 2 * flows.length) / (Number(t1 - t0) / 1e9);
}

/** Short connections: SYN, SYN/ACK, ACK, data, ACK, FIN/ACK, ACK, FIN/ACK, ACK; then expiry. */
function shortConnsPerSecond(total: number): number {
  const node = newNode();
  const a = 0x0a010001;
  const b = 0x0b010001;
  const mk = (fromA: boolean) =>
    makePacket({ proto: IPPROTO_TCP, iif: fromA ? 'eth0' : 'eth1', oif: fromA ? 'eth1' : 'eth0', src: fromA ? a : b, dst: fromA ? b : a });
  const pa = mk(true);
  const pb = mk(false);
  const send = (p: Packet, flags: number, seq: number, ack: number, len: number, now: number) => {
    p.flags = flags;
    p.seq = seq;
    p.ack = ack;
    p.payloadLen = len;
    return node.forward(p, now, false).verdict === 'ACCEPT';
  };
  let now = 0;
  let ok = 0;
  const t0 = process.hrtime.bigint();
  for (let c = 0; c < total; c++) {
    const sport = 1024 + (c % 60000);
    pa.sport = sport;
    pa.dport = 80;
    pb.sport = 80;
    pb.dport = sport;
    const x = 1000;
    const y = 9000;
    let good = send(pa, TCP_SYN, x, 0, 0, now);
    good = send(pb, TCP_SYN | TCP_ACK, y, x + 1, 0, now) && good;
    good = send(pa, TCP_ACK, x + 1, y + 1, 0, now) && good;
    good = send(pa, TCP_ACK | TCP_PSH, x + 1, y + 1, 100, now) && good;
    good = send(pb, TCP_ACK, y + 1, x + 101, 0, now) && good;
    good = send(pa, TCP_FIN | TCP_ACK, x + 101, y + 1, 0, now) && good;
    good = send(pb, TCP_ACK, y + 1, x + 102, 0, now) && good;
    good = send(pb, TCP_FIN | TCP_ACK, y + 1, x + 102, 0, now) && good;
    good = send(pa, TCP_ACK, x + 102, y + 2, 0, now) && good;
    if (good) ok++;
    if ((c & 1023) === 1023) {
      // TIME_WAIT is 120 s: let the virtual clock pass it and the gc reap the batch.
      now += 121_000;
      node.gc(now);
    }
  }
  now += 121_000;
  node.gc(now);
  const t1 = process.hrtime.bigint();
  if (ok !== total) throw new Error(`bench: ${total - ok} short connections lost packets`);
  if (node.conntrack.table.count !== 0) throw new Error('bench: short connections left entries behind');
  return total / (Number(t1 - t0) / 1e9);
}

function bytesPerEntry(n: number): number {
  if (!gc) return NaN;
  gc();
  gc();
  // The JS heap and typed-array memory (the table keeps its entries' records in typed arrays).
  const used = () => {
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };
  const before = used();
  const node = newNode();
  const flows = establish(node, n, 0);
  flows.length = 0; // keep only what the table holds
  gc();
  gc();
  const after = used();
  if (node.conntrack.table.count !== n) throw new Error('bench: entries missing');
  return (after - before) / n;
}

const est100 = establishedPps(100, 4_000_000);
const base100 = mapBaselinePps(est100.flows, 4_000_000);
const est100k = establishedPps(100_000, 4_000_000);
const base100k = mapBaselinePps(est100k.flows, 4_000_000);
est100k.flows.length = 0;
const shortCps = shortConnsPerSecond(200_000);
const bpe = bytesPerEntry(100_000);

const engine = {
  established_pps: Math.round(est100.pps),
  established_pps_100k: Math.round(est100k.pps),
  map_baseline_pps: Math.round(base100),
  map_baseline_pps_100k: Math.round(base100k),
  short_conns_per_s: Math.round(shortCps),
  bytes_per_entry: Math.round(bpe),
};

const scale = benchScale();

let ui: UiFigures | null = null;
if (!process.argv.includes('--no-ui')) {
  try {
    ui = await benchUi();
  } catch (e) {
    process.stderr.write(`bench: the UI part failed: ${(e as Error).message}\n`);
  }
}

if (json) {
  process.stdout.write(JSON.stringify(ui ? { engine, scale, ui } : { engine, scale }) + '\n');
} else {
  const row = (k: string, v: number, note = '') => console.log(`${k.padEnd(34)} ${v.toLocaleString('en-US').padStart(14)}  ${note}`);
  console.log('engine (tracing off, one core)');
  row('established packets/s, 100 entries', engine.established_pps, `${(est100.pps / base100).toFixed(2)} of baseline (target >= 0.15 and >= 2,000,000)`);
  row('established packets/s, 100k entries', engine.established_pps_100k, `${(est100k.pps / base100k).toFixed(2)} of baseline (target >= 0.30)`);
  row('Map baseline packets/s, 100', engine.map_baseline_pps);
  row('Map baseline packets/s, 100k', engine.map_baseline_pps_100k);
  row('short connections/s', engine.short_conns_per_s, '(target >= 200,000)');
  row('heap bytes per live entry', engine.bytes_per_entry, '(target < 400)');
  console.log('scale (loading rules: parse, check, first packet)');
  row('10,000 rules, ms', scale.rules_10k_load_ms, '(target < 100)');
  row('60-chain jump ladder, ms', scale.jump_ladder_60_ms, '(target: no more than 60 rules)');
  row('60-chain double jump ladder, ms', scale.double_ladder_60_ms, '(target < 100)');
  row(`seek after a ${scale.full_scan_ports}-port scan, ms`, scale.seek_after_full_scan_ms, `${scale.full_scan_packets} packet events (target < 200)`);
  row(`heap after that scan, MB`, scale.heap_mb_after_full_scan, '');
  if (ui) {
    console.log('ui (Chromium, vite preview, 1366x768)');
    row('frame interval p95, ms', ui.frame_p95_ms, `1000-port scan, up to ${ui.max_in_flight} packets in flight (target <= 17)`);
    row('main-thread tasks over 100 ms', ui.long_tasks_over_100ms, '(target 0)');
    row('first view (interactive console), ms', ui.first_view_ms, '(fresh browser; target <= 1000)');
    row('JavaScript at start, gzip KB', ui.start_js_gzip_kb, '(target < 300)');
  }
}
