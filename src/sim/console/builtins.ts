/**
 * bash's own commands for a terminal session: jobs, fg, kill, history, sleep, true, false, exit.
 * Texts as bash 5.2 and coreutils 9.1 print them (Debian 12).
 */
import type { Command } from './shell';

const done = (ctx: Parameters<Command>[1], code: number) => {
  ctx.exit(code);
  return null;
};

export const jobs: Command = (_argv, ctx) => {
  for (const l of ctx.shell.jobLines()) ctx.out(l);
  return done(ctx, 0);
};

export const fg: Command = (argv, ctx) => {
  ctx.exit(0); // the builtin itself ends; the job takes the foreground
  const e = ctx.shell.foreground(argv[1]);
  if (e) ctx.err(e);
  return null;
};

export const kill: Command = (argv, ctx) => {
  const targets = argv.slice(1).filter((a) => a !== '-15' && a !== '-TERM' && a !== '-s' && a !== 'TERM');
  if (targets.length === 0) {
    ctx.err('kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]');
    return done(ctx, 2);
  }
  let code = 0;
  for (const t of targets) {
    const e = t.startsWith('%') ? ctx.shell.kill(t) : `bash: kill: (${t}) - No such process`;
    if (e) {
      ctx.err(/^\d+$/.test(t) || t.startsWith('%') ? e : `bash: kill: ${t}: arguments must be process or job IDs`);
      code = 1;
    }
  }
  return done(ctx, code);
};

export const history: Command = (_argv, ctx) => {
  ctx.shell.history.forEach((l, i) => ctx.out(`${String(i + 1).padStart(5, ' ')}  ${l}`));
  return done(ctx, 0);
};

/** sleep N[smhd]: a timer; ^C ends it. */
export const sleep: Command = (argv, ctx) => {
  const args = argv.slice(1);
  if (args.length === 0) {
    ctx.err("sleep: missing operand\nTry 'sleep --help' for more information.");
    return done(ctx, 1);
  }
  let ms = 0;
  for (const a of args) {
    const m = /^(\d+(?:\.\d*)?|\.\d+)([smhd]?)$/.exec(a);
    if (!m) {
      ctx.err(`sleep: invalid time interval ‘${a}’\nTry 'sleep --help' for more information.`);
      return done(ctx, 1);
    }
    ms += Number(m[1]) * ({ '': 1000, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const)[m[2] as '' | 's' | 'm' | 'h' | 'd'];
  }
  const timer = ctx.setTimer(ctx.now() + ms, () => ctx.exit(0));
  return {
    interrupt: () => {
      timer.cancel();
      ctx.exit(130);
    },
  };
};

export const trueCmd: Command = (_argv, ctx) => done(ctx, 0);
export const falseCmd: Command = (_argv, ctx) => done(ctx, 1);

export const exit: Command = (_argv, ctx) => {
  ctx.out('logout');
  return done(ctx, 0);
};
