import { describe, expect, it } from 'vitest';
import { parseIpv4 } from '../ipv4';
import { IPPROTO_ICMP, IPPROTO_TCP, IPPROTO_UDP, makePacket, TCP_ACK, TCP_FIN, TCP_PSH, TCP_RST, TCP_SYN } from '../packet';
import { rejectReply } from './reject';

const A = parseIpv4('10.99.1.1')!;
const B = parseIpv4('10.99.3.1')!;
const FW = parseIpv4('10.99.1.254')!;

describe('rejectReply (nf_reject_ipv4)', () => {
  it('tcp-reset to a SYN: seq 0, ACK = seq + 1 (nf_reject_ip_tcphdr_put)', () => {
    const syn = makePacket({ src: A, dst: B, proto: IPPROTO_TCP, sport: 40000, dport: 23, flags: TCP_SYN, seq: 1000 });
    const r = rejectReply(syn, 'tcp-reset')!;
    expect(r).toMatchObject({ src: B, dst: A, sport: 23, dport: 40000, flags: TCP_RST | TCP_ACK, seq: 0, ack: 1001, win: 0, len: 40 });
  });
  it('tcp-reset to a segment with ACK: seq = its ack, no ACK flag', () => {
    const seg = makePacket({ src: A, dst: B, proto: IPPROTO_TCP, sport: 40000, dport: 80, flags: TCP_ACK | TCP_PSH, seq: 5, ack: 777, payloadLen: 100 });
    expect(rejectReply(seg, 'tcp-reset')).toMatchObject({ flags: TCP_RST, seq: 777, ack: 0 });
  });
  it('tcp-reset counts payload and FIN when there is no ACK', () => {
    const seg = makePacket({ src: A, dst: B, proto: IPPROTO_TCP, flags: TCP_FIN, seq: -1, payloadLen: 10 });
    expect(rejectReply(seg, 'tcp-reset')).toMatchObject({ flags: TCP_RST | TCP_ACK, ack: 10 });
  });
  it('no RST in answer to an RST or to a non-TCP packet', () => {
    expect(rejectReply(makePacket({ src: A, dst: B, proto: IPPROTO_TCP, flags: TCP_RST }), 'tcp-reset')).toBeNull();
    expect(rejectReply(makePacket({ src: A, dst: B, proto: IPPROTO_UDP }), 'tcp-reset')).toBeNull();
  });
  it.each([
    ['icmp-net-unreachable', 0], ['icmp-host-unreachable', 1], ['icmp-proto-unreachable', 2],
    ['icmp-port-unreachable', 3], ['icmp-net-prohibited', 9], ['icmp-host-prohibited', 10], ['icmp-admin-prohibited', 13],
  ] as const)('%s: destination unreachable code %i with the packet inside', (kind, code) => {
    const u = makePacket({ src: A, dst: B, proto: IPPROTO_UDP, sport: 5000, dport: 53, payloadLen: 20 });
    const r = rejectReply(u, kind, FW)!;
    expect(r).toMatchObject({ src: FW, dst: A, proto: IPPROTO_ICMP, icmpType: 3, icmpCode: code, inner: u, len: 20 + 8 + 48 });
    expect(rejectReply(u, kind)!.src).toBe(B);
  });
  it('no ICMP error about an ICMP error', () => {
    const err = makePacket({ src: A, dst: B, proto: IPPROTO_ICMP, icmpType: 3, icmpCode: 3 });
    expect(rejectReply(err, 'icmp-port-unreachable')).toBeNull();
    const ping = makePacket({ src: A, dst: B, proto: IPPROTO_ICMP, icmpType: 8 });
    expect(rejectReply(ping, 'icmp-host-prohibited')).not.toBeNull();
  });
});
