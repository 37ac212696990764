import type { ReactNode } from 'react';

const TOKEN = /(\[UNREPLIED\]|\[ASSURED\]|\b(?:NONE|SYN_SENT2|SYN_SENT|SYN_RECV|ESTABLISHED|FIN_WAIT|CLOSE_WAIT|LAST_ACK|TIME_WAIT|CLOSE)\b)/g;

/**
 * A `conntrack -L` line as printed, with [UNREPLIED], [ASSURED], the TCP state and the
 * timeout field marked for the eye (the text itself is unchanged).
 */
export function CtLineText({ line, timeoutMarked = true }: { line: string; timeoutMarked?: boolean }) {
  const m = timeoutMarked ? /^(\s*\S+\s+\d+\s+)(\d+)(\s[\s\S]*)$/.exec(line) : null;
  const head = m ? m[1] : '';
  const tmo = m ? m[2] : '';
  const rest = m ? m[3] : line;
  const parts: ReactNode[] = [];
  let last = 0;
  for (const mm of rest.matchAll(TOKEN)) {
    const i = mm.index ?? 0;
    if (i > last) parts.push(rest.slice(last, i));
    const tok = mm[0];
    const cls = tok === '[UNREPLIED]' ? 'flag unreplied' : tok === '[ASSURED]' ? 'flag assured' : 'tcpst';
    parts.push(
      <span key={i} className={cls}>
        {tok}
      </span>,
    );
    last = i + tok.length;
  }
  if (last < rest.length) parts.push(rest.slice(last));
  return (
    <>
      {head}
      {tmo && <span className="tmo">{tmo}</span>}
      {parts}
    </>
  );
}
