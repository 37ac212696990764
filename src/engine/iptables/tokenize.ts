/**
 * Splits pasted shell text into commands of words, as a POSIX shell would for the simple
 * lines people paste from tutorials: single and double quotes, backslash escapes, `\` at the
 * end of a line continues the command, `#` at the start of a word begins a comment. A leading
 * prompt (`$ iptables ...` or `# iptables ...`) is skipped rather than read as a comment.
 * Each word keeps the 1-based line and column where it starts, for error messages.
 */
import type { IptResult, Pos } from './errors';
import { fail, ok } from './errors';

export interface Word extends Pos {
  text: string;
  /** The word starts with a quote in the source. */
  quoted?: boolean;
}

export interface CommandWords {
  line: number;
  words: Word[];
}

const PROMPT = /[ \t]*[#$][ \t]*(?=(sudo[ \t]+)?(\S*\/)?iptables\b)/y;
/** Does the character code end a run of plain ones (whitespace, quotes, escapes, line ends)? */
function special(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 10 || c === 92 || c === 39 || c === 34;
}

/** `firstLine`: the line number of the text's first line (a line of a longer text). */
export function tokenize(text: string, firstLine = 1): IptResult<CommandWords[]> {
  const out: CommandWords[] = [];
  let words: Word[] = [];
  let line = firstLine;
  let col = 1;
  let i = 0;
  let lineStart = true;
  let cur: Word | null = null;
  const n = text.length;

  while (i < n) {
    if (lineStart) {
      lineStart = false;
      PROMPT.lastIndex = i;
      const m = PROMPT.exec(text);
      if (m && words.length === 0) {
        i += m[0].length;
        col += m[0].length;
      }
      continue;
    }
    const ch = text[i];
    if (ch === '\n') {
      if (cur) words.push(cur);
      cur = null;
      if (words.length) out.push({ line: words[0].line, words });
      words = [];
      i++;
      line++;
      col = 1;
      lineStart = true;
      continue;
    }
    if (ch === '\r') {
      i += 1;
      col += 1;
      continue;
    }
    if (ch === ' ' || ch === '\t') {
      if (cur) words.push(cur);
      cur = null;
      i += 1;
      col += 1;
      continue;
    }
    if (ch === '#' && !cur) {
      const nl = text.indexOf('\n', i);
      const end = nl < 0 ? n : nl;
      col += end - i;
      i = end;
      continue;
    }
    if (ch === '\\') {
      const next = text[i + 1];
      if (next === '\n' || (next === '\r' && text[i + 2] === '\n')) {
        // line continuation: the word (if any) goes on
        i += next === '\n' ? 2 : 3;
        line++;
        col = 1;
        continue;
      }
      if (!cur) cur = { text: '', line, column: col };
      if (next !== undefined) cur.text += next;
      const k = next !== undefined ? 2 : 1;
      i += k;
      col += k;
      continue;
    }
    if (ch === "'" || ch === '"') {
      const open: Pos = { line, column: col };
      if (!cur) cur = { text: '', line, column: col, quoted: true };
      i += 1;
      col += 1;
      let closed = false;
      while (i < n) {
        const c = text[i];
        if (c === ch) {
          closed = true;
          i += 1;
          col += 1;
          break;
        }
        if (ch === '"' && c === '\\' && i + 1 < n && '"\\$`\n'.includes(text[i + 1])) {
          if (text[i + 1] === '\n') {
            i += 2;
            line++;
            col = 1;
          } else {
            cur.text += text[i + 1];
            i += 2;
            col += 2;
          }
          continue;
        }
        if (c === '\n') {
          cur.text += c;
          i++;
          line++;
          col = 1;
          continue;
        }
        cur.text += c;
        i += 1;
        col += 1;
      }
      if (!closed) {
        return fail(open, 'syntax', `unterminated quoted string (missing closing ${ch})`);
      }
      continue;
    }
    // a run of plain characters, taken at once (a scan, not a regex: no match object per word)
    let end = i + 1;
    while (end < n && !special(text.charCodeAt(end))) end++;
    if (!cur) cur = { text: '', line, column: col };
    cur.text += text.slice(i, end);
    col += end - i;
    i = end;
  }
  if (cur) words.push(cur);
  if (words.length) out.push({ line: words[0].line, words });
  return ok(out);
}
