/**
 * The `scale` part of `npm run bench`: how loading rules grows with their number and with the
 * shape of the jump graph. Each figure is the median of several loads (after one warm-up) of a
 * rules text into a firewall node, then one packet through FORWARD (so the compiled form the
 * evaluation uses is built too):
 *  - rules_10k_load_ms: 10,000 FORWARD rules (addresses, ports, a third of them REJECT);
 *  - jump_ladder_60_ms: 60 user chains, each jumping to the next;
 *  - double_ladder_60_ms: 60 user chains, each jumping twice to the next (-p tcp and -p udp):
 *    2^60 paths through the graph, 120 rules.
 * And time travel after a port scan (benchSeek): `nmap -sS` of the most ports the lab's nmap
 * takes at once (MAX_PORTS, 1,024: the 65,535 of `-p-` are refused) from labos-1 to labos-2, run
 * to its end; then the median time of a seek to the middle of the session and of a step back
 * (`seek_after_full_scan_ms`: the slower of the two), and the heap after a GC with the session
 * held (`heap_mb_after_full_scan`; needs node --expose-gc, as `npm run bench` runs it).
 */
import { NetfilterNode } from '../src/engine/netfilterNode';
import { MAX_PORTS } from '../src/sim/console/nmapPorts';
import { defaultScenario } from '../src/sim/defaultScenario';
import { engineNetfilter } from '../src/sim/engineNetfilter';
import { Simulator } from '../src/sim/simulator';
import { IPPROTO_TCP, makePacket, TCP_SYN } from '../src/engine/packet';

export interface ScaleFigures {
  rules_10k_load_ms: number;
  jump_ladder_60_ms: number;
  double_ladder_60_ms: number;
  seek_after_full_scan_ms: number;
  heap_mb_after_full_scan: number;
  /** Ports of that scan, and the packet events the session holds. */
  full_scan_ports: number;
  full_scan_packets: number;
}

const HEADER = ['*filter', ':INPUT ACCEPT [0:0]', ':FORWARD ACCEPT [0:0]', ':OUTPUT ACCEPT [0:0]'];

/** `n` FORWARD rules, each different (so nothing can be shared between them). */
export function manyRules(n: number): string {
  const lines = [...HEADER];
  for (let i = 0; i < n; i++) {
    const net = `10.${(i >> 8) & 255}.${i & 255}.0/24`;
    const target = i % 3 === 0 ? 'REJECT --reject-with icmp-port-unreachable' : 'ACCEPT';
    lines.push(`-A FORWARD -s ${net} -p tcp -m tcp --dport ${1 + (i % 60000)} -j ${target}`);
  }
  lines.push('COMMIT', '');
  return lines.join('\n');
}

/** Chains D1..Dn, FORWARD jumping to D1, each Di to Di+1 once (or twice: `double`). */
export function jumpLadder(n: number, double: boolean): string {
  const lines = [...HEADER];
  for (let i = 1; i <= n; i++) lines.push(`:D${i} - [0:0]`);
  lines.push('-A FORWARD -j D1');
  for (let i = 1; i < n; i++) {
    lines.push(`-A D${i} -p tcp -j D${i + 1}`);
    if (double) lines.push(`-A D${i} -p udp -j D${i + 1}`);
  }
  lines.push(`-A D${n} -j ACCEPT`, 'COMMIT', '');
  return lines.join('\n');
}

const probe = makePacket({ proto: IPPROTO_TCP, iif: 'eth0', oif: 'eth1', src: 0x0a000102, dst: 0x0b000001, sport: 40000, dport: 2, flags: TCP_SYN, seq: 1 });

function loadOnce(text: string): number {
  const node = new NetfilterNode({ name: 'fw', ifaces: [{ name: 'eth0', addr: 0x0a000001 }, { name: 'eth1', addr: 0x0b000001 }] });
  const t0 = performance.now();
  const r = node.setRules(text);
  if (!r.ok) throw new Error(`bench scale: ${JSON.stringify(r.errors)}`);
  node.forward(probe, 0, false);
  return performance.now() - t0;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

/** Median of `runs` loads after one warm-up, in ms with one decimal. */
export function loadMs(text: string, runs = 5): number {
  loadOnce(text);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(loadOnce(text));
  return Math.round(median(times) * 10) / 10;
}

export function benchSeek(ports = MAX_PORTS): Pick<ScaleFigures, 'seek_after_full_scan_ms' | 'heap_mb_after_full_scan' | 'full_scan_ports' | 'full_scan_packets'> {
  const gc = (globalThis as { gc?: () => void }).gc;
  const sim = new Simulator(defaultScenario(), { netfilter: engineNetfilter });
  sim.command('labos-1', `nmap -sS -p 1-${ports} 192.168.3.1`);
  for (let t = 1000; sim.nextDue() !== null && t <= 10 * 60_000; t += 1000) sim.runUntil(t);
  const end = sim.lastCursor;
  gc?.();
  const heap = process.memoryUsage().heapUsed / 2 ** 20;
  const times = (f: () => void) => {
    const xs: number[] = [];
    for (let i = 0; i < 3; i++) {
      sim.seek(end);
      const t0 = performance.now();
      f();
      xs.push(performance.now() - t0);
    }
    return median(xs);
  };
  const mid = times(() => sim.seek(end >> 1));
  const back = times(() => sim.stepBack());
  return {
    seek_after_full_scan_ms: Math.round(Math.max(mid, back) * 10) / 10,
    heap_mb_after_full_scan: Math.round(heap * 10) / 10,
    full_scan_ports: ports,
    full_scan_packets: end + 1,
  };
}

export function benchScale(): ScaleFigures {
  return {
    rules_10k_load_ms: loadMs(manyRules(10_000)),
    jump_ladder_60_ms: loadMs(jumpLadder(60, false)),
    double_ladder_60_ms: loadMs(jumpLadder(60, true)),
    ...benchSeek(),
  };
}
