/**
 * POSIX getopt for the lab's commands: clustered flags (`-vz`), options with an argument
 * (`-w 5`, `-w5`), `--` ends the options; errors in glibc's words.
 */
import { err, ok, type Result } from '../result';

export interface Parsed {
  flags: Set<string>;
  values: Map<string, string>;
  args: string[];
}

/** `spec`: letters of flags; a letter followed by ':' takes an argument (as getopt's optstring). */
export function getopt(prog: string, argv: string[], spec: string, longs: Readonly<Record<string, string>> = {}): Result<Parsed> {
  const longLetter = new Map(Object.entries(longs));
  const withArg = new Set<string>();
  const known = new Set<string>();
  for (let i = 0; i < spec.length; i++) {
    known.add(spec[i]);
    if (spec[i + 1] === ':') {
      withArg.add(spec[i]);
      i++;
    }
  }
  const p: Parsed = { flags: new Set(), values: new Map(), args: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      p.args.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('--') && a.length > 2) {
      const [name, inline] = a.slice(2).split('=', 2);
      const letter = longLetter.get(name);
      if (!letter) return err(`${prog}: unrecognized option '${a}'`);
      if (withArg.has(letter)) {
        const v = inline ?? argv[++i];
        if (v === undefined) return err(`${prog}: option '--${name}' requires an argument`);
        p.values.set(letter, v);
      } else p.flags.add(letter);
      continue;
    }
    if (!a.startsWith('-') || a === '-') {
      p.args.push(a);
      continue;
    }
    for (let j = 1; j < a.length; j++) {
      const c = a[j];
      if (!known.has(c)) return err(`${prog}: invalid option -- '${c}'`);
      if (withArg.has(c)) {
        const v = j + 1 < a.length ? a.slice(j + 1) : argv[++i];
        if (v === undefined) return err(`${prog}: option requires an argument -- '${c}'`);
        p.values.set(c, v);
        break;
      }
      p.flags.add(c);
    }
  }
  return ok(p);
}

/** A port number 1-65535, or null. */
export function parsePort(s: string): number | null {
  if (!/^\d{1,5}$/.test(s)) return null;
  const n = Number(s);
  return n >= 1 && n <= 65535 ? n : null;
}
