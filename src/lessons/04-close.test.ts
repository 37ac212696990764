import { describe, expect, it } from 'vitest';
import { lesson } from './04-close';
import { answerOf, playLesson } from './testing/playLesson';

describe('lesson 4: the 4-way close', () => {
  const r = playLesson(lesson);
  const answers = lesson.steps.map((_, i) => answerOf(lesson, r, i));

  it('answers every prediction as its explanation says', () => {
    expect(answers).toEqual(['ESTABLISHED', null, 'ESTABLISHED']);
    lesson.steps.forEach((s, i) => {
      if (s.predict) expect(s.predict.explain.en.startsWith(`${answers[i]}:`), `step ${i + 1}`).toBe(true);
    });
  });

  it('every packet of the close is ESTABLISHED at fw, through FIN_WAIT and LAST_ACK (one FIN/ACK from the server) to TIME_WAIT', () => {
    expect(r[0].answer?.tcpTransition).toEqual({ from: 'ESTABLISHED', to: 'FIN_WAIT' });
    const atFw = r[0].packets.filter((p) => p.to === 'fw').map((p) => p.verdicts.find((v) => v.node === 'fw')!);
    expect(atFw.slice(1).every((v) => v.state === 'ESTABLISHED')).toBe(true);
    expect(atFw.map((v) => v.tcpTransition?.to).filter(Boolean)).toEqual(['SYN_SENT', 'SYN_RECV', 'ESTABLISHED', 'FIN_WAIT', 'LAST_ACK', 'TIME_WAIT']);
  });

  it('TIME_WAIT lives 120 s', () => {
    expect(r[1].screens.fw.join('\n')).toMatch(/tcp +6 1[01]\d TIME_WAIT /);
  });

  it('a RST answering a SYN: CLOSE, and the unassured entry is gone at once', () => {
    expect(r[2].answer?.tcpTransition).toEqual({ from: 'SYN_SENT', to: 'CLOSE' });
    expect(r[2].answer?.ctAfter).toBeNull();
    expect(r[2].ctAtAnswer.fw.filter((l) => l.includes('dport=8080'))).toEqual([]);
    expect(r[2].screens['labos-1']).toContain('Ncat: Connection refused.');
  });
});
