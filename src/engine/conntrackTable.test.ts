import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Conn } from './conn';
import { ConntrackTable } from './conntrackTable';

function conn(src: number, dst: number, sport: number, dport: number, proto = 6): Conn {
  const ct = new Conn();
  ct.oSrc = src;
  ct.oDst = dst;
  ct.oSport = sport;
  ct.oDport = dport;
  ct.rSrc = dst;
  ct.rDst = src;
  ct.rSport = dport;
  ct.rDport = sport;
  ct.proto = proto;
  return ct;
}

describe('ConntrackTable', () => {
  it('finds an entry from its original tuple and from its reply tuple, with the direction', () => {
    const t = new ConntrackTable();
    const ct = conn(1, 2, 1000, 80);
    t.insert(ct);
    expect(t.find(1, 2, 1000, 80, 6)).toBe(ct);
    expect(t.foundDir).toBe(0);
    expect(t.find(2, 1, 80, 1000, 6)).toBe(ct);
    expect(t.foundDir).toBe(1);
    expect(t.find(2, 1, 80, 1000, 17)).toBeNull();
    expect(t.find(1, 2, 1001, 80, 6)).toBeNull();
  });

  it('forgets the last entry found once it is removed or the table is cleared', () => {
    const t = new ConntrackTable();
    const a = conn(1, 2, 1000, 80);
    t.insert(a);
    expect(t.find(2, 1, 80, 1000, 6)).toBe(a);
    t.remove(a);
    expect(t.find(2, 1, 80, 1000, 6)).toBeNull();
    expect(t.find(1, 2, 1000, 80, 6)).toBeNull();
    const b = conn(1, 2, 1000, 80);
    t.insert(b);
    expect(t.find(1, 2, 1000, 80, 6)).toBe(b);
    expect(t.foundDir).toBe(0);
    t.clear();
    expect(t.find(1, 2, 1000, 80, 6)).toBeNull();
  });

  it('removes an entry from both chains and the list', () => {
    const t = new ConntrackTable();
    const a = conn(1, 2, 1000, 80);
    const b = conn(1, 2, 1001, 80);
    t.insert(a);
    t.insert(b);
    expect(t.remove(a)).toBe(true);
    expect(t.remove(a)).toBe(false);
    expect(t.find(1, 2, 1000, 80, 6)).toBeNull();
    expect(t.find(2, 1, 80, 1000, 6)).toBeNull();
    expect(t.find(2, 1, 80, 1001, 6)).toBe(b);
    expect(t.entries()).toEqual([b]);
    expect(t.count).toBe(1);
  });

  it('reports a clash when a tuple is already taken', () => {
    const t = new ConntrackTable();
    t.insert(conn(1, 2, 1000, 80));
    expect(t.clashes(conn(2, 1, 80, 1000))).toBe(true);
    expect(t.clashes(conn(3, 1, 80, 1000))).toBe(false);
  });

  it('property: every live entry is found from both of its tuples, across growth and removals', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(fc.integer(), fc.integer(), fc.nat(65535), fc.nat(65535)), {
          maxLength: 400,
          selector: ([s, d, sp, dp]) => `${s}|${d}|${sp}|${dp}`,
        }),
        fc.array(fc.nat(), { maxLength: 100 }),
        (tuples, removals) => {
          const t = new ConntrackTable(16);
          const live = new Set<Conn>();
          for (const [s, d, sp, dp] of tuples) {
            const ct = conn(s | 0, (d | 0) ^ 0x55aa, sp, dp);
            if (t.clashes(ct)) continue;
            t.insert(ct);
            live.add(ct);
          }
          const all = [...live];
          for (const r of removals) {
            if (!all.length) break;
            const ct = all[r % all.length];
            if (live.delete(ct)) t.remove(ct);
          }
          expect(t.count).toBe(live.size);
          for (const ct of live) {
            expect(t.find(ct.oSrc, ct.oDst, ct.oSport, ct.oDport, ct.proto)).toBe(ct);
            expect(t.find(ct.rSrc, ct.rDst, ct.rSport, ct.rDport, ct.proto)).toBe(ct);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('ConntrackTable.earliestTimeout', () => {
  it('always equals a scan of the entries, through inserts, refreshes and removals', () => {
    const op = fc.oneof(
      fc.record({ k: fc.constant('insert' as const), t: fc.integer({ min: 0, max: 1000 }) }),
      fc.record({ k: fc.constant('refresh' as const), i: fc.nat(), t: fc.integer({ min: 0, max: 1000 }) }),
      fc.record({ k: fc.constant('remove' as const), i: fc.nat() }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const table = new ConntrackTable(16);
        let port = 1;
        for (const [n, o] of ops.entries()) {
          const live = table.entries();
          if (o.k === 'insert') {
            const ct = conn(1, 2, port++, 80);
            ct.timeout = o.t;
            table.insert(ct);
          } else if (live.length > 0) {
            const ct = live[o.i % live.length];
            if (o.k === 'refresh') {
              ct.timeout = o.t;
              table.noteTimeout(ct.slot, o.t);
            } else {
              table.remove(ct);
            }
          }
          if (n % 3 === 2) continue; // several changes between some queries
          const scan = Math.min(Infinity, ...table.entries().map((c) => c.timeout));
          expect(table.earliestTimeout()).toBe(scan);
        }
      }),
      { numRuns: 300 },
    );
  });
});
