/**
 * Compares a simulated line with its recording, aspect by aspect: stdout and stderr (masked,
 * apart: the app's terminal shows both in one stream, in order, but the recorder keeps them
 * apart and so does the comparison), the exit code, the duration (a tolerance for the reference
 * machine's process start-up), the packets at the firewall (count, and on each link and way the
 * same protocols, TCP flags or ICMP type/code, IP lengths) and the firewall's conntrack table
 * (masked, sorted).
 */
import { maskText } from './transcriptMask';
import type { RecordedStep, WirePacket } from './transcriptTypes';

export type Aspect = 'stdout' | 'stderr' | 'exit' | 'duration' | 'packets' | 'conntrack';

export interface Difference {
  aspect: Aspect;
  /** What the reference machine did and what the simulation did, shortened for a report. */
  real: string;
  sim: string;
}

/** Start-up of `ip netns exec … bash -c` and the tool: up to a second on a loaded reference machine. */
const DURATION_SLACK_MS = 1000;

export function packetKey(p: WirePacket): string {
  const what = p.proto === 'tcp' ? `tcp ${p.flags || '-'}` : p.proto === 'icmp' ? `icmp ${p.type}/${p.code}` : p.proto;
  return `${p.dir} ${what} ${p.len}`;
}

function firstMismatch(a: string[], b: string[]): string {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a[i] !== b[i]) return `line ${i + 1} (of ${a.length} / ${b.length}): ${JSON.stringify(a[i] ?? null)} vs ${JSON.stringify(b[i] ?? null)}`;
  }
  return '';
}

function diffLines(aspect: Aspect, real: string[], sim: string[]): Difference | null {
  if (real.length === sim.length && real.every((l, i) => l === sim[i])) return null;
  const where = firstMismatch(real, sim);
  return { aspect, real: where, sim: '' };
}

/**
 * `ss` and `conntrack -L` list sockets and entries in the order of the kernel's hash tables, which
 * are seeded at random per namespace: their rows are compared as sets (ss's header stays first).
 */
function listingOrder(line: string): (ls: string[]) => string[] {
  const cmd = line.trim().split(/\s+/)[0];
  if (cmd === 'ss') return ([head, ...rows]) => (head === undefined ? [] : [head, ...rows.sort()]);
  if (cmd === 'conntrack') return (ls) => [...ls].sort();
  return (ls) => ls;
}

const DIRS = ['labos-1>fw', 'fw>labos-2', 'labos-2>fw', 'fw>labos-1'];

/**
 * The packets at the firewall agree when as many passed, and on each link and way the same
 * ones (protocol, TCP flags or ICMP type/code, IP length), whatever their order: the order of
 * packets on different links, or of two senders on one link, depends on timings below the
 * simulation's millisecond (on 0 ms links a whole exchange happens within one). When the real
 * tool sent more than the transcript keeps, the kept ones must be among the simulation's.
 */
export function packetDifference(real: WirePacket[], sim: WirePacket[], realCount: number): string | null {
  const notes: string[] = [];
  if (realCount !== sim.length) notes.push(`count ${realCount} vs ${sim.length}`);
  const truncated = realCount > real.length;
  for (const dir of DIRS) {
    const r = real.filter((p) => p.dir === dir).map(packetKey).sort();
    const m = sim.filter((p) => p.dir === dir).map(packetKey).sort();
    if (truncated) {
      const left = [...m];
      const missing = r.filter((k) => {
        const i = left.indexOf(k);
        if (i < 0) return true;
        left.splice(i, 1);
        return false;
      });
      if (missing.length) notes.push(`${dir}: not in the simulation: ${missing.slice(0, 3).join(', ')}`);
    } else if (r.join('|') !== m.join('|')) notes.push(`${dir}: ${firstMismatch(r, m)}`);
  }
  return notes.length ? notes.join('; ') : null;
}

export function compareStep(real: RecordedStep, sim: RecordedStep): Difference[] {
  const out: Difference[] = [];
  const text = (aspect: 'stdout' | 'stderr') => {
    const order = aspect === 'stdout' ? listingOrder(real.line) : (ls: string[]) => ls;
    return diffLines(aspect, order(maskText(real[aspect])), order(maskText(sim[aspect])));
  };
  for (const d of [text('stdout'), text('stderr')]) if (d) out.push(d);
  if (real.exit !== sim.exit) out.push({ aspect: 'exit', real: String(real.exit), sim: String(sim.exit) });
  const slack = Math.max(DURATION_SLACK_MS, real.durationMs * 0.1);
  // the reference machine's time includes the start-up, the simulation's does not
  if (sim.durationMs > real.durationMs + 50 || sim.durationMs < real.durationMs - slack) {
    out.push({ aspect: 'duration', real: `${real.durationMs} ms`, sim: `${sim.durationMs} ms` });
  }
  const realCount = real.packetCount ?? real.packets.length;
  const pk = packetDifference(real.packets, sim.packets, realCount);
  if (pk) out.push({ aspect: 'packets', real: pk, sim: '' });
  const ct = diffLines('conntrack', real.conntrack.flatMap(maskText).sort(), sim.conntrack.flatMap(maskText).sort());
  if (ct) out.push(ct);
  return out;
}
