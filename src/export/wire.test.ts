import { describe, expect, it } from 'vitest';
import { IPPROTO_ICMP, IPPROTO_TCP, IPPROTO_UDP, TCP_ACK, TCP_SYN, makePacket } from '../engine/packet';
import { parseIpv4 } from '../engine/ipv4';
import { onesSum } from './checksum';
import { dnsWire } from './dnsWire';
import { sessionPcapng } from './pcap';
import { recordSession } from './record';
import { CHECK_SCENARIOS } from './testing/scenarios';
import { ipv4Bytes, tcpOptions } from './wire';

const ts = () => ({ val: 0x01020304, ecr: 0x05060708 });
const a = parseIpv4('192.168.1.1')!;
const b = parseIpv4('192.168.3.1')!;

/** The one's complement sum over a checksummed area is 0xffff when the checksum is right. */
function transportOk(ip: Uint8Array): boolean {
  const l4 = ip.subarray(20);
  const proto = ip[9];
  if (proto === IPPROTO_ICMP) return onesSum(l4) === 0xffff;
  const pseudo = new Uint8Array(12);
  pseudo.set(ip.subarray(12, 20), 0);
  pseudo[9] = proto;
  pseudo[10] = l4.length >> 8;
  pseudo[11] = l4.length & 0xff;
  return onesSum(l4, 0, l4.length, onesSum(pseudo)) === 0xffff;
}

describe('ipv4Bytes', () => {
  it('writes a SYN as Linux does: MSS, SACK-permitted, timestamps, NOP, window scale; DF; checksums right', () => {
    const p = makePacket({ src: a, dst: b, proto: IPPROTO_TCP, sport: 40000, dport: 80, flags: TCP_SYN, seq: 1, wscale: 7, tcpOptLen: 20, ipId: 7 });
    const ip = ipv4Bytes(p, ts);
    expect(ip.length).toBe(60);
    expect(ip[6] & 0x40).toBe(0x40);
    expect(onesSum(ip, 0, 20)).toBe(0xffff);
    expect(transportOk(ip)).toBe(true);
    expect([...ip.subarray(40, 60)]).toEqual([2, 4, 5, 180, 4, 2, 8, 10, 1, 2, 3, 4, 5, 6, 7, 8, 1, 3, 3, 7]);
  });

  it('fills any other options length with NOPs and an end of list', () => {
    const p = makePacket({ flags: TCP_ACK, wscale: -1 });
    expect(tcpOptions(p, 8, ts)).toEqual([1, 1, 1, 1, 1, 1, 1, 0]);
    expect(tcpOptions({ ...p, flags: TCP_ACK }, 12, ts).slice(0, 4)).toEqual([1, 1, 8, 10]);
  });

  it('quotes the packet an ICMP error is about, checksums right, no DF', () => {
    const inner = makePacket({ src: a, dst: b, proto: IPPROTO_UDP, sport: 5000, dport: 9999, payload: 'hello\n', payloadLen: 6 });
    const err = makePacket({ src: b, dst: a, proto: IPPROTO_ICMP, icmpType: 3, icmpCode: 3, inner });
    const ip = ipv4Bytes(err, ts);
    expect(ip.length).toBe(20 + 8 + 34);
    expect(ip[6] & 0x40).toBe(0);
    expect(transportOk(ip)).toBe(true);
    expect(transportOk(ip.subarray(28))).toBe(true);
  });

  it('gives every frame of the checked sessions its length and right checksums', () => {
    for (const sc of CHECK_SCENARIOS) {
      for (const f of recordSession(sc.build()).frames) {
        const ip = ipv4Bytes(f.pkt, ts);
        expect(ip.length).toBe(f.pkt.len);
        expect(onesSum(ip, 0, 20)).toBe(0xffff);
        expect(transportOk(ip), `${sc.name} frame at ${f.t}`).toBe(true);
      }
    }
  });
});

describe('dnsWire', () => {
  it("builds dig's query (with its cookie) and the server's answer at the sizes the simulation gave", () => {
    const q = dnsWire('DNS query id=4660 A labos-2', 12 + 9 + 4 + 11 + 12)!;
    expect(q.length).toBe(48);
    expect([...q.subarray(0, 4)]).toEqual([0x12, 0x34, 0x01, 0x20]);
    const r = dnsWire('DNS response id=4660 NOERROR A labos-2 300 A 192.168.3.1', 52)!;
    expect([...r.subarray(r.length - 11 - 4)]).toEqual([192, 168, 3, 1, 0, 0, 41, 16, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('answers null for what is no DNS message of that size', () => {
    expect(dnsWire('hello', 5)).toBeNull();
    expect(dnsWire('DNS query id=1 A x', 99)).toBeNull();
  });
});

describe('sessionPcapng', () => {
  it('is a section header, an interface per firewall interface and a packet block per frame', () => {
    const rec = recordSession(CHECK_SCENARIOS[0].build());
    const bytes = sessionPcapng(rec);
    const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const types: number[] = [];
    for (let at = 0; at < bytes.length; ) {
      const len = v.getUint32(at + 4, true);
      expect(v.getUint32(at + len - 4, true)).toBe(len);
      types.push(v.getUint32(at, true));
      at += len;
    }
    expect(v.getUint32(8, true)).toBe(0x1a2b3c4d);
    expect(types).toEqual([0x0a0d0d0a, 1, 1, ...rec.frames.map(() => 6)]);
  });
});
