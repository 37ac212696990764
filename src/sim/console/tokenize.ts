/**
 * Splits a command line as bash would for the lab's needs: words, '…' and "…" quotes, backslash
 * escapes, and one pipe (`echo hi | nc …`). Errors are bash's own messages.
 */
import { err, ok, type Result } from '../result';

export type Pipeline = string[][];

export function tokenize(line: string): Result<Pipeline> {
  const cmds: string[][] = [[]];
  let word = '';
  let inWord = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
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
      if (inWord) cmds[cmds.length - 1].push(word);
      word = '';
      inWord = false;
    } else if (c === '|') {
      if (inWord) cmds[cmds.length - 1].push(word);
      word = '';
      inWord = false;
      if (cmds[cmds.length - 1].length === 0) return err("bash: syntax error near unexpected token `|'");
      cmds.push([]);
    } else {
      word += c;
      inWord = true;
    }
  }
  if (inWord) cmds[cmds.length - 1].push(word);
  if (cmds.length > 1 && cmds[cmds.length - 1].length === 0) return err("bash: syntax error near unexpected token `|'");
  return ok(cmds.length === 1 && cmds[0].length === 0 ? [] : cmds);
}

/** What `echo` / `printf` would write into a pipe (the escapes printf understands). */
export function pipeText(argv: string[]): string | null {
  if (argv[0] === 'echo') {
    const noNl = argv[1] === '-n';
    const e = argv[1] === '-e';
    let words = argv.slice(noNl || e ? 2 : 1).join(' ');
    if (e) words = unescape(words);
    return noNl ? words : `${words}\n`;
  }
  if (argv[0] === 'printf' && argv.length >= 2) return unescape(argv[1]);
  return null;
}

function unescape(s: string): string {
  return s.replace(/\\([rnt\\])/g, (_, c: string) => ({ r: '\r', n: '\n', t: '\t', '\\': '\\' })[c] ?? c);
}
