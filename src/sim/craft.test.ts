import { describe, expect, it } from 'vitest';
import { parseIpv4 } from '../engine/ipv4';
import { TCP_ACK, TCP_FIN, TCP_PSH, TCP_SYN, TCP_URG } from '../engine/packet';
import { craftPacket, parseFlags } from './craft';
import { engineSim } from './testing/harness';

const self = () => parseIpv4('192.168.1.1')!;

describe('packet crafter', () => {
  it.each([
    ['SYN', TCP_SYN],
    ['syn,ack', TCP_SYN | TCP_ACK],
    ['SYN/ACK', TCP_SYN | TCP_ACK],
    ['SA', TCP_SYN | TCP_ACK],
    ['FPU', TCP_FIN | TCP_PSH | TCP_URG],
    ['', 0],
    ['NULL', 0],
  ])('reads flags %j', (text, flags) => expect(parseFlags(text)).toBe(flags));

  it('builds a packet with defaults', () => {
    const r = craftPacket({ proto: 'tcp', dst: '192.168.3.1', dport: '80', flags: 'SYN' }, self);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value).toMatchObject({ src: self(), proto: 6, dport: 80, flags: TCP_SYN, ttl: 64, win: 64240 });
  });

  it('reports every bad field by name', () => {
    const r = craftPacket({ proto: 'tcp', dst: '192.168.3.300', sport: 'x', dport: 70000, flags: 'SYN,BOGUS', ttl: 0 }, self);
    expect(r).toEqual({
      ok: false,
      error: [
        { field: 'dst', message: '"192.168.3.300" is not an IPv4 address' },
        { field: 'ttl', message: '0 is out of range 1..255' },
        { field: 'sport', message: '"x" is not a whole number' },
        { field: 'dport', message: '70000 is out of range 0..65535' },
        { field: 'flags', message: '"SYN,BOGUS" is not a set of TCP flags (SYN, ACK, FIN, RST, PSH, URG, ECE, CWR)' },
      ],
    });
    expect(craftPacket({ proto: 'sctpx', dst: '' }, self)).toEqual({
      ok: false,
      error: [
        { field: 'proto', message: '"sctpx" is not tcp, udp, icmp or a protocol number 0-255' },
        { field: 'dst', message: 'a destination address is needed' },
      ],
    });
  });

  it('a lone ACK crafted at labos-1 crosses the firewall and labos-2 answers RST', () => {
    const sim = engineSim();
    const errors = sim.craft('labos-1', { proto: 'tcp', dst: '192.168.3.1', sport: 40000, dport: 80, flags: 'ACK', seq: 1000, ack: 2000 });
    expect(errors).toEqual([]);
    sim.runUntil(1000);
    const labels = sim.world.packets.map((p) => `${p.from}>${p.to} ${p.label}`);
    expect(labels).toEqual(['labos-1>fw ACK', 'fw>labos-2 ACK', 'labos-2>fw RST', 'fw>labos-1 RST']);
    expect(sim.craft('nope', { proto: 'tcp', dst: '1.2.3.4' })).toEqual([{ field: 'node', message: 'no node "nope"' }]);
  });

  it('a packet whose TTL runs out at the firewall is tracked there, dropped, and answered with ICMP time exceeded', () => {
    const sim = engineSim();
    expect(sim.craft('labos-1', { proto: 'udp', dst: '192.168.3.1', sport: 40000, dport: 53, ttl: 1 })).toEqual([]);
    sim.runUntil(1000);
    const first = sim.world.packets[0];
    expect(first.fate).toEqual({ kind: 'dropped', at: 'fw' });
    expect(first.verdicts.find((v) => v.node === 'fw')?.state).toBe('NEW');
    const labels = sim.world.packets.map((p) => `${p.from}>${p.to} ${p.label}`);
    expect(labels[1]).toBe('fw>labos-1 ICMP time exceeded');
  });
});
