/**
 * Runs a lesson as a student would in the app, without a browser: the same SimSession as the
 * worker, each step's scenario loaded, its breakpoint set, its lines typed (Ctrl+C first when
 * the console is busy, as the Run button does), then time played until the step settles. The
 * prediction's answer is read from the packet event the held packet became.
 */
import type { NodeVerdict, PacketEvent } from '../../sim/api';
import { engineNetfilter } from '../../sim/engineNetfilter';
import { SimSession } from '../../sim/session';
import { fillLessonText } from '../placeholders';
import { buildScenario } from '../scenario';
import type { Lesson } from '../types';

export interface StepResult {
  /** The verdict of the predicted packet at the node the prediction names (null: no prediction). */
  answer: NodeVerdict | null;
  /** The packet event the prediction was about. */
  asked: PacketEvent | null;
  /** Packet events during the step. */
  packets: PacketEvent[];
  /** Console lines during the step, by node ("prompt text" for typed lines). */
  screens: Record<string, string[]>;
  /** conntrack -L lines of each node right after the predicted packet went on. */
  ctAtAnswer: Record<string, string[]>;
  session: SimSession;
}

/** Virtual ms each step is played after its lines are typed (a step may ask for more). */
export const STEP_MS = 15_000;

export function playLesson(lesson: Lesson, settleMs: Record<number, number> = {}): StepResult[] {
  const s = new SimSession(engineNetfilter);
  s.speed = 1;
  const out: StepResult[] = [];
  lesson.steps.forEach((step, i) => {
    if (step.scenario) {
      const sc = buildScenario(step.scenario);
      if (!sc.ok) throw new Error(`${lesson.id} step ${i + 1}: ${sc.error}`);
      s.handle({ type: 'load', scenario: sc.value });
    }
    const sim = () => s.sim;
    const p0 = sim().world.packets.length;
    const c0 = sim().world.console.length;
    if (step.predict) s.handle({ type: 'breakpoint', bp: { id: i + 1, ...step.predict.packet } });
    for (const r of step.run ?? []) {
      const node = sim().world.nodeIndex(r.node);
      const shell = sim().terminal(node, r.tty ?? 1);
      const tty = r.tty && r.tty > 1 ? { tty: r.tty } : {};
      if (shell?.busy) s.handle({ type: 'command', node: r.node, text: '^C', ...tty });
      s.handle({ type: 'command', node: r.node, text: fillLessonText(r.line, sim().scenario, () => null), ...tty });
    }
    const until = sim().now + (settleMs[i] ?? STEP_MS);
    let answer: NodeVerdict | null = null;
    let asked: PacketEvent | null = null;
    let ctAtAnswer: Record<string, string[]> = {};
    s.handle({ type: 'play' });
    for (let guard = 0; guard < 100_000 && sim().now < until; guard++) {
      s.tick(50);
      const bp = s.bpStatus;
      if (bp?.state === 'held') s.handle({ type: 'play' });
      if (bp?.state === 'passed' && step.predict && !asked) {
        asked = sim().world.packets[bp.packetId];
        answer = asked.verdicts.find((v) => v.node === step.predict!.packet.at) ?? null;
        ctAtAnswer = Object.fromEntries(sim().world.nodes.map((n) => [n.spec.id, n.nf.conntrackView(sim().now).map((c) => c.line)]));
      }
      if (!s.playing) s.handle({ type: 'play' });
    }
    if (step.predict && !answer) throw new Error(`${lesson.id} step ${i + 1}: the predicted packet never came (${JSON.stringify(s.bpStatus)})`);
    const screens: Record<string, string[]> = {};
    for (const l of sim().world.console.slice(c0)) (screens[l.node] ??= []).push(l.prompt ? `${l.prompt} ${l.text}` : l.text);
    out.push({ answer, asked, packets: sim().world.packets.slice(p0), screens, ctAtAnswer, session: s });
  });
  return out;
}

/** The answer as a prediction names it: the state, or the verdict. */
export function answerOf(lesson: Lesson, results: StepResult[], step: number): string | null {
  const p = lesson.steps[step].predict;
  const a = results[step].answer;
  if (!p || !a) return null;
  return p.kind === 'state' ? a.state : a.verdict;
}
