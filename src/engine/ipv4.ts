/**
 * IPv4 addresses as the engine holds them: a signed 32-bit integer (`addr | 0`), so that V8
 * keeps them as small integers in objects and hashes them without boxing. Print with
 * `formatIpv4`, which reads the bits unsigned.
 */

export type Ipv4 = number;

/** Parses dotted-quad text; returns null for anything that is not exactly four bytes. */
export function parseIpv4(text: string): Ipv4 | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let addr = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return null;
    const n = Number(p);
    if (n > 255) return null;
    addr = (addr << 8) | n;
  }
  return addr | 0;
}

export function formatIpv4(addr: Ipv4): string {
  const a = addr >>> 0;
  return `${a >>> 24}.${(a >>> 16) & 255}.${(a >>> 8) & 255}.${a & 255}`;
}

/** The network mask of a prefix length, as a signed 32-bit integer. */
export function prefixMask(bits: number): number {
  return bits <= 0 ? 0 : bits >= 32 ? -1 : (-1 << (32 - bits)) | 0;
}
