/**
 * Host/network arguments of -s and -d, as libxtables' xtables_ipparse_multiple reads them:
 * a comma-separated list of `ADDR[/MASK]` where ADDR has 1-4 decimal parts ("10" is 10.0.0.0,
 * "1.2.3" is 1.2.3.0) and MASK is a prefix length or a dotted mask. Host names are not
 * resolved, except `localhost`. Printing helpers follow xtables_ipaddr_to_numeric/ipmask.
 */
import { formatIpv4, prefixMask } from '../ipv4';
import type { Ipv4 } from '../ipv4';

export interface AddrMask {
  addr: Ipv4;
  mask: Ipv4;
}

/** Returns the addresses, or the message iptables prints. */
export function parseHostList(arg: string): AddrMask[] | string {
  const out: AddrMask[] = [];
  for (const item of arg.split(',')) {
    const r = parseHost(item);
    if (typeof r === 'string') return r;
    out.push(r);
  }
  return out;
}

function parseHost(text: string): AddrMask | string {
  const slash = text.indexOf('/');
  const host = slash >= 0 ? text.slice(0, slash) : text;
  let mask = -1;
  if (slash >= 0) {
    const m = text.slice(slash + 1);
    const parsed = parseMask(m);
    if (parsed === null) return `invalid mask \`${m}' specified`;
    mask = parsed;
  }
  const addr = host === 'localhost' ? 0x7f000001 : parseNumericAddr(host);
  if (addr === null) return `host/network \`${host}' not found`;
  return { addr: addr & mask, mask };
}

function parseMask(m: string): number | null {
  if (/^\d+$/.test(m)) {
    const bits = Number(m);
    return bits <= 32 ? prefixMask(bits) : null;
  }
  if (m.includes('.')) return parseNumericAddr(m, true);
  return null;
}

/** xtables_numeric_to_ipaddr: 1-4 decimal parts, missing trailing parts are 0. */
function parseNumericAddr(text: string, exactFour = false): number | null {
  let addr = 0;
  let parts = 0;
  let i = 0;
  // each part: 1-3 decimal digits, at most 255; parts separated by single dots
  for (;;) {
    let v = 0;
    let digits = 0;
    while (i < text.length && digits < 4) {
      const c = text.charCodeAt(i) - 48;
      if (c < 0 || c > 9) break;
      v = v * 10 + c;
      digits++;
      i++;
    }
    if (digits === 0 || digits > 3 || v > 255) return null;
    addr = (addr << 8) | v;
    parts++;
    if (i === text.length) break;
    if (text[i] !== '.' || parts === 4) return null;
    i++;
  }
  if (exactFour && parts !== 4) return null;
  return (addr << (8 * (4 - parts))) | 0;
}

/** Prefix length of a contiguous mask, or -1. */
export function maskBits(mask: number): number {
  if (mask === 0) return 0;
  const inv = ~mask;
  if ((inv & (inv + 1)) !== 0) return -1;
  let bits = 0;
  for (let m = mask; m !== 0; m <<= 1) bits++;
  return bits;
}

/** "10.0.0.0/8", "1.2.3.4/32", "1.0.3.0/255.0.255.0" as -S prints an address. */
export function formatAddrMaskSave(a: number, mask: number): string {
  const bits = maskBits(mask);
  return `${formatIpv4(a)}/${bits >= 0 ? bits : formatIpv4(mask)}`;
}

/** As -L prints: no suffix for /32, "0.0.0.0/0" for any. */
export function formatAddrMaskList(a: number, mask: number): string {
  const bits = maskBits(mask);
  if (bits === 32) return formatIpv4(a);
  return `${formatIpv4(a)}/${bits >= 0 ? bits : formatIpv4(mask)}`;
}
