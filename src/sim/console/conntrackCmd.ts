/**
 * `conntrack -L [expect]`, `-E [expect]` (events until ^C), `-F`, `-C`, `-h`, `-V`, as
 * conntrack-tools 1.4.7 (Debian 12) prints them; the lines come from the node's engine.
 */
import { CONNTRACK_HELP } from './referenceTexts';
import type { Command, ProcCtx } from './shell';

const VERSION = 'conntrack v1.4.7 (conntrack-tools)';
const TOOL = `${VERSION}:`;

function bad(ctx: ProcCtx, msg: string): null {
  ctx.err(`${TOOL} ${msg}\nTry \`conntrack -h' or 'conntrack --help' for more information.`);
  ctx.exit(2);
  return null;
}

export const conntrack: Command = (argv, ctx) => {
  const args = argv.slice(1);
  const cmd = args[0];
  if (cmd === undefined || cmd === '-h' || cmd === '--help') {
    ctx.out(CONNTRACK_HELP);
    ctx.exit(0);
    return null;
  }
  if (cmd === '-V' || cmd === '--version') {
    ctx.out(VERSION);
    ctx.exit(0);
    return null;
  }
  const table = args[1];
  // words after the table are not options: conntrack ignores them
  if (table !== undefined && table !== 'expect' && table !== 'conntrack') return bad(ctx, `unknown type \`${table}'`);
  const expect = table === 'expect';
  const now = ctx.now();
  switch (cmd) {
    case '-L':
    case '--dump': {
      const lines = expect ? ctx.nf.expectList(now) : ctx.nf.conntrackList(now);
      if (lines.length) ctx.out(lines.join('\n'));
      ctx.err(`${TOOL} ${lines.length} ${expect ? 'expectations' : 'flow entries'} have been shown.`);
      ctx.exit(0);
      return null;
    }
    case '-C':
    case '--count':
      ctx.out(String((expect ? ctx.nf.expectList(now) : ctx.nf.conntrackList(now)).length));
      ctx.exit(0);
      return null;
    case '-F':
    case '--flush':
      ctx.nf.flush();
      ctx.err(`${TOOL} ${expect ? 'expectation' : 'connection tracking'} table has been emptied.`);
      ctx.exit(0);
      return null;
    case '-E':
    case '--event': {
      let shown = 0;
      const listener = (lines: string[]): void => {
        const mine = lines.filter((l) => /^\s*\[(NEW|UPDATE|DESTROY)\] /.test(l) && (expect ? / proto=/.test(l) : !/ proto=\d+ src=/.test(l)));
        shown += mine.length;
        if (mine.length) ctx.out(mine.join('\n'));
      };
      ctx.node.ctListeners.add(listener);
      return {
        interrupt: () => {
          ctx.node.ctListeners.delete(listener);
          ctx.err(`${TOOL} ${shown} ${expect ? 'expectation' : 'flow'} events have been shown.`);
          ctx.exit(0); // conntrack catches SIGINT and exits normally
        },
      };
    }
    default:
      return bad(ctx, `unknown option \`${cmd}'`);
  }
};
