import { describe, expect, it } from 'vitest';
import { lesson } from './05-new-not-syn';
import { answerOf, playLesson } from './testing/playLesson';

describe('lesson 5: NEW is not only a SYN', () => {
  const r = playLesson(lesson);
  const answers = lesson.steps.map((_, i) => answerOf(lesson, r, i));

  it('answers every prediction as its explanation says', () => {
    expect(answers).toEqual(['NEW', 'INVALID', 'INVALID', 'INVALID']);
    lesson.steps.forEach((s, i) => {
      if (s.predict) expect(s.predict.explain.en.startsWith(`${answers[i]}:`), `step ${i + 1}`).toBe(true);
    });
  });

  it('with loose pickup the entry starts ESTABLISHED and labos-2 answers a RST', () => {
    expect(r[0].answer?.tcpTransition).toEqual({ from: 'NONE', to: 'ESTABLISHED' });
    expect(r[0].packets.some((p) => p.from === 'labos-2' && p.label === 'RST')).toBe(true);
  });

  it('without it, fw calls the ACK INVALID while labos-2 still calls it NEW', () => {
    expect(r[1].screens.fw).toContain('net.netfilter.nf_conntrack_tcp_loose = 0');
    const atL2 = r[1].packets.find((p) => p.to === 'labos-2' && p.label === 'ACK');
    expect(atL2?.verdicts.find((v) => v.node === 'labos-2')?.state).toBe('NEW');
  });

  it('a first RST or SYN/ACK makes no entry', () => {
    expect(r[2].answer?.ctAfter).toBeNull();
    expect(r[3].answer?.ctAfter).toBeNull();
  });
});
