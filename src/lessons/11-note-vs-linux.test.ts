import { describe, expect, it } from 'vitest';
import { lesson } from './11-note-vs-linux';
import { answerOf, playLesson } from './testing/playLesson';

describe('lesson 11: where the note and Linux disagree', () => {
  const r = playLesson(lesson);
  const answers = lesson.steps.map((_, i) => answerOf(lesson, r, i));

  it('answers every prediction as its explanation says', () => {
    expect(answers).toEqual([null, 'INVALID', null, 'RELATED']);
    lesson.steps.forEach((s, i) => {
      if (s.predict) expect(s.predict.explain.en.startsWith(`${answers[i]}:`), `step ${i + 1}`).toBe(true);
    });
  });

  it('Ncat 7.93 prints TIMEOUT after 10 s, in which 7 SYNs left labos-2', () => {
    const out = r[0].screens['labos-2'];
    expect(out).toContain('Ncat: TIMEOUT.');
    expect(out.join('\n')).not.toContain('Connection timed out');
    expect(r[0].packets.filter((p) => p.from === 'labos-2' && p.label === 'SYN')).toHaveLength(7);
  });

  it('TIME_WAIT in conntrack -L, every close packet ESTABLISHED to -m state', () => {
    expect(r[2].screens.fw.join('\n')).toMatch(/ TIME_WAIT src=192\.168\.1\.1 /);
    const closing = r[2].packets.filter((p) => p.to === 'fw' && /FIN/.test(p.label));
    expect(closing.length).toBeGreaterThan(0);
    expect(closing.every((p) => p.verdicts.find((v) => v.node === 'fw')?.state === 'ESTABLISHED')).toBe(true);
  });

  it('the error is RELATED to a flow that was never answered', () => {
    expect(r[3].ctAtAnswer.fw.find((l) => l.includes('dport=9999'))).toContain('[UNREPLIED]');
  });
});
