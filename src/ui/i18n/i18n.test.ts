import { describe, expect, it } from 'vitest';
import { en } from './en';
import { fill, initialLang, reasonText, translate } from './index';
import { zh } from './zh';
import { reasonsZh } from './reasonsZh';
import { allReasonTemplates } from '../../engine/reasons';

describe('i18n', () => {
  it('has a Chinese text for every engine reason code, with the same placeholders', () => {
    const ph = (s: string) => [...new Set([...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort();
    const all = allReasonTemplates();
    const missing = Object.keys(all).filter((code) => !reasonsZh[code]);
    expect(missing).toEqual([]);
    for (const [code, text] of Object.entries(all)) expect(ph(reasonsZh[code]), code).toEqual(ph(text));
  });

  it('has a Chinese string for every English key, with the same placeholders', () => {
    for (const k of Object.keys(en) as (keyof typeof en)[]) {
      expect(zh[k], k).toBeTruthy();
      const ph = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(ph(zh[k]), k).toEqual(ph(en[k]));
    }
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
  });

  it('follows the browser language first', () => {
    expect(initialLang(['zh-CN', 'en'])).toBe('zh');
    expect(initialLang(['en-US'])).toBe('en');
    expect(initialLang(undefined)).toBe('en');
  });

  it('fills parameters', () => {
    expect(fill('{a} and {b}', { a: 1 })).toBe('1 and {b}');
    expect(translate('zh', 'rules.error', { line: 2, column: 5, message: 'x' })).toBe('第 2 行，第 5 列：x');
  });

  it('translates reasons by code, falling back to the English text', () => {
    const r = { code: 'tcp.state', params: { from: 'SYN_SENT', to: 'SYN_RECV', flagClass: 'synack', dir: 'reply' }, text: 'In SYN_SENT ...' };
    expect(reasonText('en', r)).toBe('In SYN_SENT ...');
    expect(reasonText('zh', r)).toContain('SYN_RECV');
    expect(reasonText('zh', { code: 'unknown', text: 'English' })).toBe('English');
  });
});
