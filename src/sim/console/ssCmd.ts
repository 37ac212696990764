/** `ss -tan` (and -t/-u, -a, -l, -n in any order, -h, -V) for the node's sockets, as iproute2 6.1 prints them. */
import { tcpRows, type SsRow } from '../host/ss';
import { getopt } from './getopt';
import { SS_HELP } from './referenceTexts';
import type { Command } from './shell';
import { ssLayout } from './ssLayout';

export const ss: Command = (argv, ctx) => {
  const o = getopt('ss', argv.slice(1), 'tuanlphV', { help: 'h', version: 'V' });
  if (!o.ok) {
    ctx.err(`${o.error}\n${SS_HELP}`);
    ctx.exit(255);
    return null;
  }
  const f = o.value.flags;
  if (f.has('h') || f.has('V')) {
    ctx.out(f.has('h') ? SS_HELP : 'ss utility, iproute2-6.1.0');
    ctx.exit(0);
    return null;
  }
  const udp = f.has('u') && !f.has('t');
  let rows: SsRow[];
  if (udp) {
    rows = [...ctx.stack.udp.sockets.values()].map((s) => ({ state: 'UNCONN', recvQ: 0, sendQ: 0, laddr: '0.0.0.0', lport: s.port, raddr: '0.0.0.0', rport: '*' }));
  } else {
    rows = tcpRows(ctx.stack.tcp);
    if (f.has('l')) rows = rows.filter((r) => r.state === 'LISTEN');
    else if (!f.has('a')) rows = rows.filter((r) => r.state !== 'LISTEN');
  }
  ctx.out(ssLayout(rows, f.has('n')).join('\n'));
  ctx.exit(0);
  return null;
};
