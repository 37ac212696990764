/**
 * `sysctl NAME`, `sysctl -w NAME=VALUE`, `sysctl -a` for the net.netfilter.nf_conntrack_* settings
 * the engine honours (procps-ng 4.0.2's output, errors and exit codes, as recorded: traces/tools).
 */
import { DEFAULT_SETTINGS, sysctlKey } from '../../engine/settings';
import { SYSCTL_USAGE } from './referenceTexts';
import type { Command, ProcCtx } from './shell';

function value(ctx: ProcCtx, name: string): number | null {
  if (name === 'net.ipv4.ip_forward') return ctx.node.spec.kind === 'firewall' ? 1 : 0;
  const key = sysctlKey(name);
  if (key === null) return null;
  const canonical = `net.netfilter.nf_conntrack_${key}`;
  return ctx.node.sysctl[canonical] ?? DEFAULT_SETTINGS[key];
}

function noSuch(name: string): string {
  return `sysctl: cannot stat /proc/sys/${name.replace(/\./g, '/')}: No such file or directory`;
}

export const sysctl: Command = (argv, ctx) => {
  const args = argv.slice(1);
  let code = 0;
  if (args[0] === '-V' || args[0] === '--version') {
    ctx.out('sysctl from procps-ng 4.0.2');
    ctx.exit(0);
    return null;
  }
  if (args[0] === '-a' || args[0] === '--all' || (args.length === 1 && /^net\.netfilter\.?$/.test(args[0]))) {
    const keys = Object.keys(DEFAULT_SETTINGS).filter((k) => k !== 'ftp_expect_timeout').sort();
    ctx.out(keys.map((k) => `net.netfilter.nf_conntrack_${k} = ${value(ctx, `net.netfilter.nf_conntrack_${k}`)}`).join('\n'));
    ctx.exit(0);
    return null;
  }
  const write = args[0] === '-w';
  const items = write ? args.slice(1) : args;
  if (items.length === 0) {
    ctx.err(SYSCTL_USAGE);
    ctx.exit(1);
    return null;
  }
  for (const item of items) {
    const eq = item.indexOf('=');
    if (eq < 0) {
      if (write) {
        ctx.err('sysctl: command line(0): invalid syntax, continuing...');
        code = 1;
        continue;
      }
      const v = value(ctx, item);
      if (v === null) {
        ctx.err(noSuch(item));
        code = 1;
      } else ctx.out(`${item} = ${v}`);
      continue;
    }
    const name = item.slice(0, eq).trim();
    const text = item.slice(eq + 1).trim();
    if (name === 'net.ipv4.ip_forward') {
      ctx.err(`sysctl: permission denied on key "${name}" (the lab's topology is fixed)`);
      code = 1;
      continue;
    }
    const key = sysctlKey(name);
    if (key === null) {
      ctx.err(noSuch(name));
      code = 255;
      continue;
    }
    const num = /^\d+$/.test(text) ? Number(text) : NaN;
    const r = Number.isFinite(num) ? ctx.nf.setSysctl(name, num) : { ok: false as const, error: `setting key "${name}": Invalid argument` };
    if (!r.ok) {
      ctx.err(`sysctl: ${r.error}`);
      code = 1;
      continue;
    }
    ctx.node.sysctl[`net.netfilter.nf_conntrack_${key}`] = num;
    ctx.out(`${name} = ${num}`);
  }
  ctx.exit(code);
  return null;
};
