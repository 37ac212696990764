/** `-m icmp --icmp-type` (libxt_icmp / ip_tables.c icmp_match). */
import type { Extension } from './ext';
import { extError, onceError } from './ext';
import type { IcmpMatch } from './model';
import { ICMP_NAMES } from './names';
import { parseCNumber } from './ports';

/** Parses a type name (case-insensitive prefix), `TYPE` or `TYPE/CODE`. */
export function parseIcmpType(text: string): { type: number; codeMin: number; codeMax: number } | string {
  const hits = ICMP_NAMES.filter((e) => e.name.toLowerCase().startsWith(text.toLowerCase()));
  if (hits.length > 1 && text.length > 0 && hits.some((h) => h.name.toLowerCase() === text.toLowerCase())) {
    const exact = hits.find((h) => h.name.toLowerCase() === text.toLowerCase())!;
    return { type: exact.type, codeMin: exact.codeMin, codeMax: exact.codeMax };
  }
  if (hits.length > 1) return `Ambiguous ICMP type \`${text}': \`${hits[0].name}' or \`${hits[1].name}'?`;
  if (hits.length === 1) return { type: hits[0].type, codeMin: hits[0].codeMin, codeMax: hits[0].codeMax };
  const parts = text.split('/');
  if (parts.length > 2) return 'unknown character /';
  const type = parseCNumber(parts[0]);
  if (type === null || type > 255) return `Unknown ICMP type \`${text}'`;
  if (parts.length === 1) return { type, codeMin: 0, codeMax: 0xff };
  const code = parseCNumber(parts[1]);
  if (code === null || code > 255) return `Unknown ICMP code \`${text}'`;
  return { type, codeMin: code, codeMax: code };
}

export const icmpExt: Extension<IcmpMatch> = {
  name: 'icmp',
  options: [{ name: 'icmp-type', id: 'icmp-type', args: 1, invertible: true }],
  init: () => ({ kind: 'icmp', type: 0xff, codeMin: 0, codeMax: 0xff, inv: false }),
  parse(m, id, args, inv, _ctx, seen) {
    if (seen.has(id)) return onceError('icmp', 'icmp-type');
    const r = parseIcmpType(args[0]);
    if (typeof r === 'string') return extError('bad-value', r);
    m.type = r.type;
    m.codeMin = r.codeMin;
    m.codeMax = r.codeMax;
    m.inv = inv;
    return null;
  },
  final: () => null,
  save(m) {
    const inv = m.inv ? ' !' : '';
    if (m.type === 0xff) return `${inv} --icmp-type any`;
    const code = m.codeMin !== 0 || m.codeMax !== 0xff ? `/${m.codeMin}` : '';
    return `${inv} --icmp-type ${m.type}${code}`;
  },
  print(m, numeric) {
    let s = ' icmp';
    if (!numeric) {
      const e = ICMP_NAMES.find((n) => n.type === m.type && n.codeMin === m.codeMin && n.codeMax === m.codeMax);
      if (e) return `${s} ${m.inv ? '!' : ''}${e.name}`;
    }
    if (m.inv) s += ' !';
    s += `type ${m.type}`;
    if (m.codeMin === m.codeMax) s += ` code ${m.codeMin}`;
    else if (m.codeMin !== 0 || m.codeMax !== 0xff) s += ` codes ${m.codeMin}-${m.codeMax}`;
    return s;
  },
};
