import { describe, expect, it } from 'vitest';
import { lesson } from './06-udp';
import { answerOf, playLesson } from './testing/playLesson';

describe('lesson 6: UDP', () => {
  // the fourth step waits as a student pressing "Skip to next timeout" would
  const r = playLesson(lesson, { 3: 40_000 });
  const answers = lesson.steps.map((_, i) => answerOf(lesson, r, i));

  it('answers every prediction as its explanation says', () => {
    expect(answers).toEqual(['NEW', 'ESTABLISHED', null, null, null]);
    lesson.steps.forEach((s, i) => {
      if (s.predict) expect(s.predict.explain.en.startsWith(`${answers[i]}:`), `step ${i + 1}`).toBe(true);
    });
  });

  it('the query\'s entry is UNREPLIED with 30 s; the answer removes the mark', () => {
    expect(r[0].answer?.ctAfter).toMatch(/^udp +17 30 .*\[UNREPLIED\]/);
    expect(r[1].answer?.ctAfter).not.toContain('UNREPLIED');
    expect(r[1].answer?.reasons.map((x) => x.code)).toContain('ct.reply-seen');
  });

  it('one entry per query (source port), none ASSURED', () => {
    expect(r[2].screens['labos-1'].filter((l) => l === '192.168.3.1')).toHaveLength(2);
    const lines = r[2].screens.fw.filter((l) => l.startsWith('udp'));
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(new Set(lines.map((l) => /sport=(\d+)/.exec(l)![1])).size).toBe(lines.length);
    expect(lines.some((l) => l.includes('ASSURED'))).toBe(false);
  });

  it('the sysctls say 30 and 120; after the timeout the table is empty', () => {
    expect(r[3].screens.fw).toEqual(expect.arrayContaining(['net.netfilter.nf_conntrack_udp_timeout = 30', 'net.netfilter.nf_conntrack_udp_timeout_stream = 120']));
    expect(r[4].screens.fw.join('\n')).toContain('0 flow entries have been shown.');
  });
});
