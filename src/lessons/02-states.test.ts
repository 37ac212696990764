import { describe, expect, it } from 'vitest';
import { lesson } from './02-states';
import { answerOf, playLesson } from './testing/playLesson';

describe('lesson 2: the states', () => {
  const r = playLesson(lesson);
  const answers = lesson.steps.map((_, i) => answerOf(lesson, r, i));

  it('answers every prediction as its explanation says', () => {
    expect(answers).toEqual(['NEW', 'RELATED', 'INVALID', 'UNTRACKED', null, 'DROP']);
    lesson.steps.forEach((s, i) => {
      if (s.predict) expect(s.predict.explain.en.startsWith(`${answers[i]}:`), `step ${i + 1}`).toBe(true);
    });
  });

  it('the reply and the second echo request are ESTABLISHED at fw', () => {
    const fw = r[0].packets.filter((p) => p.to === 'fw').map((p) => `${p.label} ${p.verdicts.find((v) => v.node === 'fw')?.state}`);
    expect(fw).toEqual(['ICMP echo NEW', 'ICMP echo reply ESTABLISHED', 'ICMP echo ESTABLISHED', 'ICMP echo reply ESTABLISHED']);
  });

  it('the FIN makes no entry; NOTRACK makes none for the query nor the answer, while the hosts track it', () => {
    expect(r[2].answer?.ctAfter).toBeNull();
    const dns = r[3].packets.filter((p) => p.label === 'UDP 53');
    expect(dns.flatMap((p) => p.verdicts.filter((v) => v.node === 'fw').map((v) => v.state))).toEqual(['UNTRACKED', 'UNTRACKED']);
    expect(dns.flatMap((p) => p.verdicts.filter((v) => v.node !== 'fw').map((v) => v.state))).toEqual(['NEW', 'NEW', 'ESTABLISHED', 'ESTABLISHED']);
  });

  it('counts each state on its own rule', () => {
    const listing = r[4].screens.fw.join('\n');
    for (const [state, pkts] of [['NEW', 2], ['ESTABLISHED', 3], ['RELATED', 1], ['INVALID', 1], ['UNTRACKED', 2]] as const) {
      expect(listing).toMatch(new RegExp(`^ +${pkts} +\\d+ ACCEPT .*state ${state}\\s*$`, 'm'));
    }
  });

  it('! --state drops the INVALID FIN with the rule it inserted', () => {
    expect(r[5].answer?.state).toBe('INVALID');
    expect(r[5].answer?.decidingRule).toBe('-A FORWARD -m state ! --state NEW,RELATED,ESTABLISHED -j DROP');
  });
});
