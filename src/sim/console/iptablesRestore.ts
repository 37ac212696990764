/**
 * `iptables-restore`: reads iptables-save text from a pipe or from the terminal until ^D and
 * hands it to the node's engine. Unlike the real tool, tables missing from the input are
 * emptied too (the engine replaces the whole ruleset).
 */
import type { Command, ProcCtx } from './shell';

function apply(ctx: ProcCtx, text: string): void {
  const r = ctx.nf.setRules(text);
  if (r.ok) return ctx.exit(0);
  for (const e of r.errors) ctx.err(`iptables-restore: line ${e.line} failed: ${e.message}`);
  ctx.exit(1);
}

export const iptablesRestore: Command = (argv, ctx) => {
  if (argv.length > 1) {
    ctx.err(`iptables-restore: unrecognized option '${argv[1]}'`);
    ctx.exit(1);
    return null;
  }
  if (ctx.piped !== null) {
    apply(ctx, ctx.piped);
    return null;
  }
  let text = '';
  return {
    stdin: (line) => void (text += line),
    eof: () => apply(ctx, text),
    interrupt: () => undefined,
  };
};
