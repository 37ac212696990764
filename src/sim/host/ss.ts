/** The TCP sockets of a host as ss lists them: raw rows, and the compact `ss -tan` view of the UI. */
import { formatIpv4 } from '../../engine/ipv4';
import type { TcpLayer } from './tcp';

/** Listen backlog somaxconn (128 on the kernels of the lab's era). */
const BACKLOG = 128;

export interface SsRow {
  state: string;
  recvQ: number;
  sendQ: number;
  laddr: string;
  lport: number | '*';
  raddr: string;
  rport: number | '*';
  /** `users:(("nc",pid=2001,fd=3))` for ss -p ('' when no process holds it, as for TIME-WAIT). */
  process: string;
  netid: 'tcp' | 'udp';
}

/** ss -p's column for a socket's process. */
export function usersColumn(p: { name: string; pid: number; fd: number } | null): string {
  // a blank before it: the column after the peer's port is one wider than its header
  return p ? ` users:(("${p.name}",pid=${p.pid},fd=${p.fd}))` : '';
}

/** Listeners first, then the other sockets, as the kernel's tables give them. */
export function tcpRows(tcp: TcpLayer): SsRow[] {
  const listen = tcp.sockets.filter((s) => s.state === 'LISTEN');
  const others = tcp.sockets.filter((s) => s.state !== 'LISTEN' && s.state !== 'CLOSED');
  return [...listen, ...others].map((s) => {
    const isL = s.state === 'LISTEN';
    return {
      state: s.state,
      recvQ: 0,
      sendQ: isL ? BACKLOG : s.state === 'TIME-WAIT' ? 0 : s.sendQ,
      laddr: isL ? '0.0.0.0' : formatIpv4(s.laddr),
      lport: s.lport,
      raddr: isL ? '0.0.0.0' : formatIpv4(s.raddr),
      rport: isL ? '*' : s.rport,
      process: s.state === 'TIME-WAIT' ? '' : usersColumn(s.process),
      netid: 'tcp' as const,
    };
  });
}

export function ssTan(tcp: TcpLayer): string[] {
  const rows = [['State', 'Recv-Q', 'Send-Q', 'Local Address:Port', 'Peer Address:Port']];
  for (const r of tcpRows(tcp)) rows.push([r.state, String(r.recvQ), String(r.sendQ), `${r.laddr}:${r.lport}`, `${r.raddr}:${r.rport}`]);
  const w = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) =>
    [r[0].padEnd(w[0]), r[1].padStart(w[1]), r[2].padStart(w[2]), r[3].padStart(w[3]), r[4].padEnd(w[4])].join('  ').trimEnd(),
  );
}
