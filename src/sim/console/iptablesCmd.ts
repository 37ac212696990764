/** `iptables …` and `iptables-save`: handed to the node's engine, which owns the rules. */
import type { Command } from './shell';

export const iptables: Command = (argv, ctx) => {
  const r = ctx.nf.iptables(argv.map((a) => (/[\s"'\\]/.test(a) ? `"${a.replace(/(["\\])/g, '\\$1')}"` : a)).join(' '));
  if (r.output) (r.exitCode === 0 ? ctx.out : ctx.err)(r.output);
  ctx.exit(r.exitCode);
  return null;
};

export const iptablesSave: Command = (argv, ctx) => {
  if (argv.length > 1 && !/^(-c|--counters|-t|filter|raw)$/.test(argv[1])) {
    ctx.err(`iptables-save: unrecognized option '${argv[1]}'`);
    ctx.exit(1);
    return null;
  }
  ctx.out(ctx.nf.iptablesSave());
  ctx.exit(0);
  return null;
};
