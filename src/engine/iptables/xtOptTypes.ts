/**
 * The libxtables x6 option types `-m conntrack` uses beyond names (xtoptions.c), read as
 * iptables 1.8.9 reads them (texts and quirks recorded in fixtures/realConntrackMatch.json):
 *
 * - XTTYPE_HOSTMASK (`--ctorigsrc ADDR[/MASK]`): the address through getaddrinfo, i.e. the
 *   inet_aton forms ("10.1" is 10.0.0.1, "0x0a.010.0.1" is 10.8.0.1), not masked; the mask a
 *   prefix length 0-32 (strtoul base 0) or else an address whose non-contiguous bits (or "33",
 *   which inet_aton reads as 0.0.0.33) leave a /32 (xtopt_parse_plenmask).
 * - XTTYPE_PORTRC (`--ctorigsrcport P[:P]`): each end through getaddrinfo's service lookup:
 *   decimal digits taken modulo 65536 (99999 is 34463), else a service name; an empty end is
 *   0 or 65535 (xtopt_parse_mport). A range whose low end is above its high end is kept.
 * - XTTYPE_UINT32RC (`--ctexpire N[:N]`): strtoul base 0 up to 4294967295; an empty end is 0
 *   or 4294967295 (xtopt_parse_mint).
 * - XTTYPE_PROTOCOL (`--ctproto`): a number 0-255 or a name of /etc/protocols (lower case, or
 *   its upper-case alias), "all" being 0 (xtables_parse_protocol; unlike -p, not lower-cased).
 */
import { maskBits } from './addr';
import { PROTO_NAMES, serviceByName } from './names';
import { parseCNumber } from './ports';

const UINT32_MAX = 4294967295;

/** inet_aton: 1-4 parts (strtoul base 0), the last one filling the remaining bytes; or null. */
export function inetAton(text: string): number | null {
  const parts = text.split('.');
  if (parts.length > 4) return null;
  const vals: number[] = [];
  for (const p of parts) {
    const v = parseCNumber(p);
    if (v === null || v > UINT32_MAX) return null;
    vals.push(v);
  }
  const last = vals[vals.length - 1];
  const lastBits = 8 * (5 - vals.length);
  if (lastBits < 32 && last >= 2 ** lastBits) return null;
  let addr = 0;
  for (let i = 0; i < vals.length - 1; i++) {
    if (vals[i] > 255) return null;
    addr = addr * 256 + vals[i];
  }
  return (addr * 2 ** lastBits + last) | 0;
}

/** getaddrinfo on a host: the numeric forms, and `localhost` (there is no resolver here). */
function hostAddr(host: string): number | null {
  if (host === 'localhost') return 0x7f000001;
  return inetAton(host);
}

/** XTTYPE_HOSTMASK: the address and mask, or the message iptables prints. */
export function parseHostMask(arg: string, ext: string, opt: string): { addr: number; mask: number } | string {
  const slash = arg.indexOf('/');
  const host = slash >= 0 ? arg.slice(0, slash) : arg;
  const addr = hostAddr(host);
  if (addr === null) return 'getaddrinfo: Name or service not known';
  if (slash < 0) return { addr, mask: -1 };
  const m = arg.slice(slash + 1);
  const plen = parseCNumber(m);
  if (plen !== null && plen <= 32) return { addr, mask: plen === 0 ? 0 : (-1 << (32 - plen)) | 0 };
  const dotted = hostAddr(m);
  if (dotted === null) {
    return `${ext}: bad value for option "--${opt}", neither a valid network mask nor valid CIDR (0-32).`;
  }
  const bits = maskBits(dotted);
  return { addr, mask: bits <= 0 ? (bits === 0 ? 0 : -1) : (-1 << (32 - bits)) | 0 };
}

/** xtables_getportbyname: a port number (digits, modulo 65536) or a service name, or null. */
function portByName(text: string): number | null {
  if (/^[0-9]+$/.test(text)) {
    // strtoul saturates at ULONG_MAX (whose low 16 bits are 65535); htons keeps 16 bits
    const big = BigInt(text);
    return big > 0xffffffffffffffffn ? 0xffff : Number(big % 65536n);
  }
  return serviceByName(text, 0);
}

/** XTTYPE_PORTRC: [lo, hi] (hi = lo for one port), or the message iptables prints. */
export function parsePortRc(arg: string, ext: string, opt: string): [number, number] | string {
  const items = arg.split(':');
  if (items.length > 2) return `${ext}: Too many components for option "--${opt}" (max: 2)`;
  const out: number[] = [];
  for (let i = 0; i < items.length; i++) {
    if (items[i] === '') {
      out.push(i === 1 ? 0xffff : 0);
      continue;
    }
    const p = portByName(items[i]);
    if (p === null) return `Port "${items[i]}" does not resolve to anything.`;
    out.push(p);
  }
  return [out[0], out.length > 1 ? out[1] : out[0]];
}

/** XTTYPE_UINT32RC: [min, max] (max = min for one value), or the message iptables prints. */
export function parseUint32Rc(arg: string, ext: string, opt: string): [number, number] | string {
  const out: number[] = [];
  let rest = arg;
  for (;;) {
    if (out.length === 2) return `${ext}: Too many components for option "--${opt}" (max: 2)`;
    const colon = rest.indexOf(':');
    const item = colon >= 0 ? rest.slice(0, colon) : rest;
    if (item === '') {
      out.push(out.length === 1 ? UINT32_MAX : 0);
    } else {
      const v = parseCNumber(item);
      if (v === null || v > UINT32_MAX) {
        return `${ext}: bad value for option "--${opt}" near "${rest}", or out of range (0-${UINT32_MAX}).`;
      }
      out.push(v);
    }
    if (colon < 0) break;
    rest = rest.slice(colon + 1);
  }
  return [out[0], out.length > 1 ? out[1] : out[0]];
}

/** XTTYPE_PROTOCOL: the protocol number, or null (`unknown protocol "X" specified`). */
export function parseProtocol(arg: string): number | null {
  const n = parseCNumber(arg);
  if (n !== null) return n <= 255 ? n : null;
  if (arg === 'all') return 0;
  for (const k in PROTO_NAMES) {
    const name = PROTO_NAMES[k];
    if (arg === name || arg === name.toUpperCase()) return Number(k);
  }
  return null;
}
