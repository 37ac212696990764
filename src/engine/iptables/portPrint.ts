/** Port printers shared by the tcp and udp matches (libxt_tcp/libxt_udp print_ports and save). */
import type { PortRange } from './model';
import { serviceName } from './names';
import { isFullRange } from './ports';

export function portText(port: number, numeric: boolean, proto: number): string {
  if (numeric) return String(port);
  return serviceName(port, proto) ?? String(port);
}

/** " --sport 80", " ! --dport 1024:65535", or "" for the full range. */
export function savePorts(opt: string, r: PortRange, inv: boolean): string {
  if (isFullRange(r) && !inv) return '';
  const v = r.lo === r.hi ? `${r.lo}` : `${r.lo}:${r.hi}`;
  return `${inv ? ' !' : ''} ${opt} ${v}`;
}

/** " dpt:80", " dpts:1024:65535", " dpt:!80". */
export function printPorts(name: string, r: PortRange, inv: boolean, numeric: boolean, proto: number): string {
  if (isFullRange(r) && !inv) return '';
  const i = inv ? '!' : '';
  if (r.lo === r.hi) return ` ${name}:${i}${portText(r.lo, numeric, proto)}`;
  return ` ${name}s:${i}${portText(r.lo, numeric, proto)}:${portText(r.hi, numeric, proto)}`;
}
