/**
 * Every key of en.ts is used somewhere in src/ (outside the i18n files), as a quoted string, or
 * falls under a prefix the code completes at run time (listed here, each with where it is built).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { en } from './en';

/** Keys built from a prefix and a value, e.g. t(`state.${name}`). */
const DYNAMIC_PREFIXES = [
  'state.', // StateBadge, StateDiagram, Lesson: t(`state.${state}`), t(`state.${state}.desc`)
  'panel.', // App: t(`panel.${p}`)
  'scenario.', // the scenario loader's error codes: t(`scenario.${sc.error}`)
];

function sources(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) sources(p, out);
    else if (/\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name) && !p.includes(join('ui', 'i18n'))) out.push(p);
  }
  return out;
}

describe('i18n keys', () => {
  it('every key of en.ts is used in src/', () => {
    const text = sources(join(__dirname, '..', '..')).map((p) => readFileSync(p, 'utf8')).join('\n');
    const unused = Object.keys(en).filter((k) => !DYNAMIC_PREFIXES.some((p) => k.startsWith(p)) && !text.includes(`'${k}'`) && !text.includes(`"${k}"`));
    expect(unused).toEqual([]);
  });
});
