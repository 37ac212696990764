/** `ss -tan`: the TCP sockets of a host, in the columns iproute2's ss prints. */
import { formatIpv4 } from '../../engine/ipv4';
import type { TcpLayer } from './tcp';

/** Listen backlog somaxconn (128 on the kernels of the lab's era). */
const BACKLOG = 128;

export function ssTan(tcp: TcpLayer): string[] {
  const rows = [['State', 'Recv-Q', 'Send-Q', 'Local Address:Port', 'Peer Address:Port']];
  const listen = tcp.sockets.filter((s) => s.state === 'LISTEN');
  const others = tcp.sockets.filter((s) => s.state !== 'LISTEN' && s.state !== 'CLOSED');
  for (const s of [...listen, ...others]) {
    const isL = s.state === 'LISTEN';
    rows.push([
      s.state,
      '0',
      String(isL ? BACKLOG : s.state === 'TIME-WAIT' ? 0 : s.sendQ),
      `${isL ? '0.0.0.0' : formatIpv4(s.laddr)}:${s.lport}`,
      isL ? '0.0.0.0:*' : `${formatIpv4(s.raddr)}:${s.rport}`,
    ]);
  }
  const w = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) =>
    [r[0].padEnd(w[0]), r[1].padStart(w[1]), r[2].padStart(w[2]), r[3].padStart(w[3]), r[4].padEnd(w[4])].join('  ').trimEnd(),
  );
}
