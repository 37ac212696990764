/**
 * Plays a transcript's case in the simulator as the tool oracle played it on the reference
 * machine: a fresh default scenario (the real engine on every machine), each line typed at its
 * console, its stdin typed `stdinAfterMs` later and ended with ^D, ^C at `interruptAfterMs`;
 * then what the line printed (stdout and stderr apart), its exit code and duration, the packets
 * that passed the firewall until `settleMs` after the end, and the firewall's `conntrack -L`.
 */
import type { HeaderField, PacketEvent } from '../api';
import { defaultScenario } from '../defaultScenario';
import type { Simulator } from '../simulator';
import { engineSim } from './harness';
import type { CorpusStep, RecordedStep, WirePacket } from './transcriptTypes';

/** The recorder's hard limit for one line. */
const LIMIT_MS = 90000;
const TCP_LETTERS = 'FSRPAUEC';
/** The terminal of a step's `also` lines. */
const ALSO_TTY = 2;
/** The recorder's STDIN_GAP_S. */
const STDIN_GAP_MS = 100;

function field(fs: HeaderField[] | undefined, name: string): HeaderField | undefined {
  return fs?.find((f) => f.name === name);
}

export function wirePacket(ev: PacketEvent, t: number): WirePacket {
  const ip = field(ev.headers, 'Internet Protocol Version 4');
  const p: WirePacket = {
    t,
    dir: `${ev.from}>${ev.to}`,
    proto: ev.proto,
    src: ev.src,
    dst: ev.dst,
    len: Number(field(ip?.children, 'Total length')?.value ?? 0),
  };
  if (ev.proto === 'tcp') {
    const bits = parseInt(field(field(ev.headers, 'Transmission Control Protocol')?.children, 'Flags')?.value ?? '0', 16);
    p.flags = [...TCP_LETTERS].filter((_, i) => bits & (1 << i)).join('');
  } else if (ev.proto === 'icmp') {
    const icmp = ev.headers.find((h) => h.name.startsWith('Internet Control Message Protocol'));
    p.type = parseInt(field(icmp?.children, 'Type')?.value ?? '-1', 10);
    p.code = parseInt(field(icmp?.children, 'Code')?.value ?? '-1', 10);
  }
  return p;
}

/** When the firewall saw a hop: on arrival when it comes in, on sending when it goes out. */
function fwTime(ev: PacketEvent): number | null {
  if (ev.to === 'fw') return ev.tArrive;
  if (ev.from === 'fw') return ev.tSend;
  return null;
}

function runStep(sim: Simulator, step: CorpusStep, settleMs: number): RecordedStep {
  const idx = sim.world.nodes.findIndex((n) => n.spec.id === step.node);
  const shell = sim.shells[idx];
  const t0 = sim.now;
  const consoleFrom = sim.world.console.length;
  const packetsFrom = sim.world.packets.length;
  sim.command(step.node, step.line);
  // the stdin lines one gap apart, then ^D one gap after the last (as the recorder types them)
  const typing: { at: number; text: string; node?: string }[] = [];
  if (step.stdin !== undefined) {
    const lines = step.stdin === '' ? [] : step.stdin.replace(/\n$/, '').split('\n');
    const at0 = t0 + (step.stdinAfterMs ?? 500);
    lines.forEach((text, i) => typing.push({ at: at0 + i * STDIN_GAP_MS, text }));
    typing.push({ at: at0 + lines.length * STDIN_GAP_MS, text: '^D' });
  }
  if (step.interruptAfterMs !== undefined) typing.push({ at: t0 + step.interruptAfterMs, text: '^C' });
  for (const a of step.also ?? []) typing.push({ at: t0 + (a.afterMs ?? 0), text: a.line, node: a.node });
  typing.sort((a, b) => a.at - b.at);
  while (shell.busy !== null && sim.now < t0 + LIMIT_MS) {
    sim.runUntil(Math.min(t0 + LIMIT_MS, sim.world.nextEventTime() ?? Infinity, typing[0]?.at ?? Infinity));
    while (typing.length && sim.now >= typing[0].at && shell.busy !== null) {
      const t = typing.shift()!;
      if (t.node === undefined) sim.command(step.node, t.text);
      else sim.command(t.node, t.text, ALSO_TTY);
    }
  }
  const end = sim.now;
  // still running at the recorder's limit: it was killed (SIGKILL, 137)
  const killed = shell.busy !== null;
  const exit = killed ? 137 : shell.lastExit;
  const stdout: string[] = [];
  const stderr: string[] = [];
  const lines = sim.world.console.slice(consoleFrom);
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (l.node !== step.node || l.kind === 'input' || (l.tty ?? 1) !== 1) continue;
    // the terminal's echo of ^C, not the program's output
    if (l.text === '^C' && i > 0 && lines[i - 1].kind === 'input' && lines[i - 1].text === '^C') continue;
    (l.kind === 'error' ? stderr : stdout).push(l.text);
  }
  if (killed) sim.command(step.node, '^C');
  // what still runs in the second terminal gets ^C, as the recorder's SIGINT
  for (const id of new Set((step.also ?? []).map((a) => a.node))) {
    const more = sim.terminal(sim.world.nodeIndex(id), ALSO_TTY);
    if (more?.busy !== null) sim.command(id, '^C', ALSO_TTY);
  }
  // a little past the settle time, so that hops the firewall sent before it have arrived
  sim.runUntil(end + settleMs + 100);
  const packets: WirePacket[] = [];
  for (const ev of sim.world.packets.slice(packetsFrom)) {
    const t = fwTime(ev);
    if (t !== null && t >= t0 && t <= end + settleMs) packets.push(wirePacket(ev, t - t0));
  }
  packets.sort((a, b) => a.t - b.t);
  forwardsAfterArrivals(packets);
  const fw = sim.world.nodes.find((n) => n.spec.id === 'fw')!;
  return {
    ...step,
    stdout: stdout.length ? `${stdout.join('\n')}\n` : '',
    stderr: stderr.length ? `${stderr.join('\n')}\n` : '',
    exit,
    durationMs: end - t0,
    packets,
    conntrack: [...fw.nf.conntrackList(sim.now)].sort(),
  };
}

/**
 * The reference machine's links are veth pairs, which take next to no time (no netem there), so
 * the transcript is played on the default scenario with links of 0 ms.
 */
export const REFERENCE_LINK_DELAY_MS = 0;

/**
 * The kernel forwards a packet in the same softirq that received it, so the capture shows each
 * packet leaving fw right after it came in. The simulation's 0 ms links put them at the same
 * instant, in agenda order: move each forwarded copy right after its arrival.
 */
export function forwardsAfterArrivals(ps: WirePacket[]): void {
  const same = (a: WirePacket, b: WirePacket): boolean =>
    a.t === b.t && a.src === b.src && a.dst === b.dst && a.proto === b.proto && a.len === b.len && a.flags === b.flags;
  for (let i = 0; i < ps.length; i++) {
    if (!ps[i].dir.endsWith('>fw')) continue;
    const j = ps.findIndex((q, k) => k > i && q.dir.startsWith('fw>') && same(ps[i], q));
    if (j > i + 1) ps.splice(i + 1, 0, ...ps.splice(j, 1));
  }
}

/** Runs one case's lines in a fresh simulator. */
export function runCase(steps: CorpusStep[], settleMs: number): RecordedStep[] {
  const sim = engineSim({ ...defaultScenario(), linkDelayMs: REFERENCE_LINK_DELAY_MS });
  return steps.map((s) => runStep(sim, s, settleMs));
}
