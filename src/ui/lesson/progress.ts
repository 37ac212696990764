/**
 * What a reader has done in the course, kept in localStorage: the lesson and step open last,
 * and per lesson the furthest step, whether it is done and each prediction's answer. Whatever
 * the storage holds (another version, a hand edit), reading never throws: what does not fit is
 * left out.
 */
export interface PredictionRecord {
  /** The reader's choice; null when the packet went on before they checked. */
  chosen: string | null;
  answer: string;
  right: boolean;
}

export interface LessonProgress {
  /** The furthest step opened (0-based). */
  step: number;
  done: boolean;
  /** By step index. */
  answers: Record<string, PredictionRecord>;
}

export interface CourseProgress {
  current: { id: string; step: number } | null;
  lessons: Record<string, LessonProgress>;
}

export const PROGRESS_KEY = 'conntrack-lab.course.v1';

export const emptyProgress = (): CourseProgress => ({ current: null, lessons: {} });

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStep = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < 1000;

export function parseProgress(text: string | null): CourseProgress {
  const out = emptyProgress();
  if (!text) return out;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return out;
  }
  if (!isObj(raw)) return out;
  const cur = raw.current;
  if (isObj(cur) && typeof cur.id === 'string' && isStep(cur.step)) out.current = { id: cur.id, step: cur.step };
  if (isObj(raw.lessons)) {
    for (const [id, lp] of Object.entries(raw.lessons)) {
      if (!isObj(lp) || !isStep(lp.step)) continue;
      const answers: Record<string, PredictionRecord> = {};
      if (isObj(lp.answers)) {
        for (const [k, a] of Object.entries(lp.answers)) {
          if (!/^\d{1,3}$/.test(k) || !isObj(a) || typeof a.answer !== 'string' || typeof a.right !== 'boolean') continue;
          if (a.chosen !== null && typeof a.chosen !== 'string') continue;
          answers[k] = { chosen: a.chosen, answer: a.answer, right: a.right };
        }
      }
      Object.defineProperty(out.lessons, id, { value: { step: lp.step, done: lp.done === true, answers }, enumerable: true, writable: true, configurable: true });
    }
  }
  return out;
}

/** Right answers and questions the reader answered (a packet that went on unchecked does not count). */
export function lessonScore(lp: LessonProgress | undefined): { right: number; asked: number } {
  let right = 0;
  let asked = 0;
  for (const a of Object.values(lp?.answers ?? {})) {
    if (a.chosen === null) continue;
    asked++;
    if (a.right) right++;
  }
  return { right, asked };
}

export function lessonOf(p: CourseProgress, id: string): LessonProgress {
  return Object.hasOwn(p.lessons, id) ? p.lessons[id] : { step: 0, done: false, answers: {} };
}

/** A copy of `p` with lesson `id` changed by `f`. */
export function withLesson(p: CourseProgress, id: string, f: (lp: LessonProgress) => LessonProgress): CourseProgress {
  const lessons = { ...p.lessons };
  Object.defineProperty(lessons, id, { value: f(lessonOf(p, id)), enumerable: true, writable: true, configurable: true });
  return { ...p, lessons };
}

export function loadProgress(storage: Pick<Storage, 'getItem'> | undefined): CourseProgress {
  try {
    return parseProgress(storage?.getItem(PROGRESS_KEY) ?? null);
  } catch {
    return emptyProgress();
  }
}

export function saveProgress(storage: Pick<Storage, 'setItem'> | undefined, p: CourseProgress): void {
  try {
    storage?.setItem(PROGRESS_KEY, JSON.stringify(p));
  } catch {
    // storage full or forbidden (private mode): progress lives for this page only
  }
}
