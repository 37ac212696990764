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

/** The filter options of -L/-D/-C/-E (conntrack-tools' names and their long forms). */
const FILTERS: Record<string, string> = {
  '-p': 'proto', '--proto': 'proto', '-s': 'src', '--orig-src': 'src', '--src': 'src', '-d': 'dst', '--orig-dst': 'dst', '--dst': 'dst',
  '-r': 'rsrc', '--reply-src': 'rsrc', '-q': 'rdst', '--reply-dst': 'rdst', '--sport': 'sport', '--orig-port-src': 'sport',
  '--dport': 'dport', '--orig-port-dst': 'dport', '--state': 'state', '-m': 'mark', '--mark': 'mark', '-o': 'output', '--output': 'output',
};
const PROTO_NUMBERS: Record<string, string> = { tcp: '6', udp: '17', icmp: '1', gre: '47', sctp: '132', dccp: '33', udplite: '136' };

type LineFilter = (line: string) => boolean;

/** A `conntrack -L` line's fields: the first src=/dst=/sport=/dport= are the original tuple's, the second the reply's. */
function field(line: string, name: string, nth: number): string | undefined {
  const all = [...line.matchAll(new RegExp(`(?:^| )${name}=(\\S+)`, 'g'))];
  return all[nth]?.[1];
}

function compile(opts: Map<string, string>): LineFilter | string {
  const tests: LineFilter[] = [];
  const proto = opts.get('proto');
  if (proto !== undefined) {
    const num = PROTO_NUMBERS[proto.toLowerCase()] ?? (/^\d+$/.test(proto) ? proto : null);
    if (num === null) return `\`${proto}' unsupported protocol`;
    tests.push((l) => l.split(/\s+/)[1] === num);
  }
  if ((opts.has('sport') || opts.has('dport') || opts.has('state')) && proto === undefined) {
    return `missing protocol (-p): ${opts.has('state') ? '--state' : opts.has('sport') ? '--sport' : '--dport'} needs it`;
  }
  const eq = (name: string, nth: number, key: string) => {
    const v = opts.get(key);
    if (v !== undefined) tests.push((l) => field(l, name, nth) === v);
  };
  eq('src', 0, 'src');
  eq('dst', 0, 'dst');
  eq('src', 1, 'rsrc');
  eq('dst', 1, 'rdst');
  eq('sport', 0, 'sport');
  eq('dport', 0, 'dport');
  eq('mark', 0, 'mark');
  const state = opts.get('state');
  if (state !== undefined) {
    const states = state.toUpperCase().split(',');
    tests.push((l) => states.includes(l.split(/\s+/)[3]));
  }
  return (l) => tests.every((t) => t(l));
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
  if (cmd === '-S' || cmd === '--stats') {
    // per CPU of the lab's two-CPU machines; the counters of lookups and failures the engine does not keep
    const zeros = 'found=0 invalid=0 insert=0 insert_failed=0 drop=0 early_drop=0 error=0 search_restart=0 clash_resolve=0 chaintoolong=0 ';
    ctx.out(`cpu=0   \t${zeros}\ncpu=1   \t${zeros}`);
    ctx.exit(0);
    return null;
  }
  const rest = args.slice(1);
  const table = rest[0] !== undefined && !rest[0].startsWith('-') ? rest.shift() : undefined;
  // words after the table are not options: conntrack ignores them
  if (table !== undefined && table !== 'expect' && table !== 'conntrack') return bad(ctx, `unknown type \`${table}'`);
  const expect = table === 'expect';
  const opts = new Map<string, string>();
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (!a.startsWith('-')) continue;
    const key = Object.hasOwn(FILTERS, a) ? FILTERS[a] : null;
    if (key === null) return bad(ctx, `unknown option \`${a}'`);
    const v = rest[i + 1];
    if (v === undefined) return bad(ctx, `option \`${a}' requires an argument`);
    opts.set(key, v);
    i++;
  }
  const extended = opts.get('output') === 'extended';
  if (opts.has('output') && !/^(extended|id|ktimestamp|labels|userspace|xml)$/.test(opts.get('output')!)) return bad(ctx, `unknown output \`${opts.get('output')}'`);
  opts.delete('output');
  const f = compile(opts);
  if (typeof f === 'string') return bad(ctx, f);
  const now = ctx.now();
  const listed = (): string[] => (expect ? ctx.nf.expectList(now) : ctx.nf.conntrackList(now).filter(f));
  switch (cmd) {
    case '-L':
    case '--dump': {
      const lines = listed();
      if (lines.length) ctx.out(lines.map((l) => (extended && !expect ? `ipv4     2 ${l}` : l)).join('\n'));
      ctx.err(`${TOOL} ${lines.length} ${expect ? 'expectations' : 'flow entries'} have been shown.`);
      ctx.exit(0);
      return null;
    }
    case '-D':
    case '--delete': {
      const gone = ctx.nf.deleteConntrack(f, now);
      if (gone.length) ctx.out(gone.join('\n'));
      ctx.err(`${TOOL} ${gone.length} flow entries have been deleted.`);
      ctx.exit(gone.length ? 0 : 1);
      return null;
    }
    case '-G':
    case '--get': {
      const one = listed()[0];
      if (one === undefined || opts.size === 0) {
        ctx.err(`${TOOL} Operation failed: such conntrack doesn't exist`);
        ctx.exit(1);
        return null;
      }
      ctx.out(one);
      ctx.err(`${TOOL} 1 flow entries have been shown.`);
      ctx.exit(0);
      return null;
    }
    case '-C':
    case '--count':
      ctx.out(String(listed().length));
      ctx.exit(0);
      return null;
    case '-F':
    case '--flush':
      if (expect) ctx.nf.flushExpect();
      else ctx.nf.flush();
      ctx.err(`${TOOL} ${expect ? 'expectation' : 'connection tracking'} table has been emptied.`);
      ctx.exit(0);
      return null;
    case '-E':
    case '--event': {
      let shown = 0;
      const listener = (lines: string[]): void => {
        const mine = lines.filter(
          (l) => /^\s*\[(NEW|UPDATE|DESTROY)\] /.test(l) && (expect ? / proto=/.test(l) : !/ proto=\d+ src=/.test(l) && f(l.replace(/^\s*\[\w+\]\s*/, ''))),
        );
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
