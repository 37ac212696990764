import { describe, expect, it } from 'vitest';
import { lesson } from './03-handshake';
import { answerOf, playLesson } from './testing/playLesson';

describe('lesson 3: the 3-way handshake', () => {
  const r = playLesson(lesson);
  const answers = lesson.steps.map((_, i) => answerOf(lesson, r, i));

  it('answers every prediction as its explanation says', () => {
    expect(answers).toEqual(['NEW', 'ESTABLISHED', null]);
    lesson.steps.forEach((s, i) => {
      if (s.predict) expect(s.predict.explain.en.startsWith(`${answers[i]}:`), `step ${i + 1}`).toBe(true);
    });
  });

  it('SYN_SENT [UNREPLIED] after the SYN; SYN_RECV after the SYN/ACK; the ACK is ESTABLISHED', () => {
    expect(r[0].answer?.ctAfter).toMatch(/ SYN_SENT .*\[UNREPLIED\]/);
    expect(r[1].answer?.tcpTransition).toEqual({ from: 'SYN_SENT', to: 'SYN_RECV' });
    const ack = r[1].packets.find((p) => p.label === 'ACK' && p.from === 'labos-1');
    expect(ack?.verdicts.find((v) => v.node === 'fw')?.state).toBe('ESTABLISHED');
  });

  it('conntrack -L shows ESTABLISHED entries', () => {
    expect(r[2].screens.fw.join('\n')).toMatch(/tcp +6 \d+ (ESTABLISHED|TIME_WAIT|CLOSE_WAIT|LAST_ACK|FIN_WAIT) src=192\.168\.1\.1/);
  });
});
