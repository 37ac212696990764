import { describe, expect, it } from 'vitest';
import { allReasonTemplates, formatReason } from './reasons';

describe('formatReason', () => {
  it('fills every placeholder of a template, each time it appears', () => {
    expect(formatReason('ipt.ct-helper', { table: 'raw', chain: 'PREROUTING', index: 2, helper: 'ftp' })).toBe(
      'raw PREROUTING rule 2: CT --helper ftp, a new connection gets the ftp helper',
    );
  });

  it('leaves a placeholder without a parameter as it is, and shows unknown codes as they came', () => {
    expect(formatReason('ipt.ct-helper', { table: 'raw' })).toBe('raw {chain} rule {index}: CT --helper {helper}, a new connection gets the {helper} helper');
    expect(formatReason('no.such-code')).toBe('no.such-code');
    expect(formatReason('no.such-code', { a: 1 })).toBe('no.such-code {"a":1}');
  });

  it('gives the same text as a plain search-and-replace for every template', () => {
    for (const [code, tpl] of Object.entries(allReasonTemplates())) {
      const names = [...tpl.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      const params = Object.fromEntries(names.map((n, i) => [n, `<${n}${i}>`]));
      const want = tpl.replace(/\{(\w+)\}/g, (_m, k: string) => String(params[k]));
      expect(formatReason(code, params), code).toBe(want);
    }
  });
});
