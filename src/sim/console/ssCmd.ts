/**
 * `ss` (-t, -u, -a, -l, -n, -p in any order, -h, -V) for the node's sockets, as iproute2 6.1
 * prints them: UDP before TCP, UNCONN/LISTEN sockets only with -a or -l, the process column with -p.
 */
import { tcpRows, usersColumn, type SsRow } from '../host/ss';
import { getopt } from './getopt';
import { SS_HELP } from './referenceTexts';
import type { Command } from './shell';
import { ssLayout } from './ssLayout';

export const ss: Command = (argv, ctx) => {
  const o = getopt('ss', argv.slice(1), 'tuanlphV', { help: 'h', version: 'V', tcp: 't', udp: 'u', all: 'a', listening: 'l', numeric: 'n', processes: 'p' });
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
  const tcp = f.has('t') || !f.has('u');
  const udp = f.has('u');
  const all = f.has('a');
  const listening = f.has('l');
  const keep = (state: string) => (all ? true : listening ? state === 'LISTEN' || state === 'UNCONN' : state !== 'LISTEN' && state !== 'UNCONN');
  let rows: SsRow[] = [];
  if (udp) {
    const udpRows = [...ctx.stack.udp.sockets.values()].map(
      (s): SsRow => ({ state: 'UNCONN', recvQ: 0, sendQ: 0, laddr: '0.0.0.0', lport: s.port, raddr: '0.0.0.0', rport: '*', process: usersColumn(s.process), netid: 'udp' }),
    );
    rows.push(...udpRows);
  }
  if (tcp) rows.push(...tcpRows(ctx.stack.tcp));
  rows = rows.filter((r) => keep(r.state));
  if (!f.has('p')) rows = rows.map((r) => ({ ...r, process: '' }));
  // the State column goes when the filter leaves one state possible (UDP alone: ESTAB)
  const state = tcp || all || listening;
  ctx.out(ssLayout(rows, { numeric: f.has('n'), netid: tcp && udp, state }).join('\n'));
  ctx.exit(0);
  return null;
};
