/**
 * What the course does: open a lesson at a step (loading its scenario, putting `#lesson=…` in
 * the address bar), run a step's lines as a student would type them, and ask its prediction —
 * a breakpoint in the simulation holds the packet, the reader chooses, Check lets it go on and
 * the answer is the verdict the engine gave it. The UI never computes an answer itself.
 */
import { COURSE, lessonNumber } from '../../lessons/catalog';
import { fillLessonText } from '../../lessons/placeholders';
import { buildScenario, scenarioStepOf } from '../../lessons/scenario';
import type { PredictionAnswer } from '../../lessons/types';
import type { SimRequest } from '../../sim/api';
import { send } from '../sim/bridge';
import { useUi } from '../store/store';
import { formatLessonHash, parseLessonHash } from './courseLink';
import { courseStorage, useCourse, type PredictionState } from './courseStore';
import { saveProgress, withLesson, type CourseProgress } from './progress';

/** The course's keyboard shortcuts, for whoever lists keys (presentation mode). */
export const COURSE_SHORTCUTS = [{ key: 'N', label: 'lesson.keyNext' as const, run: () => nextLessonStep() }];

let bpCounter = 0;

function setProgress(f: (p: CourseProgress) => CourseProgress): void {
  const progress = f(useCourse.getState().progress);
  useCourse.setState({ progress });
  saveProgress(courseStorage, progress);
}

function writeHash(): void {
  const { lesson, step } = useCourse.getState();
  if (!lesson || typeof window === 'undefined') return;
  const url = `${window.location.pathname}${window.location.search}${formatLessonHash({ lesson: lessonNumber(lesson.id), step: step + 1 })}`;
  window.history.replaceState(null, '', url);
}

/** Drops a prediction still waiting for its packet (the simulation forgets its breakpoint). */
function dropPrediction(): void {
  const p = useCourse.getState().prediction;
  if (p && p.phase !== 'answered') send({ type: 'breakpoint', bp: null });
  useCourse.setState({ prediction: null });
}

/** Loads the scenario in force at the open step, unless it is loaded already. */
function ensureScenario(force = false): void {
  const { lesson, step, loadedScenario } = useCourse.getState();
  if (!lesson) return;
  const at = scenarioStepOf(lesson, step);
  const key = `${lesson.id}:${at}`;
  if (!force && key === loadedScenario) return;
  const sc = buildScenario(at >= 0 ? lesson.steps[at].scenario : undefined);
  if (!sc.ok) {
    useCourse.setState({ error: `${lesson.id}, step ${at + 1}: ${sc.error}` });
    return;
  }
  useUi.setState({ scenario: sc.value, rulesDraft: new Map(), selectedEventId: null, followedConn: null });
  send({ type: 'load', scenario: sc.value });
  useCourse.setState({ loadedScenario: key });
}

/** Opens lesson `id` at `step` (0-based; clamped to the lesson). */
export async function openLesson(id: string, step = 0): Promise<void> {
  const entry = COURSE.find((l) => l.id === id);
  if (!entry) return;
  dropPrediction();
  useCourse.setState({ loading: id, error: null });
  try {
    const lesson = await entry.load();
    if (useCourse.getState().loading !== id) return; // another lesson was chosen meanwhile
    const s = Math.max(0, Math.min(step, lesson.steps.length - 1));
    useCourse.setState({ lesson, step: s, loading: null, loadedScenario: null });
    ensureScenario(true);
    writeHash();
    markStep(id, s);
  } catch (e) {
    useCourse.setState({ loading: null, error: e instanceof Error ? e.message : String(e) });
  }
}

/** Records the step opened; a lesson is done once its last step is reached with every prediction answered. */
function markStep(id: string, step: number): void {
  const lesson = useCourse.getState().lesson;
  setProgress((p) => {
    const q = withLesson(p, id, (lp) => {
      const reached = Math.max(lp.step, step);
      const complete = lesson !== null && lesson.id === id && reached === lesson.steps.length - 1 && lesson.steps.every((s, i) => !s.predict || lp.answers[i] !== undefined);
      return { ...lp, step: reached, done: lp.done || complete };
    });
    return { ...q, current: { id, step } };
  });
}

export function goStep(step: number): void {
  const { lesson } = useCourse.getState();
  if (!lesson || step < 0 || step >= lesson.steps.length) return;
  dropPrediction();
  useCourse.setState({ step });
  ensureScenario();
  writeHash();
  markStep(lesson.id, step);
}

/** Back to the list. */
export function closeLesson(): void {
  dropPrediction();
  useCourse.setState({ lesson: null, loadedScenario: null, error: null });
  if (typeof window !== 'undefined' && /^#lesson=/.test(window.location.hash)) {
    window.history.replaceState(null, '', `${window.location.pathname}${window.location.search}`);
  }
}

/**
 * The "next lesson step" action (key N): the next step, or the next lesson's first at the end.
 * Nothing while no lesson is open (it would replace the session with a lesson's scenario).
 */
export function nextLessonStep(): void {
  const { lesson, step } = useCourse.getState();
  if (!lesson) return;
  if (step + 1 < lesson.steps.length) {
    goStep(step + 1);
    return;
  }
  setProgress((p) => withLesson(p, lesson.id, (lp) => ({ ...lp, done: true })));
  const i = COURSE.findIndex((l) => l.id === lesson.id);
  if (i + 1 < COURSE.length) void openLesson(COURSE[i + 1].id, 0);
  else closeLesson();
}

/** Which of a node's terminals runs something now. */
function busy(node: string, tty: number): boolean {
  const n = useUi.getState().snapshot?.nodes.find((x) => x.id === node);
  if (!n) return false;
  if (tty === 1) return (n.busy ?? null) !== null;
  return (n.terminals?.find((t) => t.tty === tty)?.busy ?? null) !== null;
}

/** Types the step's lines into the consoles (Ctrl+C first where something still runs), with the prediction's breakpoint set first. */
export function runStep(): void {
  const { lesson, step } = useCourse.getState();
  const scenario = useUi.getState().scenario;
  if (!lesson || !scenario) return;
  const st = lesson.steps[step];
  dropPrediction();
  if (st.predict) {
    const bpId = ++bpCounter;
    send({ type: 'breakpoint', bp: { id: bpId, ...st.predict.packet } });
    const p: PredictionState = { step, bpId, phase: 'waiting', choice: null, held: null, answer: null, verdict: null, seen: false };
    useCourse.setState({ prediction: p });
  }
  const interrupted = new Set<string>();
  for (const r of st.run ?? []) {
    const tty = r.tty ?? 1;
    const key = `${r.node}#${tty}`;
    const extra: Partial<Extract<SimRequest, { type: 'command' }>> = tty > 1 ? { tty } : {};
    if (!interrupted.has(key) && busy(r.node, tty)) send({ type: 'command', node: r.node, text: '^C', ...extra });
    interrupted.add(key);
    send({ type: 'command', node: r.node, text: fillLessonText(r.line, scenario, () => null), ...extra });
  }
}

export function choose(choice: PredictionAnswer): void {
  const p = useCourse.getState().prediction;
  if (p && (p.phase === 'asking' || p.phase === 'waiting')) useCourse.setState({ prediction: { ...p, choice } });
}

/** Check: the held packet goes on; the answer comes with its event (followBreakpoint). */
export function check(): void {
  const p = useCourse.getState().prediction;
  if (!p || p.phase !== 'asking' || p.choice === null) return;
  useCourse.setState({ prediction: { ...p, phase: 'checking' } });
  send({ type: 'play' });
}

/** Follows the simulation's breakpoint for the prediction asked (called on every store change). */
export function followBreakpoint(): void {
  const c = useCourse.getState();
  const p = c.prediction;
  if (!p || p.phase === 'answered' || !c.lesson) return;
  const ui = useUi.getState();
  const bp = ui.snapshot?.breakpoint;
  if (!bp || bp.id !== p.bpId) {
    // the breakpoint was there and is gone: a load or time travel; Run asks again
    if (p.seen) useCourse.setState({ prediction: null });
    return;
  }
  if (bp.state === 'held' && p.phase === 'waiting') {
    useCourse.setState({ prediction: { ...p, phase: 'asking', held: bp.summary, seen: true } });
    return;
  }
  if (bp.state !== 'passed') {
    if (!p.seen) useCourse.setState({ prediction: { ...p, seen: true } });
    return;
  }
  const ev = ui.packets.find((x) => x.id === bp.packetId);
  const predict = c.lesson.steps[p.step]?.predict;
  if (!ev || !predict) return;
  const v = ev.verdicts.find((x) => x.node === predict.packet.at) ?? null;
  if (!v) return;
  const answer = predict.kind === 'state' ? v.state : v.verdict;
  const chosen = p.phase === 'checking' ? p.choice : null;
  useCourse.setState({ prediction: { ...p, phase: 'answered', answer, verdict: v, choice: chosen, seen: true } });
  const id = c.lesson.id;
  setProgress((pr) => withLesson(pr, id, (lp) => ({ ...lp, answers: { ...lp.answers, [p.step]: { chosen, answer, right: chosen === answer } } })));
  markStep(id, useCourse.getState().step);
}

/** Opens the lesson a `#lesson=…` address names; a bad one is reported in the panel. */
export function openFromHash(hash: string): boolean {
  const link = parseLessonHash(hash, COURSE.length);
  if (!link) return false;
  if (!link.ok) {
    useCourse.setState({ error: link.error });
    return true;
  }
  const entry = COURSE[link.value.lesson - 1];
  void entry.load().then((lesson) => {
    if (link.value.step > lesson.steps.length) {
      useCourse.setState({ error: `step=${link.value.step}: lesson ${link.value.lesson} has ${lesson.steps.length} steps` });
      return;
    }
    void openLesson(entry.id, link.value.step - 1);
  });
  return true;
}
