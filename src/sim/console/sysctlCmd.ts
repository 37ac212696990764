/**
 * `sysctl` as procps-ng 4.0.2 prints it (recorded: traces/tools), for the keys this lab models:
 * the net.netfilter.nf_conntrack_* settings the engine honours and net.ipv4's forwarding keys.
 * `NAME`, `-n`/`-N`/`-b`/`-q`/`-e`, `-w NAME=VALUE`, `-a` (only these keys; `-r`/`--pattern`
 * selects by a regular expression), `-p [FILE]` (the lab's /etc/sysctl.conf is Debian's, all
 * comments; there is no other file), `-h`, `-V`.
 */
import { DEFAULT_SETTINGS, sysctlKey } from '../../engine/settings';
import { SYSCTL_USAGE } from './referenceTexts';
import type { Command, ProcCtx } from './shell';

/** Read-only keys of net.ipv4 (the forwarding keys of `sysctl -a -r ip_forward`). */
function ipv4Value(ctx: ProcCtx, name: string): number | null {
  if (name === 'net.ipv4.ip_forward') return ctx.node.spec.kind === 'firewall' ? 1 : 0;
  if (name === 'net.ipv4.ip_forward_update_priority') return 1;
  if (name === 'net.ipv4.ip_forward_use_pmtu') return 0;
  return null;
}

function value(ctx: ProcCtx, name: string): number | null {
  const v = ipv4Value(ctx, name.replace(/\//g, '.'));
  if (v !== null) return v;
  const key = sysctlKey(name);
  if (key === null) return null;
  return ctx.node.sysctl[`net.netfilter.nf_conntrack_${key}`] ?? DEFAULT_SETTINGS[key];
}

/** Every key this lab knows, in `sysctl -a`'s order (the /proc/sys tree, sorted). */
function allKeys(): string[] {
  const ct = Object.keys(DEFAULT_SETTINGS).filter((k) => k !== 'ftp_expect_timeout').map((k) => `net.netfilter.nf_conntrack_${k}`);
  return ['net.ipv4.ip_forward', 'net.ipv4.ip_forward_update_priority', 'net.ipv4.ip_forward_use_pmtu', ...ct].sort();
}

const noSuch = (name: string): string => `sysctl: cannot stat /proc/sys/${name.replace(/\./g, '/')}: No such file or directory`;
const NO_VARIABLES = "sysctl: no variables specified\nTry `sysctl --help' for more information.";
/** Debian 12's /etc/sysctl.conf holds only comments: loading it sets nothing. */
const SYSCTL_CONF = '/etc/sysctl.conf';

interface Opts {
  all: boolean;
  values: boolean;
  names: boolean;
  binary: boolean;
  quiet: boolean;
  ignore: boolean;
  write: boolean;
  load: string | null;
  pattern: RegExp | null;
  items: string[];
}

const FLAGS: Record<string, keyof Opts | 'help' | 'version' | 'nothing'> = {
  a: 'all', A: 'all', X: 'all', n: 'values', N: 'names', b: 'binary', q: 'quiet', e: 'ignore', w: 'write',
  h: 'help', d: 'help', V: 'version', o: 'nothing', x: 'nothing',
};
const LONG: Record<string, keyof Opts | 'help' | 'version'> = {
  all: 'all', values: 'values', names: 'names', binary: 'binary', quiet: 'quiet', ignore: 'ignore', write: 'write',
  help: 'help', version: 'version',
};

type Parsed = { kind: 'run'; o: Opts } | { kind: 'help' | 'version' } | { kind: 'error'; text: string };

function parse(args: string[]): Parsed {
  const o: Opts = { all: false, values: false, names: false, binary: false, quiet: false, ignore: false, write: false, load: null, pattern: null, items: [] };
  const setPattern = (text: string | undefined): string | null => {
    if (text === undefined) return `sysctl: option requires an argument -- 'r'\n${SYSCTL_USAGE}`;
    try {
      o.pattern = new RegExp(text);
    } catch {
      o.pattern = /$^/; // procps' regcomp failure lists nothing
    }
    return null;
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a.startsWith('--') && a.length > 2) {
      const [name, inline] = a.slice(2).split(/=(.*)/s, 2);
      if (name === 'load') o.load = inline ?? SYSCTL_CONF;
      else if (name === 'pattern') {
        const e = setPattern(inline ?? args[++i]);
        if (e) return { kind: 'error', text: e };
      } else if (name === 'system' || name === 'deprecated' || name === 'dry-run') continue;
      else if (Object.hasOwn(LONG, name)) {
        const f = LONG[name];
        if (f === 'help' || f === 'version') return { kind: f };
        (o[f] as boolean) = true;
      } else return { kind: 'error', text: `sysctl: unrecognized option '${a}'\n${SYSCTL_USAGE}` };
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j];
        if (c === 'p' || c === 'f') {
          // -p takes its file only when attached (getopt's optional argument); a later word is a file too
          const rest = a.slice(j + 1);
          o.load = rest || (args[i + 1] !== undefined && !args[i + 1].startsWith('-') ? args[++i] : SYSCTL_CONF);
          break;
        }
        if (c === 'r') {
          const e = setPattern(a.slice(j + 1) || args[++i]);
          if (e) return { kind: 'error', text: e };
          break;
        }
        if (!Object.hasOwn(FLAGS, c)) return { kind: 'error', text: `sysctl: invalid option -- '${c}'\n${SYSCTL_USAGE}` };
        const f = FLAGS[c];
        if (f === 'help' || f === 'version') return { kind: f };
        if (f !== 'nothing') (o[f] as boolean) = true;
      }
      continue;
    }
    o.items.push(a);
  }
  return { kind: 'run', o };
}

export const sysctl: Command = (argv, ctx) => {
  const finish = (code: number) => {
    ctx.exit(code);
    return null;
  };
  if (argv.length === 1) {
    ctx.err(SYSCTL_USAGE);
    return finish(1);
  }
  const p = parse(argv.slice(1));
  if (p.kind === 'error') {
    ctx.err(p.text);
    return finish(1);
  }
  if (p.kind !== 'run') {
    ctx.out(p.kind === 'help' ? SYSCTL_USAGE : 'sysctl from procps-ng 4.0.2');
    return finish(0);
  }
  const o = p.o;
  const show = (name: string, v: number): void => {
    if (o.names) ctx.out(name);
    else if (o.values || o.binary) ctx.out(String(v));
    else ctx.out(`${name} = ${v}`);
  };
  if (o.load !== null) {
    if (o.load !== SYSCTL_CONF) {
      ctx.err(`sysctl: cannot open "${o.load}": No such file or directory`);
      return finish(1);
    }
    return finish(0);
  }
  if (o.all) {
    for (const k of allKeys()) if (!o.pattern || o.pattern.test(k)) show(k, value(ctx, k)!);
    return finish(0);
  }
  if (o.items.length === 0) {
    ctx.err(NO_VARIABLES);
    return finish(1);
  }
  let code = 0;
  for (const item of o.items) {
    const eq = item.indexOf('=');
    if (eq < 0) {
      if (o.write) {
        ctx.err('sysctl: command line(0): invalid syntax, continuing...');
        code = 1;
        continue;
      }
      const v = value(ctx, item);
      const dir = `${item.replace(/\//g, '.').replace(/\.$/, '')}.`;
      const under = allKeys().filter((k) => k.startsWith(dir));
      if (v !== null) show(item, v);
      else if (under.length) for (const k of under) show(k, value(ctx, k)!); // a directory: every key below it
      else if (!o.ignore) {
        ctx.err(noSuch(item));
        code = 1;
      }
      continue;
    }
    const r = write(ctx, item.slice(0, eq).trim(), item.slice(eq + 1).trim(), o.ignore);
    if (r.error) {
      ctx.err(r.error);
      code = 1;
    } else if (r.name !== null && !o.quiet) show(r.name, r.value);
  }
  return finish(code);
};

/** `NAME=VALUE`: the engine's netfilter settings are writable; the rest of the lab is fixed. */
function write(ctx: ProcCtx, name: string, text: string, ignore: boolean): { error?: string; name: string | null; value: number } {
  if (ipv4Value(ctx, name) !== null) return { error: `sysctl: permission denied on key "${name}" (the lab's topology is fixed)`, name: null, value: 0 };
  const key = sysctlKey(name);
  if (key === null) return ignore ? { name: null, value: 0 } : { error: noSuch(name), name: null, value: 0 };
  const num = /^\d+$/.test(text) ? Number(text) : NaN;
  const r = Number.isFinite(num) ? ctx.nf.setSysctl(name, num) : { ok: false as const, error: `setting key "${name}": Invalid argument` };
  if (!r.ok) return { error: `sysctl: ${r.error}`, name: null, value: 0 };
  ctx.node.sysctl[`net.netfilter.nf_conntrack_${key}`] = num;
  return { name, value: num };
}
