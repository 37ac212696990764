import { describe, expect, it } from 'vitest';
import { parseIpv4 } from './ipv4';
import { NetfilterNode } from './netfilterNode';
import { IPPROTO_TCP, makePacket, TCP_ACK, TCP_SYN } from './packet';

const A = parseIpv4('192.168.3.1')!;
const B = parseIpv4('192.168.1.1')!;

describe('NetfilterNode explanations', () => {
  it('reports the TCP transition of a new entry only when the entry survives the packet', () => {
    const host = new NetfilterNode({ name: 'labos-1' });
    expect(host.setRules('iptables -A INPUT -m state --state ESTABLISHED,RELATED -j ACCEPT\niptables -A INPUT -j DROP').ok).toBe(true);
    const syn = makePacket({ proto: IPPROTO_TCP, src: A, dst: B, sport: 40000, dport: 80, flags: TCP_SYN, seq: 1, iif: 'eth0' });
    const dropped = host.input(syn, 0, true);
    expect(dropped.verdict).toBe('DROP');
    expect(dropped.state).toBe('NEW');
    expect(dropped.tcpTransition).toBeNull();
    expect(dropped.reasons.map((r) => r.code)).toContain('ct.unconfirmed-dropped');

    const out = host.output(makePacket({ proto: IPPROTO_TCP, src: B, dst: A, sport: 40001, dport: 80, flags: TCP_SYN, seq: 1 }), 0, true);
    expect(out.verdict).toBe('ACCEPT');
    expect(out.tcpTransition).toEqual({ from: 'NONE', to: 'SYN_SENT' });
    const synack = makePacket({ proto: IPPROTO_TCP, src: A, dst: B, sport: 80, dport: 40001, flags: TCP_SYN | TCP_ACK, seq: 9, ack: 2, iif: 'eth0' });
    expect(host.input(synack, 10, true).tcpTransition).toEqual({ from: 'SYN_SENT', to: 'SYN_RECV' });
  });
});
