/**
 * A built-in lesson's link: `#lesson=3&step=2` (1-based, short: it names the lesson and step,
 * never the session; a shared session is `#s=…`, shareLink.ts). Errors say what and where.
 */
import type { Result } from '../../sim/result';

export interface LessonLink {
  /** 1-based lesson number. */
  lesson: number;
  /** 1-based step. */
  step: number;
}

/** null: the hash is not a lesson link at all. */
export function parseLessonHash(hash: string, lessons: number): Result<LessonLink> | null {
  if (!/^#lesson=/.test(hash)) return null;
  const params = new URLSearchParams(hash.slice(1));
  for (const k of params.keys()) {
    if (k !== 'lesson' && k !== 'step') return { ok: false, error: `"${k}" is not part of a lesson link (lesson, step)` };
  }
  const num = (name: string, v: string | null, max: number): Result<number> => {
    if (v === null || !/^\d{1,4}$/.test(v)) return { ok: false, error: `${name}=${v ?? ''}: not a number` };
    const n = Number(v);
    if (n < 1 || n > max) return { ok: false, error: `${name}=${v}: ${name === 'lesson' ? `there are lessons 1 to ${max}` : 'steps count from 1'}` };
    return { ok: true, value: n };
  };
  const l = num('lesson', params.get('lesson'), lessons);
  if (!l.ok) return l;
  const s = params.has('step') ? num('step', params.get('step'), 9999) : { ok: true as const, value: 1 };
  if (!s.ok) return s;
  return { ok: true, value: { lesson: l.value, step: s.value } };
}

export function formatLessonHash(link: LessonLink): string {
  return `#lesson=${link.lesson}&step=${link.step}`;
}
