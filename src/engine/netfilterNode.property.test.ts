/**
 * Properties of the whole engine under random traffic: it never throws, it is deterministic
 * (the same packets at the same times give the same verdicts, states and tables), and every
 * live entry is found again from both of its tuples.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NetfilterNode } from './netfilterNode';
import { IPPROTO_ICMP, IPPROTO_TCP, IPPROTO_UDP, makePacket, type Packet } from './packet';

const RULESETS = [
  '',
  'iptables -P FORWARD DROP\niptables -A FORWARD -i eth0 -j ACCEPT\niptables -A FORWARD -m state --state ESTABLISHED,RELATED -j ACCEPT',
  'iptables -A FORWARD -m conntrack --ctstate INVALID -j DROP\niptables -A FORWARD -p tcp --dport 22 -j REJECT --reject-with tcp-reset\niptables -A FORWARD -p udp -j REJECT',
  'iptables -t raw -A PREROUTING -p udp -j CT --notrack\niptables -t raw -A PREROUTING -p tcp --dport 21 -j CT --helper ftp\niptables -A FORWARD -m state --state UNTRACKED -j LOG --log-prefix "untracked "',
];

const hosts = [0x0a630101, 0x0a630301, 0x0a630102];

const packetArb = fc.record({
  fromA: fc.boolean(),
  proto: fc.constantFrom(IPPROTO_TCP, IPPROTO_UDP, IPPROTO_ICMP, 47, 253),
  a: fc.nat(2),
  b: fc.nat(2),
  sport: fc.constantFrom(21, 22, 80, 40000, 40001),
  dport: fc.constantFrom(21, 22, 80, 40000, 40001),
  flags: fc.nat(255),
  seq: fc.integer(),
  ack: fc.integer(),
  win: fc.nat(65535),
  wscale: fc.integer({ min: -1, max: 15 }),
  len: fc.nat(1500),
  icmpType: fc.constantFrom(0, 3, 8, 11, 13, 14, 40),
  wait: fc.nat(200_000),
  payload: fc.constantFrom('', 'PORT 10,99,1,1,195,80\r\n', '227 Entering Passive Mode (10,99,3,1,200,10)\r\n', 'x'),
});

type PacketSpec = typeof packetArb extends fc.Arbitrary<infer T> ? T : never;

function toPacket(r: PacketSpec): Packet {
  const src = hosts[r.a];
  const dst = hosts[r.b];
  const inner = r.icmpType === 3 || r.icmpType === 11
    ? makePacket({ proto: IPPROTO_UDP, src: dst, dst: src, sport: r.dport, dport: r.sport })
    : null;
  return makePacket({
    proto: r.proto, src, dst, sport: r.sport, dport: r.dport, flags: r.flags, seq: r.seq | 0, ack: r.ack | 0,
    win: r.win, wscale: r.wscale, payloadLen: r.payload ? r.payload.length : r.len, payload: r.payload,
    icmpType: r.icmpType, icmpId: r.sport, inner,
    iif: r.fromA ? 'eth0' : 'eth1', oif: r.fromA ? 'eth1' : 'eth0',
  });
}

function run(rules: string, specs: PacketSpec[], trace: boolean) {
  const node = new NetfilterNode({ name: 'fw', ifaces: [{ name: 'eth0', addr: 0x0a6301fe }, { name: 'eth1', addr: 0x0a6303fe }] });
  expect(node.setRules(rules).ok).toBe(true);
  let now = 0;
  const out: string[] = [];
  for (const s of specs) {
    now += s.wait;
    node.gc(now);
    const v = node.forward(toPacket(s), now, trace);
    out.push(`${v.state} ${v.verdict} ${v.rule} | ${node.conntrackList(now).join(' / ')} | ${node.expectList(now).join(' / ')}`);
    for (const ct of node.conntrack.table.entries()) {
      expect(node.conntrack.table.find(ct.oSrc, ct.oDst, ct.oSport, ct.oDport, ct.proto)).toBe(ct);
      expect(node.conntrack.table.find(ct.rSrc, ct.rDst, ct.rSport, ct.rDport, ct.proto)).toBe(ct);
    }
  }
  return out;
}

describe('engine properties under random traffic', () => {
  it('never throws, is deterministic with and without tracing, and finds every entry from both tuples', () => {
    fc.assert(
      fc.property(fc.constantFrom(...RULESETS), fc.array(packetArb, { maxLength: 60 }), (rules, specs) => {
        const a = run(rules, specs, false);
        const b = run(rules, specs, true);
        expect(b).toEqual(a);
      }),
      { numRuns: 150 },
    );
  });

  it('random rule text never throws: it gives a ruleset or an error with a position', () => {
    const token = fc.constantFrom(
      'iptables', '-A', '-I', '-D', '-P', '-N', '-X', '-F', '-t', 'raw', 'filter', 'INPUT', 'FORWARD', 'OUTPUT', '-p', 'tcp',
      'udp', 'icmp', '--dport', '80', '22:25', '-m', 'state', '--state', 'NEW,ESTABLISHED', '-j', 'ACCEPT', 'DROP', 'REJECT',
      '!', '-s', '10.0.0.0/8', '"quoted', '*filter', 'COMMIT', ':FORWARD', '[0:0]', '\n', 'LOG', '--log-prefix', 'x',
    );
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.array(token, { maxLength: 30 }).map((t) => t.join(' '))), (text) => {
        const node = new NetfilterNode({ name: 'n' });
        const r = node.setRules(text);
        if (!r.ok) {
          expect(r.errors[0].line).toBeGreaterThanOrEqual(1);
          expect(r.errors[0].column).toBeGreaterThanOrEqual(1);
          expect(r.errors[0].message.length).toBeGreaterThan(0);
        }
        const c = node.iptables(text.split('\n')[0]);
        expect(typeof c.output).toBe('string');
      }),
      { numRuns: 400 },
    );
  });
});
