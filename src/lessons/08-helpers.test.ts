import { describe, expect, it } from 'vitest';
import { lesson } from './08-helpers';
import { answerOf, playLesson } from './testing/playLesson';

describe('lesson 8: helpers', () => {
  // the second step waits until curl gives up, as the text says it does
  const r = playLesson(lesson, { 1: 200_000 });
  const answers = lesson.steps.map((_, i) => answerOf(lesson, r, i));

  it('answers every prediction as its explanation says', () => {
    expect(answers).toEqual([null, 'DROP', null, 'RELATED']);
    lesson.steps.forEach((s, i) => {
      if (s.predict) expect(s.predict.explain.en.startsWith(`${answers[i]}:`), `step ${i + 1}`).toBe(true);
    });
  });

  it('passive FTP works with the seed rules: the data connection goes out NEW', () => {
    expect(r[0].screens['labos-1'].join('\n')).toContain('Welcome to the Conntrack Lab FTP server.');
    const syns = r[0].packets.filter((p) => p.label === 'SYN' && p.to === 'fw');
    expect(syns.length).toBe(2);
    expect(syns.every((p) => p.from === 'labos-1' && p.verdicts.find((v) => v.node === 'fw')?.state === 'NEW')).toBe(true);
  });

  it('active FTP without the helper: the data SYN from port 20 is NEW, dropped, and curl fails', () => {
    expect(r[1].answer?.state).toBe('NEW');
    expect(r[1].asked?.summary).toMatch(/^192\.168\.3\.1:20 → /);
    expect(r[1].screens['labos-1'].join('\n')).toMatch(/curl: \(\d+\)/);
  });

  it('the helper sysctl does not exist (recorded on Linux 6.18)', () => {
    expect(r[2].screens['labos-1']).toContain('sysctl: cannot stat /proc/sys/net/netfilter/nf_conntrack_helper: No such file or directory');
  });

  it('with the helper the data connection is RELATED and the file arrives', () => {
    expect(r[3].answer?.verdict).toBe('ACCEPT');
    expect(r[3].screens['labos-1'].join('\n')).toContain('Welcome to the Conntrack Lab FTP server.');
  });
});
