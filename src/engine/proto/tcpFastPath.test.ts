/**
 * The untraced fast path of tcpPacket (an ACK on an assured ESTABLISHED entry) must leave
 * exactly the state the general path leaves: traced runs always take the general path, so
 * the same traffic with and without tracing must give the same entries, field by field.
 * The traffic stays near the windows (small offsets around the expected seq/ack), so the
 * in-window updates, the window checks' failures, retransmissions, zero windows and window
 * scaling are all met on established connections.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REC_F64, REC_I32, type Conn } from '../conn';
import { NetfilterNode } from '../netfilterNode';
import { IPPROTO_TCP, makePacket, TCP_ACK, TCP_FIN, TCP_PSH, TCP_RST, TCP_SYN, TCP_URG } from '../packet';

const A = 0x0a630101;
const B = 0x0a630301;

const opArb = fc.record({
  fromA: fc.boolean(),
  flags: fc.constantFrom(TCP_ACK, TCP_ACK, TCP_ACK | TCP_PSH, TCP_ACK | TCP_PSH, TCP_ACK | TCP_URG, TCP_FIN | TCP_ACK, TCP_RST | TCP_ACK, TCP_SYN),
  seqOff: fc.oneof({ arbitrary: fc.constant(0), weight: 6 }, fc.integer({ min: -3000, max: 3000 }), fc.integer()),
  ackOff: fc.oneof({ arbitrary: fc.constant(0), weight: 6 }, fc.integer({ min: -3000, max: 3000 }), fc.integer()),
  len: fc.oneof({ arbitrary: fc.constant(0), weight: 3 }, { arbitrary: fc.nat(1500), weight: 3 }, fc.nat(200_000)),
  win: fc.oneof(fc.constant(0), fc.nat(65535), fc.constant(65535)),
  repeat: fc.boolean(),
  // 1..4: put seq or ack right at the bound of window check I, II, III or IV (plus delta)
  edge: fc.oneof({ arbitrary: fc.constant(0), weight: 2 }, fc.integer({ min: 1, max: 4 })),
  delta: fc.integer({ min: -2, max: 2 }),
  wait: fc.oneof({ arbitrary: fc.constant(0), weight: 4 }, { arbitrary: fc.nat(5000), weight: 4 }, fc.nat(500_000_000)),
});

const setupArb = fc.record({
  isnA: fc.integer(),
  isnB: fc.integer(),
  wsA: fc.integer({ min: -1, max: 15 }),
  wsB: fc.integer({ min: -1, max: 15 }),
  winA: fc.nat(65535),
  winB: fc.nat(65535),
});

type Setup = typeof setupArb extends fc.Arbitrary<infer T> ? T : never;
type Op = typeof opArb extends fc.Arbitrary<infer T> ? T : never;

/** Every number of the entry's record (conn.ts), its id and creation time. */
function snapshot(ct: Conn): unknown {
  return [...ct.h.subarray(ct.b, ct.b + REC_I32), ...ct.d.subarray(ct.db, ct.db + REC_F64), ct.id, ct.created];
}

function run(setup: Setup, ops: Op[], trace: boolean): unknown[] {
  const node = new NetfilterNode({ name: 'fw', ifaces: [{ name: 'eth0', addr: 0x0a6301fe }, { name: 'eth1', addr: 0x0a6303fe }] });
  expect(node.setRules('').ok).toBe(true);
  const pkt = (fromA: boolean, flags: number, seq: number, ack: number, len: number, win: number, wscale = -1) =>
    makePacket({
      proto: IPPROTO_TCP, src: fromA ? A : B, dst: fromA ? B : A, sport: fromA ? 40000 : 80, dport: fromA ? 80 : 40000,
      flags, seq: seq | 0, ack: ack | 0, payloadLen: len, win, wscale, iif: fromA ? 'eth0' : 'eth1', oif: fromA ? 'eth1' : 'eth0',
    });
  let now = 0;
  let nextA = (setup.isnA + 1) | 0;
  let nextB = (setup.isnB + 1) | 0;
  node.forward(pkt(true, TCP_SYN, setup.isnA, 0, 0, setup.winA, setup.wsA), now, trace);
  node.forward(pkt(false, TCP_SYN | TCP_ACK, setup.isnB, nextA, 0, setup.winB, setup.wsB), now, trace);
  node.forward(pkt(true, TCP_ACK, nextA, nextB, 0, setup.winA), now, trace);
  const out: unknown[] = [];
  let last = pkt(true, TCP_ACK, nextA, nextB, 0, setup.winA);
  for (const op of ops) {
    now += op.wait;
    if (!op.repeat) {
      let seq = ((op.fromA ? nextA : nextB) + op.seqOff) | 0;
      let ack = ((op.fromA ? nextB : nextA) + op.ackOff) | 0;
      const ct = node.conntrack.table.entries()[0] ?? null;
      if (op.edge !== 0 && ct !== null) {
        const o = op.fromA;
        const [sEnd, sMaxend, sMaxwin] = o ? [ct.oTdEnd, ct.oTdMaxend, ct.oTdMaxwin] : [ct.rTdEnd, ct.rTdMaxend, ct.rTdMaxwin];
        const [rEnd, rMaxwin] = o ? [ct.rTdEnd, ct.rTdMaxwin] : [ct.oTdEnd, ct.oTdMaxwin];
        if (op.edge === 1) seq = (sMaxend + op.delta) | 0;
        else if (op.edge === 2) seq = (sEnd - rMaxwin - 1 + op.delta - op.len) | 0;
        else if (op.edge === 3) ack = (rEnd + op.delta) | 0;
        else ack = (rEnd - Math.max(sMaxwin, 66000) - 1 + op.delta) | 0;
      }
      last = pkt(op.fromA, op.flags, seq, ack, op.len, op.win);
      if (op.fromA) nextA = (seq + op.len) | 0;
      else nextB = (seq + op.len) | 0;
    }
    const v = node.forward({ ...last }, now, trace);
    out.push(`${v.state} ${v.verdict}`);
    for (const ct of node.conntrack.table.entries()) out.push(snapshot(ct));
  }
  return out;
}

describe('tcpPacket fast path', () => {
  it('leaves the same entries as the general path (traced vs untraced, field by field)', () => {
    fc.assert(
      fc.property(setupArb, fc.array(opArb, { maxLength: 80 }), (setup, ops) => {
        expect(run(setup, ops, false)).toEqual(run(setup, ops, true));
      }),
      { numRuns: 1000 },
    );
  });
});
