import { describe, expect, it } from 'vitest';
import { lesson } from './09-invalid';
import { answerOf, playLesson } from './testing/playLesson';

describe('lesson 9: INVALID in practice', () => {
  const r = playLesson(lesson);
  const answers = lesson.steps.map((_, i) => answerOf(lesson, r, i));

  it('answers the scan predictions as their explanations say', () => {
    expect(answers[0]).toBe('INVALID');
    expect(answers[3]).toBe('DROP');
    for (const i of [0, 3]) expect(lesson.steps[i].predict!.explain.en.startsWith(`${answers[i]}:`)).toBe(true);
    expect(r[0].screens['labos-1'].join('\n')).toMatch(/80\/tcp open\|filtered http/);
  });

  it('the forged ACK is INVALID over the window, ESTABLISHED under it — as the reasons say', () => {
    expect(r[1].screens['labos-1']).toContain('Ncat: Connected to 192.168.3.1:80.');
    expect(r[2].asked?.summary).toMatch(/^192\.168\.3\.1:80 → 192\.168\.1\.1:40000 \[ACK\]/);
    const codes = r[2].answer!.reasons.map((x) => x.code);
    if (answers[2] === 'INVALID') expect(codes).toContain('tcp.seq-over-upper-bound');
    else {
      expect(answers[2]).toBe('ESTABLISHED');
      expect(codes).toContain('tcp.seq-under-lower-bound');
    }
  });

  it('with DROP INVALID no probe reaches labos-2', () => {
    expect(r[3].answer?.decidingRule).toBe('-A FORWARD -m state --state INVALID -j DROP');
    expect(r[3].packets.some((p) => p.to === 'labos-2' && p.label === 'FIN/PSH/URG')).toBe(false);
  });
});
