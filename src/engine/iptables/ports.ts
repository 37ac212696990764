/**
 * Port arguments: `xtables_parse_port` (number 0-65535, read by strtoul with base 0, or a
 * service name), the tcp/udp match's `[!] --dport a[:b]` (either end may be left out) and
 * multiport's comma lists (up to 15 ports, a range counting as two).
 */
import type { PortRange } from './model';
import { serviceByName } from './names';

/** strtoul(text, 0) for a whole string, or null. */
export function parseCNumber(text: string): number | null {
  if (/^0[xX][0-9a-fA-F]+$/.test(text)) return parseInt(text.slice(2), 16);
  if (/^0[0-7]*$/.test(text)) return parseInt(text, 8);
  if (/^[1-9][0-9]*$/.test(text)) return Number(text);
  return null;
}

export function parsePort(text: string, proto: number): number | string {
  const n = parseCNumber(text);
  if (n !== null && n <= 65535) return n;
  if (n === null) {
    const s = serviceByName(text, proto);
    if (s !== null) return s;
  }
  return `invalid port/service \`${text}' specified`;
}

/** `80`, `1024:65535`, `:1023`, `1024:`, `:`. */
export function parsePortRange(text: string, proto: number): PortRange | string {
  const colon = text.indexOf(':');
  if (colon < 0) {
    const p = parsePort(text, proto);
    return typeof p === 'string' ? p : { lo: p, hi: p };
  }
  const a = text.slice(0, colon);
  const b = text.slice(colon + 1);
  const lo = a === '' ? 0 : parsePort(a, proto);
  if (typeof lo === 'string') return lo;
  const hi = b === '' ? 0xffff : parsePort(b, proto);
  if (typeof hi === 'string') return hi;
  if (lo > hi) return 'invalid portrange (min > max)';
  return { lo, hi };
}

export const XT_MULTI_PORTS = 15;

/** multiport v1: `80,443,8000:8080`. */
export function parseMultiPorts(text: string, proto: number): PortRange[] | string {
  const out: PortRange[] = [];
  let slots = 0;
  const items = text.split(',');
  for (const item of items) {
    if (slots >= XT_MULTI_PORTS) return 'too many ports specified';
    const colon = item.indexOf(':');
    if (colon >= 0) {
      if (slots === XT_MULTI_PORTS - 1) return 'too many ports specified';
      const lo = parsePort(item.slice(0, colon), proto);
      if (typeof lo === 'string') return lo;
      const hi = parsePort(item.slice(colon + 1), proto);
      if (typeof hi === 'string') return hi;
      if (lo >= hi) return 'invalid portrange specified';
      out.push({ lo, hi });
      slots += 2;
    } else {
      const p = parsePort(item, proto);
      if (typeof p === 'string') return p;
      out.push({ lo: p, hi: p });
      slots += 1;
    }
  }
  return out;
}

export function isFullRange(r: PortRange): boolean {
  return r.lo === 0 && r.hi === 0xffff;
}
