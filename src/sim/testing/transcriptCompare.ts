/**
 * Compares a simulated line with its recording, aspect by aspect: stdout and stderr (masked,
 * apart: the app's terminal shows both in one stream, in order, but the recorder keeps them
 * apart and so does the comparison), the exit code, the duration (a tolerance for the reference
 * machine's process start-up), the packets at the firewall (count, then each one's link and way,
 * protocol, TCP flags or ICMP type/code, IP length, in order) and the firewall's conntrack table
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

export function compareStep(real: RecordedStep, sim: RecordedStep): Difference[] {
  const out: Difference[] = [];
  const text = (aspect: 'stdout' | 'stderr') => diffLines(aspect, maskText(real[aspect]), maskText(sim[aspect]));
  for (const d of [text('stdout'), text('stderr')]) if (d) out.push(d);
  if (real.exit !== sim.exit) out.push({ aspect: 'exit', real: String(real.exit), sim: String(sim.exit) });
  const slack = Math.max(DURATION_SLACK_MS, real.durationMs * 0.1);
  // the reference machine's time includes the start-up, the simulation's does not
  if (sim.durationMs > real.durationMs + 50 || sim.durationMs < real.durationMs - slack) {
    out.push({ aspect: 'duration', real: `${real.durationMs} ms`, sim: `${sim.durationMs} ms` });
  }
  const realCount = real.packetCount ?? real.packets.length;
  const rp = real.packets.map(packetKey);
  const sp = sim.packets.slice(0, real.packets.length).map(packetKey);
  if (realCount !== sim.packets.length || rp.some((k, i) => k !== sp[i])) {
    const where = realCount !== sim.packets.length ? `count ${realCount} vs ${sim.packets.length}; ` : '';
    out.push({ aspect: 'packets', real: where + firstMismatch(rp, sim.packets.map(packetKey)), sim: '' });
  }
  const ct = diffLines('conntrack', real.conntrack.flatMap(maskText).sort(), sim.conntrack.flatMap(maskText).sort());
  if (ct) out.push(ct);
  return out;
}
