/** `iptables …` and `iptables-save`: handed to the node's engine, which owns the rules. */
import type { Command } from './shell';

/** Tables of a real kernel that this lab's machines do not have (yet): said plainly, not as a parse error. */
const NOT_SIMULATED = new Set(['nat', 'mangle', 'security']);

/** The table named by `-t T`, `-tT` or `--table T` / `--table=T`, or null. */
function tableOf(argv: string[]): string | null {
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-t' || a === '--table') return argv[i + 1] ?? null;
    if (a.startsWith('--table=')) return a.slice(8);
    if (/^-t./.test(a)) return a.slice(2);
  }
  return null;
}

export const iptables: Command = (argv, ctx) => {
  const table = tableOf(argv);
  if (table !== null && NOT_SIMULATED.has(table)) {
    ctx.err(`iptables: this lab's machines have no '${table}' table yet (only filter and raw: connection tracking and the state match need no ${table === 'nat' ? 'NAT' : table} rules)`);
    ctx.exit(1);
    return null;
  }
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
