/**
 * The course's data: a lesson is a list of steps over a scenario, English and 中文 side by side.
 * Lesson files hold data only (no JSX); `src/ui/lesson` draws them and the simulation answers
 * their predictions. Text may hold placeholders filled when shown (placeholders.ts):
 * `{labos-2.ip}`, `{labos-1.name}`, `{fw.ip1}` from the loaded scenario, `{ui:preset.ftpActive}`
 * for a UI label in the reader's language, and `code` in backquotes.
 */
import type { CtStateName, PacketBreakpoint, ServiceSpec } from '../sim/api';

/** A text in both languages. */
export interface Bilingual {
  en: string;
  zh: string;
}

/** The ids of the scenario's machines (the names shown may differ: placeholders read them). */
export type NodeId = 'labos-1' | 'fw' | 'labos-2';

/**
 * A scenario as a change of the seed example (defaultScenario.ts): what a node's rules,
 * services or sysctls are instead. The result is checked by parseScenario like a shared one.
 */
export interface LessonScenario {
  title: string;
  rules?: Partial<Record<NodeId, string>>;
  services?: Partial<Record<NodeId, ServiceSpec[]>>;
  sysctl?: Partial<Record<NodeId, Record<string, number>>>;
}

/** A line the Run button types at a node's console (terminal `tty`, absent: the first). */
export interface ConsoleRun {
  node: NodeId;
  line: string;
  tty?: number;
}

export type PredictionKind = 'state' | 'verdict';
export type PredictionAnswer = CtStateName | 'ACCEPT' | 'DROP';

/**
 * Predict-then-see: before the packet `packet` is evaluated at node `packet.at`, play pauses
 * and the reader chooses; the answer is the state or verdict that node's netfilter then gives.
 */
export interface Prediction {
  kind: PredictionKind;
  packet: Omit<PacketBreakpoint, 'id'> & { at: NodeId; from?: NodeId };
  question: Bilingual;
  /** Shown with the answer: why (the engine's own reasons are shown beside it). */
  explain: Bilingual;
}

export interface LessonStep {
  text: Bilingual;
  /** Rules or commands shown as a block (placeholders filled), e.g. the note's three rules. */
  code?: string;
  /** Loads this scenario when the step opens (later steps keep it until one loads another). */
  scenario?: LessonScenario;
  /** What the Run button types, in order. */
  run?: ConsoleRun[];
  predict?: Prediction;
}

export interface Lesson {
  /** Short, stable, in URLs and saved progress: 'why-state'. */
  id: string;
  title: Bilingual;
  steps: LessonStep[];
}
