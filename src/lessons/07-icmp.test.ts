import { describe, expect, it } from 'vitest';
import { lesson } from './07-icmp';
import { answerOf, playLesson } from './testing/playLesson';

describe('lesson 7: ICMP', () => {
  const r = playLesson(lesson);
  const answers = lesson.steps.map((_, i) => answerOf(lesson, r, i));

  it('answers every prediction as its explanation says', () => {
    expect(answers).toEqual(['ESTABLISHED', 'RELATED', 'RELATED']);
    lesson.steps.forEach((s, i) => {
      if (s.predict) expect(s.predict.explain.en.startsWith(`${answers[i]}:`), `step ${i + 1}`).toBe(true);
    });
  });

  it('the echo request is NEW, its reply ESTABLISHED, accepted by rule 2', () => {
    const req = r[0].packets.find((p) => p.label === 'ICMP echo' && p.to === 'fw');
    expect(req?.verdicts.find((v) => v.node === 'fw')?.state).toBe('NEW');
    expect(r[0].answer?.decidingRule).toBe('-A INPUT -m state --state RELATED,ESTABLISHED -j ACCEPT');
  });

  it('errors about UDP and TCP are RELATED, accepted, and nc reports the refusal', () => {
    for (const i of [1, 2]) {
      expect(r[i].answer?.verdict).toBe('ACCEPT');
      expect(r[i].screens['labos-1']).toContain('Ncat: Connection refused.');
    }
    expect(r[2].asked?.src).toBe('192.168.1.254');
  });
});
