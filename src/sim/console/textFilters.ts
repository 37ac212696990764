/**
 * The text tools a terminal user pipes into: grep, head, tail, wc, sort (GNU grep 3.8 and
 * coreutils 9.1 as on Debian 12, the options a student uses). Each reads its standard input a
 * line at a time (or the text of `echo … |` at once) and writes when it can.
 */
import { getopt } from './getopt';
import type { Command, Proc, ProcCtx } from './shell';

/** A filter that reads lines until the end of its input, then finishes. */
function reader(ctx: ProcCtx, onLine: (line: string) => boolean | void, onEnd: () => number): Proc {
  let buf = '';
  let over = false;
  const end = () => {
    if (over) return;
    over = true;
    if (buf) onLine(buf);
    buf = '';
    ctx.exit(onEnd());
  };
  const feed = (text: string) => {
    buf += text;
    let i: number;
    while (!over && (i = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      // a line handler returns true when it needs no more input (head)
      if (onLine(line) === true) end();
    }
  };
  if (ctx.piped !== null) {
    feed(ctx.piped);
    end();
    return { interrupt: () => ctx.exit(130) };
  }
  return { stdin: feed, eof: end, interrupt: () => ctx.exit(130) };
}

/** A bad option: getopt's line (`wc: invalid option -- 'q'`), then where to read more. */
const badOption = (ctx: ProcCtx, tool: string, error: string, code = 1) => {
  ctx.err(`${error}\nTry '${tool} --help' for more information.`);
  ctx.exit(code);
  return null;
};

const GREP_USAGE = "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.";
const encoder = new TextEncoder();

export const grep: Command = (argv, ctx) => {
  const o = getopt('grep', argv.slice(1), 'ivcnwEFe:', { 'ignore-case': 'i', 'invert-match': 'v', count: 'c', 'line-number': 'n', regexp: 'e' });
  if (!o.ok) {
    ctx.err(`${o.error}\n${GREP_USAGE}`);
    ctx.exit(2);
    return null;
  }
  const has = (c: string) => o.value.flags.has(c);
  const e = o.value.values.get('e');
  const patterns = e !== undefined ? [e] : o.value.args.slice(0, 1);
  if (patterns.length === 0) {
    ctx.err(GREP_USAGE);
    ctx.exit(2);
    return null;
  }
  if (o.value.args.length > (e !== undefined ? 0 : 1)) {
    ctx.err(`grep: ${o.value.args[e !== undefined ? 0 : 1]}: No such file or directory`);
    ctx.exit(2);
    return null;
  }
  let re: RegExp;
  try {
    let src = patterns[0];
    if (has('F')) src = src.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    else if (!has('E')) src = src.replace(/\\([|+?(){}])/g, '$1'); // basic regex: \| \+ are the operators
    if (has('w')) src = `\\b(?:${src})\\b`;
    re = new RegExp(src, has('i') ? 'i' : '');
  } catch {
    ctx.err('grep: Unmatched ( or \\(');
    ctx.exit(2);
    return null;
  }
  const invert = has('v');
  const count = has('c');
  const numbers = has('n');
  let n = 0;
  let hits = 0;
  return reader(
    ctx,
    (line) => {
      n++;
      if (re.test(line) === invert) return;
      hits++;
      if (!count) ctx.out(numbers ? `${n}:${line}` : line);
    },
    () => {
      if (count) ctx.out(String(hits));
      return hits > 0 ? 0 : 1;
    },
  );
};

/** -n N, -N: a count of lines for head and tail. */
function lineCount(argv: string[], ctx: ProcCtx, tool: string): number | null {
  const args = argv.slice(1).map((a) => (/^-\d+$/.test(a) ? `-n${a.slice(1)}` : a));
  const o = getopt(tool, args, 'n:', { lines: 'n' });
  if (!o.ok) {
    badOption(ctx, tool, o.error);
    return null;
  }
  const raw = o.value.values.get('n');
  if (o.value.args.length > 0) {
    ctx.err(`${tool}: cannot open '${o.value.args[0]}' for reading: No such file or directory`);
    ctx.exit(1);
    return null;
  }
  if (raw === undefined) return 10;
  if (!/^\d+$/.test(String(raw))) {
    ctx.err(`${tool}: invalid number of lines: ‘${raw}’`);
    ctx.exit(1);
    return null;
  }
  return Number(raw);
}

export const head: Command = (argv, ctx) => {
  const max = lineCount(argv, ctx, 'head');
  if (max === null) return null;
  let n = 0;
  if (max === 0) {
    ctx.exit(0);
    return null;
  }
  return reader(
    ctx,
    (line) => {
      ctx.out(line);
      return ++n >= max;
    },
    () => 0,
  );
};

export const tail: Command = (argv, ctx) => {
  const max = lineCount(argv, ctx, 'tail');
  if (max === null) return null;
  const kept: string[] = [];
  return reader(
    ctx,
    (line) => {
      kept.push(line);
      if (kept.length > max) kept.shift();
    },
    () => {
      for (const l of kept) ctx.out(l);
      return 0;
    },
  );
};

export const wc: Command = (argv, ctx) => {
  const o = getopt('wc', argv.slice(1), 'lwc', { lines: 'l', words: 'w', bytes: 'c' });
  if (!o.ok) return badOption(ctx, 'wc', o.error);
  const f = o.value.flags;
  let want = [f.has('l'), f.has('w'), f.has('c')];
  if (!want.some(Boolean)) want = [true, true, true];
  let lines = 0;
  let words = 0;
  let bytes = 0;
  return reader(
    ctx,
    (line) => {
      lines++;
      words += line.split(/\s+/).filter(Boolean).length;
      bytes += encoder.encode(line).length + 1;
    },
    () => {
      const counts = [lines, words, bytes].filter((_, i) => want[i]);
      // one count alone is printed bare; several in columns of 7, as for standard input
      ctx.out(counts.length === 1 ? String(counts[0]) : counts.map((c) => String(c).padStart(7, ' ')).join(' '));
      return 0;
    },
  );
};

export const sort: Command = (argv, ctx) => {
  const o = getopt('sort', argv.slice(1), 'nru', { 'numeric-sort': 'n', reverse: 'r', unique: 'u' });
  if (!o.ok) return badOption(ctx, 'sort', o.error, 2);
  const f = o.value.flags;
  const numeric = f.has('n');
  const lines: string[] = [];
  return reader(
    ctx,
    (line) => void lines.push(line),
    () => {
      const num = (s: string) => {
        const m = /^\s*(-?\d+(?:\.\d+)?)/.exec(s);
        return m ? Number(m[1]) : 0;
      };
      lines.sort((a, b) => (numeric ? num(a) - num(b) || (a < b ? -1 : a > b ? 1 : 0) : a < b ? -1 : a > b ? 1 : 0));
      if (f.has('r')) lines.reverse();
      let prev: string | null = null;
      for (const l of lines) {
        if (f.has('u') && l === prev) continue;
        ctx.out(l);
        prev = l;
      }
      return 0;
    },
  );
};
