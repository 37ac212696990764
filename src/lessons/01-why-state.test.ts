import { describe, expect, it } from 'vitest';
import { lesson } from './01-why-state';
import { answerOf, playLesson } from './testing/playLesson';

describe('lesson 1: why state', () => {
  const r = playLesson(lesson);
  const answers = lesson.steps.map((_, i) => answerOf(lesson, r, i));

  it('answers every prediction as its explanation says', () => {
    expect(answers).toEqual(['ACCEPT', 'ESTABLISHED', 'DROP', 'DROP', 'ACCEPT']);
    lesson.steps.forEach((s, i) => {
      if (s.predict) expect(s.predict.explain.en.startsWith(`${answers[i]}:`), `step ${i + 1}`).toBe(true);
    });
  });

  it('stateless port 80: the scanner sees 80/tcp open', () => {
    expect(r[0].screens['labos-2'].join('\n')).toMatch(/80\/tcp open +http/);
    expect(r[0].packets.some((p) => p.from === 'labos-1' && p.label === 'SYN/ACK')).toBe(true);
  });

  it('the note\'s rules: labos-1 connects out; labos-2 is dropped as NEW and times out', () => {
    expect(r[1].screens['labos-1']).toContain('Ncat: Connected to 192.168.3.1:80.');
    expect(r[2].answer?.state).toBe('NEW');
    expect(r[2].answer?.decidingRule).toBe('-A INPUT -j DROP');
    expect(r[2].screens['labos-2']).toContain('Ncat: TIMEOUT.');
  });

  it('SSH without a rule for port 22 is locked out; with it, the banner arrives', () => {
    expect(r[3].answer?.state).toBe('NEW');
    expect(r[3].screens['labos-2']).toContain('Ncat: TIMEOUT.');
    expect(r[4].answer?.decidingRule).toBe('-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT');
    expect(r[4].screens['labos-2'].join('\n')).toContain('SSH-2.0-OpenSSH_8.0');
    expect(r[4].packets.filter((p) => p.to === 'labos-1' && p.label !== 'SYN').every((p) => p.verdicts.at(-1)?.state === 'ESTABLISHED')).toBe(true);
  });
});
