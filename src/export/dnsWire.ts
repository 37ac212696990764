/**
 * DNS messages on the wire (RFC 1035), built from the simulation's readable DNS payloads
 * (src/sim/services/dnsMessage.ts): dig 9.18's query (RD, EDNS OPT of 1232 bytes, its COOKIE
 * option when the size says so) and the lab server's answer (one A record by a pointer to the
 * question, EDNS OPT of 4096 as services.py sends). Null when the text is not such a message.
 */
import { decodeAnswer, decodeQuery } from '../sim/services/dnsMessage';

function qname(name: string): number[] {
  const out: number[] = [];
  for (const label of name.replace(/\.$/, '').split('.').filter(Boolean)) {
    out.push(label.length & 63);
    for (let i = 0; i < Math.min(label.length, 63); i++) out.push(label.charCodeAt(i) & 0xff);
  }
  out.push(0);
  return out;
}

const u16 = (n: number): number[] => [(n >>> 8) & 0xff, n & 0xff];
const u32 = (n: number): number[] => [...u16(n >>> 16), ...u16(n)];

function opt(udpSize: number, cookie: boolean): number[] {
  const rdata = cookie ? [0, 10, 0, 8, 0x43, 0x6c, 0x61, 0x62, 0x43, 0x6f, 0x6f, 0x6b] : []; // COOKIE "ClabCook"
  return [0, ...u16(41), ...u16(udpSize), ...u32(0), ...u16(rdata.length), ...rdata];
}

/** The wire bytes of a DNS payload of `size` bytes, or null when `text` is no DNS message of that size. */
export function dnsWire(text: string, size: number): Uint8Array | null {
  const q = decodeQuery(text);
  if (q) {
    const question = [...qname(q.name), ...u16(1), ...u16(1)];
    const base = 12 + question.length;
    const cookie = size === base + 11 + 12;
    if (!cookie && size !== base + 11) return null;
    // header: id, flags RD + AD (dig's defaults), 1 question, 1 additional (OPT)
    return Uint8Array.from([...u16(q.id), 0x01, 0x20, ...u16(1), ...u16(0), ...u16(0), ...u16(1), ...question, ...opt(1232, cookie)]);
  }
  const a = decodeAnswer(text);
  if (!a) return null;
  const question = [...qname(a.name), ...u16(1), ...u16(1)];
  const answer = a.addr ? [0xc0, 0x0c, ...u16(1), ...u16(1), ...u32(a.ttl), ...u16(4), ...a.addr.split('.').map((x) => Number(x) & 0xff)] : [];
  const bytes = [
    ...u16(a.id),
    0x85, // QR, AA, RD
    a.rcode === 'NXDOMAIN' ? 0x83 : 0x80, // RA, rcode
    ...u16(1),
    ...u16(answer.length ? 1 : 0),
    ...u16(0),
    ...u16(1),
    ...question,
    ...answer,
    ...opt(4096, false),
  ];
  return bytes.length === size ? Uint8Array.from(bytes) : null;
}
