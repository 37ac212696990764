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
