/** nmap's port lists (-p, and the top 1000 of nmap-services without it) and the service names of nmap-services. */
import { TCP_SERVICE_NAMES, TOP_TCP_1000, TOP_UDP_1000, UDP_SERVICE_NAMES } from './nmapServices';

/**
 * The ports scanned without -p: nmap scans its top 1000 of each protocol; the lab scans the top
 * 10 (`--top-ports 10`): every probe and answer is a few agenda steps of traced packets (about
 * 0.3 ms each), and a thousand probes would hold one step for a second, past the 100 ms a step may
 * take (src/sim/fuzz.test.ts). In the order nmap reports them.
 */
export const DEFAULT_PORT_COUNT = 10;
export const TOP_TCP: readonly number[] = TOP_TCP_1000.slice(0, DEFAULT_PORT_COUNT).sort((a, b) => a - b);
export const TOP_UDP: readonly number[] = TOP_UDP_1000.slice(0, DEFAULT_PORT_COUNT).sort((a, b) => a - b);
/** The most ports one scan may probe (the lab keeps a scan to seconds of simulation). */
export const MAX_PORTS = 1024;

const names = { tcp: null as Map<number, string> | null, udp: null as Map<number, string> | null };

function table(text: string): Map<number, string> {
  const m = new Map<number, string>();
  for (const pair of text.split(' ')) {
    const i = pair.indexOf(':');
    m.set(Number(pair.slice(0, i)), pair.slice(i + 1));
  }
  return m;
}

export function serviceName(proto: 'tcp' | 'udp', port: number): string {
  const m = (names[proto] ??= table(proto === 'tcp' ? TCP_SERVICE_NAMES : UDP_SERVICE_NAMES));
  return m.get(port) ?? 'unknown';
}

/** Parses `22,80,8000-8010`; a message in nmap's words on error. */
export function parsePortList(text: string): { ok: true; ports: number[] } | { ok: false; error: string } {
  const ports = new Set<number>();
  for (const part of text.split(',')) {
    const m = /^(\d*)(?:(-)(\d*))?$/.exec(part.replace(/^[TU]:/, ''));
    if (!m || (m[1] === '' && !m[2])) return { ok: false, error: `Error #485: Your port specifications are illegal.  Example of proper form: "-100,200-1024,T:3000-4000,U:60000-"\nQUITTING!` };
    const lo = m[1] === '' ? 1 : Number(m[1]);
    const hi = m[2] ? (m[3] === '' ? 65535 : Number(m[3])) : lo;
    if (lo > 65535 || hi > 65535 || lo < 0) return { ok: false, error: `Ports specified must be between 0 and 65535 inclusive\nQUITTING!` };
    if (hi < lo) return { ok: false, error: `Your port range ${lo}-${hi} is backwards. Did you mean ${hi}-${lo}?\nQUITTING!` };
    if (hi - lo + 1 + ports.size > MAX_PORTS) return { ok: false, error: `This lab's nmap scans at most ${MAX_PORTS} ports at a time.\nQUITTING!` };
    for (let p = lo; p <= hi; p++) ports.add(p);
  }
  return { ok: true, ports: [...ports].sort((a, b) => a - b) };
}
