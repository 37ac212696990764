import { describe, expect, it } from 'vitest';
import { formatLessonHash, parseLessonHash } from './courseLink';
import { emptyProgress, lessonScore, loadProgress, parseProgress, saveProgress, withLesson } from './progress';

describe('course progress', () => {
  it('round-trips through storage and scores right/asked, leaving out unchecked packets', () => {
    let p = withLesson(emptyProgress(), 'states', (lp) => ({ ...lp, step: 3, answers: { 0: { chosen: 'NEW', answer: 'NEW', right: true }, 2: { chosen: 'NEW', answer: 'INVALID', right: false }, 3: { chosen: null, answer: 'DROP', right: false } } }));
    p = { ...p, current: { id: 'states', step: 3 } };
    const mem = new Map<string, string>();
    const storage = { getItem: (k: string) => mem.get(k) ?? null, setItem: (k: string, v: string) => void mem.set(k, v) };
    saveProgress(storage, p);
    const back = loadProgress(storage);
    expect(back).toEqual(p);
    expect(lessonScore(back.lessons.states)).toEqual({ right: 1, asked: 2 });
  });

  it('reads whatever the storage holds without throwing, keeping what fits', () => {
    expect(parseProgress('not json')).toEqual(emptyProgress());
    expect(parseProgress('[1,2]')).toEqual(emptyProgress());
    const p = parseProgress(JSON.stringify({ current: { id: 'x', step: -1 }, lessons: { a: { step: 2, answers: { 1: { chosen: 3, answer: 'NEW', right: true }, 2: { chosen: 'NEW', answer: 'NEW', right: true } } }, b: 'no', __proto__: { step: 1 } } }));
    expect(p.current).toBeNull();
    expect(Object.keys(p.lessons)).toEqual(['a']);
    expect(Object.keys(p.lessons.a.answers)).toEqual(['2']);
    expect(loadProgress({ getItem: () => { throw new Error('denied'); } })).toEqual(emptyProgress());
    expect(() => saveProgress({ setItem: () => { throw new Error('full'); } }, p)).not.toThrow();
  });
});

describe('lesson links', () => {
  it('reads and writes #lesson=N&step=M', () => {
    expect(parseLessonHash('#lesson=3&step=2', 11)).toEqual({ ok: true, value: { lesson: 3, step: 2 } });
    expect(parseLessonHash('#lesson=11', 11)).toEqual({ ok: true, value: { lesson: 11, step: 1 } });
    expect(formatLessonHash({ lesson: 3, step: 2 })).toBe('#lesson=3&step=2');
    expect(parseLessonHash('#s=1.abc', 11)).toBeNull();
    expect(parseLessonHash('', 11)).toBeNull();
  });

  it('says what is wrong and where', () => {
    expect(parseLessonHash('#lesson=12', 11)).toEqual({ ok: false, error: 'lesson=12: there are lessons 1 to 11' });
    expect(parseLessonHash('#lesson=x&step=1', 11)).toEqual({ ok: false, error: 'lesson=x: not a number' });
    expect(parseLessonHash('#lesson=2&step=0', 11)).toEqual({ ok: false, error: 'step=0: steps count from 1' });
    expect(parseLessonHash('#lesson=2&s=1', 11)).toEqual({ ok: false, error: '"s" is not part of a lesson link (lesson, step)' });
  });
});
