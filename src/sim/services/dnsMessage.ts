/**
 * DNS messages as the simulation carries them: the payload is readable text (what the packet
 * inspector shows), and the size on the wire is computed as a real message's would be (header,
 * question, answer, and dig's EDNS OPT record).
 */

/** The query types dig knows by name that the lab's server answers (records of type A only). */
export const DNS_TYPES = ['A', 'AAAA', 'MX', 'NS', 'PTR', 'SOA', 'TXT', 'CNAME', 'SRV', 'CAA', 'ANY'] as const;
export type DnsType = (typeof DNS_TYPES)[number];

export interface DnsQuery {
  id: number;
  name: string;
  type: DnsType;
}

export interface DnsAnswer extends DnsQuery {
  rcode: 'NOERROR' | 'NXDOMAIN';
  addr: string | null;
  ttl: number;
}

const OPT_RR = 11;
/** dig 9.18's EDNS COOKIE option in its queries: code, length and an 8-byte client cookie. */
const COOKIE_OPTION = 12;

function qnameLen(name: string): number {
  const labels = name.replace(/\.$/, '').split('.').filter(Boolean);
  return labels.reduce((n, l) => n + 1 + l.length, 1);
}

export function encodeQuery(q: DnsQuery, opts: { cookie?: boolean } = {}): { text: string; size: number } {
  return { text: `DNS query id=${q.id} ${q.type} ${q.name}`, size: 12 + qnameLen(q.name) + 4 + OPT_RR + (opts.cookie ? COOKIE_OPTION : 0) };
}

export function encodeAnswer(a: DnsAnswer): { text: string; size: number } {
  const ans = a.addr ? ` ${a.ttl} A ${a.addr}` : '';
  const size = 12 + qnameLen(a.name) + 4 + (a.addr ? 16 : 0) + OPT_RR;
  return { text: `DNS response id=${a.id} ${a.rcode} ${a.type} ${a.name}${ans}`, size };
}

export function decodeQuery(text: string): DnsQuery | null {
  const m = /^DNS query id=(\d+) ([A-Z]+) (\S+)$/.exec(text);
  return m && (DNS_TYPES as readonly string[]).includes(m[2]) ? { id: Number(m[1]), type: m[2] as DnsType, name: m[3] } : null;
}

export function decodeAnswer(text: string): DnsAnswer | null {
  const m = /^DNS response id=(\d+) (NOERROR|NXDOMAIN) ([A-Z]+) (\S+)(?: (\d+) A (\S+))?$/.exec(text);
  if (!m || !(DNS_TYPES as readonly string[]).includes(m[3])) return null;
  return {
    id: Number(m[1]),
    rcode: m[2] as DnsAnswer['rcode'],
    type: m[3] as DnsType,
    name: m[4],
    ttl: m[5] ? Number(m[5]) : 0,
    addr: m[6] ?? null,
  };
}

/** The lab's zone: the machines by name, and example.com. */
export function resolveName(name: string, names: ReadonlyMap<string, string>): string | null {
  const n = name.replace(/\.$/, '').toLowerCase();
  const addr = names.get(n);
  if (addr !== undefined) return addr;
  if (n === 'example.com' || n === 'www.example.com') return '93.184.216.34';
  return null;
}
