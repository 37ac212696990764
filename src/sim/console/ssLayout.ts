/**
 * The table iproute2 6.1's ss prints (recorded on the reference machine): each column as wide as
 * its widest cell, Netid (when TCP and UDP are both listed), State (unless one state only is
 * possible), Recv-Q and Send-Q left-aligned, an address right-aligned against its ':' and port,
 * one space between columns, and the Process column glued to the peer's port.
 */
import type { SsRow } from '../host/ss';

/** Port names of /etc/services for the ports the lab listens on (ss without -n). */
const SERVICES: Record<number, string> = { 21: 'ftp', 22: 'ssh', 53: 'domain', 80: 'http' };

export interface SsColumns {
  numeric: boolean;
  netid: boolean;
  state: boolean;
}

export function ssLayout(rows: SsRow[], cols: SsColumns): string[] {
  const port = (p: number | '*'): string => (p === '*' ? '*' : (!cols.numeric && SERVICES[p]) || String(p));
  const cells = [
    ['Netid', 'State', 'Recv-Q', 'Send-Q', 'Local Address', 'Port', 'Peer Address', 'Port', 'Process'],
    ...rows.map((r) => [r.netid, r.state, String(r.recvQ), String(r.sendQ), r.laddr, port(r.lport), r.raddr, port(r.rport), r.process]),
  ];
  const w = cells[0].map((_, c) => Math.max(...cells.map((r) => r[c].length)));
  return cells.map(
    (r) =>
      (cols.netid ? `${r[0].padEnd(w[0])} ` : '') +
      (cols.state ? `${r[1].padEnd(w[1])} ` : '') +
      `${r[2].padEnd(w[2])} ${r[3].padEnd(w[3])} ${r[4].padStart(w[4])}:${r[5].padEnd(w[5])} ` +
      `${r[6].padStart(w[6])}:${r[7].padEnd(w[7])}${r[8].padEnd(w[8])}`,
  );
}
