/**
 * The course panel's state: which lesson and step is open, the prediction being asked, and the
 * reader's progress (progress.ts). Apart from the app's store: the course only reads that one
 * (the scenario, the snapshot's breakpoint, the packet events) and talks to the simulation
 * through its requests (courseActions.ts).
 */
import { create } from 'zustand';
import type { Lesson, PredictionAnswer } from '../../lessons/types';
import type { NodeVerdict } from '../../sim/api';
import { loadProgress, type CourseProgress } from './progress';

export type PredictionPhase =
  /** Run was pressed: the breakpoint waits for its packet. */
  | 'waiting'
  /** The packet is held before the node: the reader chooses. */
  | 'asking'
  /** Check was pressed: the packet goes on. */
  | 'checking'
  /** The engine's verdict is known. */
  | 'answered';

export interface PredictionState {
  step: number;
  bpId: number;
  phase: PredictionPhase;
  choice: PredictionAnswer | null;
  /** The held packet's one-line summary. */
  held: string | null;
  /** Once answered: the engine's answer and its verdict at the node (reasons and all). */
  answer: string | null;
  verdict: NodeVerdict | null;
  /** The breakpoint has shown up in a snapshot (so its disappearing means time travel or a load). */
  seen: boolean;
}

export interface CourseState {
  /** The open lesson (null: the list). */
  lesson: Lesson | null;
  step: number;
  loading: string | null;
  error: string | null;
  prediction: PredictionState | null;
  /** `lessonId:step` of the scenario loaded for the open lesson (scenario.ts scenarioStepOf). */
  loadedScenario: string | null;
  progress: CourseProgress;
}

const storage = typeof localStorage !== 'undefined' ? localStorage : undefined;

export const useCourse = create<CourseState>()(() => ({
  lesson: null,
  step: 0,
  loading: null,
  error: null,
  prediction: null,
  loadedScenario: null,
  progress: loadProgress(storage),
}));

export const courseStorage = storage;
