/**
 * Parses a command line as bash does for this lab: words with '…' and "…" quotes and backslash
 * escapes, `#` comments, pipelines (`|`), lists (`;`, `&&`, `||`, a trailing `&` for a
 * background job) and the redirections a terminal user types (`> /dev/null`, `2> /dev/null`,
 * `2>&1`, `&> /dev/null`). Errors are bash's own messages.
 */
import { err, ok, type Result } from '../result';

/** Where a command's stdout and stderr go. */
export interface Redirects {
  out: 'pipe' | 'null';
  err: 'tty' | 'null' | 'out';
}

export interface SimpleCommand {
  argv: string[];
  redirects: Redirects;
}

export interface Pipeline {
  commands: SimpleCommand[];
  /** The pipeline as typed (for `jobs`). */
  text: string;
}

/** One pipeline of a list, with the operator before it (null for the first) and `&` after it. */
export interface ListItem {
  op: ';' | '&&' | '||' | null;
  pipeline: Pipeline;
  background: boolean;
}

type Token = { k: 'word'; v: string; start: number; end: number } | { k: 'op'; v: string; start: number; end: number };

const OPERATORS = ['&&', '||', '2>&1', '&>', '2>', '>>', '>', ';', '&', '|'];

function lex(line: string): Result<Token[]> {
  const out: Token[] = [];
  let word = '';
  let inWord = false;
  let start = 0;
  const endWord = (i: number) => {
    if (inWord) out.push({ k: 'word', v: word, start, end: i });
    word = '';
    inWord = false;
  };
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (!inWord) start = i;
    if (c === "'" || c === '"') {
      const end = line.indexOf(c, i + 1);
      if (end < 0) return err(`bash: unexpected EOF while looking for matching \`${c}'`);
      let s = line.slice(i + 1, end);
      if (c === '"') s = s.replace(/\\(["\\$`])/g, '$1');
      word += s;
      inWord = true;
      i = end;
    } else if (c === '\\' && i + 1 < line.length) {
      word += line[++i];
      inWord = true;
    } else if (c === ' ' || c === '\t') {
      endWord(i);
    } else if (c === '#' && !inWord) {
      break; // a comment to the end of the line
    } else {
      // `2>` only where a word starts, as bash reads it
      const op = OPERATORS.find((o) => line.startsWith(o, i) && (o[0] !== '2' || !inWord));
      if (op) {
        endWord(i);
        out.push({ k: 'op', v: op, start: i, end: i + op.length });
        i += op.length - 1;
      } else {
        word += c;
        inWord = true;
      }
    }
  }
  endWord(line.length);
  return ok(out);
}

const unexpected = (tok: string) => err(`bash: syntax error near unexpected token \`${tok}'`);

/** Parses one line into a list of pipelines (empty for a blank line or a comment). */
export function parseLine(line: string): Result<ListItem[]> {
  const lexed = lex(line);
  if (!lexed.ok) return lexed;
  const toks = lexed.value;
  const items: ListItem[] = [];
  let i = 0;
  let op: ListItem['op'] = null;
  while (i < toks.length) {
    const first = toks[i];
    const commands: SimpleCommand[] = [];
    let cmd: SimpleCommand = { argv: [], redirects: { out: 'pipe', err: 'tty' } };
    for (;;) {
      const t = toks[i];
      if (!t) break;
      if (t.k === 'word') {
        cmd.argv.push(t.v);
        i++;
        continue;
      }
      if (t.v === '>' || t.v === '>>' || t.v === '2>' || t.v === '&>') {
        const target = toks[i + 1];
        if (!target || target.k !== 'word') return target ? unexpected(target.v) : unexpected('newline');
        if (target.v !== '/dev/null') return err(`bash: ${target.v}: this lab has no files to write (only /dev/null)`);
        if (t.v === '2>') cmd.redirects.err = 'null';
        else {
          cmd.redirects.out = 'null';
          if (t.v === '&>') cmd.redirects.err = 'null';
        }
        i += 2;
        continue;
      }
      if (t.v === '2>&1') {
        cmd.redirects.err = cmd.redirects.out === 'null' ? 'null' : 'out';
        i++;
        continue;
      }
      if (t.v === '|') {
        if (cmd.argv.length === 0) return unexpected('|');
        commands.push(cmd);
        cmd = { argv: [], redirects: { out: 'pipe', err: 'tty' } };
        i++;
        if (!toks[i]) return err('bash: syntax error: unexpected end of file');
        continue;
      }
      break; // ; && || &
    }
    if (cmd.argv.length === 0) return unexpected(toks[i]?.v ?? 'newline');
    commands.push(cmd);
    const end = toks[i];
    const background = end?.v === '&';
    const last = toks[i - 1];
    items.push({ op, pipeline: { commands, text: line.slice(first.start, last.end) }, background });
    if (!end) break;
    i++;
    if (end.v === '&&' || end.v === '||') {
      if (!toks[i]) return err('bash: syntax error: unexpected end of file');
      op = end.v;
    } else op = ';';
    if (toks[i]?.k === 'op') return unexpected(toks[i].v);
  }
  return ok(items);
}
