/** The course as data: every lesson loads on demand, fills its placeholders in both languages, and builds its scenarios. */
import { describe, expect, it } from 'vitest';
import { en } from '../ui/i18n/en';
import { zh } from '../ui/i18n/zh';
import { COURSE, lessonNumber } from './catalog';
import { fillLessonText, unfilled } from './placeholders';
import { buildScenario, scenarioStepOf } from './scenario';
import type { Bilingual } from './types';

const dict = { en: en as Record<string, string>, zh: zh as Record<string, string> };

describe('the course', () => {
  it('has eleven lessons, each id once, numbered in order', () => {
    expect(COURSE).toHaveLength(11);
    expect(new Set(COURSE.map((l) => l.id)).size).toBe(11);
    expect(lessonNumber('handshake')).toBe(3);
    expect(lessonNumber('nope')).toBe(0);
  });

  it.each(COURSE.map((e, i) => [i + 1, e] as const))('lesson %i loads, matches its list entry, and every text fills in both languages', async (_n, entry) => {
    const lesson = await entry.load();
    expect(lesson.id).toBe(entry.id);
    expect(lesson.title).toEqual(entry.title);
    expect(lesson.steps.length).toBeGreaterThan(0);
    lesson.steps.forEach((step, i) => {
      const sc = buildScenario(lesson.steps[scenarioStepOf(lesson, i)]?.scenario);
      expect(sc.ok, `step ${i + 1}: ${sc.ok ? '' : sc.error}`).toBe(true);
      if (!sc.ok) return;
      const texts: Bilingual[] = [step.text];
      if (step.predict) texts.push(step.predict.question, step.predict.explain);
      for (const lang of ['en', 'zh'] as const) {
        for (const t of texts) {
          const filled = fillLessonText(t[lang], sc.value, (k) => dict[lang][k] ?? null);
          expect(unfilled(filled), `step ${i + 1} ${lang}: ${t[lang]}`).toEqual([]);
          expect(filled.trim()).not.toBe('');
        }
        // Chinese text is Chinese
        if (lang === 'zh') expect(step.text.zh).toMatch(/[\u4e00-\u9fff]/);
      }
      for (const r of step.run ?? []) expect(unfilled(fillLessonText(r.line, sc.value, () => null)), r.line).toEqual([]);
      if (step.code) expect(unfilled(fillLessonText(step.code, sc.value, () => null))).toEqual([]);
    });
  });

  it('fills names and addresses from the scenario loaded, and UI labels in the reader\'s language', () => {
    const sc = buildScenario(undefined);
    if (!sc.ok) throw new Error(sc.error);
    sc.value.nodes[2].name = 'web';
    sc.value.nodes[2].ifaces[0].addr = '10.0.0.9';
    const t = '{labos-2.name} {labos-2.ip} {fw.ip1} {ui:preset.ftpActive} {nobody.ip} {labos-1.mac}';
    expect(fillLessonText(t, sc.value, (k) => dict.zh[k] ?? null)).toBe(`web 10.0.0.9 192.168.3.254 ${zh['preset.ftpActive']} {nobody.ip} {labos-1.mac}`);
    expect(unfilled('a {x.ip} b')).toEqual(['{x.ip}']);
  });

  it('refuses a scenario that is not valid, saying where', () => {
    const r = buildScenario({ title: 'bad', services: { 'labos-1': [{ proto: 'tcp', port: 70000, name: 'x' }] } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain('nodes[0].services[0].port');
  });
});
