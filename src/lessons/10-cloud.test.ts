import { describe, expect, it } from 'vitest';
import { lesson } from './10-cloud';
import { answerOf, playLesson } from './testing/playLesson';

describe('lesson 10: security group or network ACL', () => {
  const r = playLesson(lesson);
  const answers = lesson.steps.map((_, i) => answerOf(lesson, r, i));

  it('answers every prediction as its explanation says', () => {
    expect(answers).toEqual(['ACCEPT', 'DROP', null, 'ACCEPT']);
    lesson.steps.forEach((s, i) => {
      if (s.predict) expect(s.predict.explain.en.startsWith(`${answers[i]}:`), `step ${i + 1}`).toBe(true);
    });
  });

  it('the security group: replies by rule 1, the forged SYN is NEW and dropped by rule 3', () => {
    expect(r[0].screens['labos-1']).toContain('Ncat: Connected to 192.168.3.1:80.');
    expect(r[0].answer?.decidingRule).toBe('-A FORWARD -m state --state RELATED,ESTABLISHED -j ACCEPT');
    expect(r[1].answer?.state).toBe('NEW');
    expect(r[1].answer?.decidingRule).toBe('-A FORWARD -j DROP');
  });

  it('the network ACL: the client works, and the forged SYN gets a SYN/ACK', () => {
    expect(r[2].screens['labos-1']).toContain('Ncat: Connected to 192.168.3.1:80.');
    expect(r[3].answer?.decidingRule).toBe('-A FORWARD -i eth1 -p tcp -m tcp --sport 80 -j ACCEPT');
    expect(r[3].screens['labos-2'].join('\n')).toMatch(/sport=80 flags=SA/);
  });
});
