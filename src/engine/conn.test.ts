/**
 * The record layout of conn.ts: every accessor of Conn reads and writes the index its F_* / D_*
 * constant names (the accessors, the table and the fast path write those indices as literals).
 */
import { describe, expect, it } from 'vitest';
import * as layout from './conn';
import { Conn, REC_F64, REC_I32 } from './conn';
import { ConntrackTable } from './conntrackTable';

const I32_FIELDS: Record<string, number> = {
  proto: layout.F_PROTO, oSrc: layout.F_OSRC, oDst: layout.F_ODST, oSport: layout.F_OSPORT, oDport: layout.F_ODPORT,
  rSrc: layout.F_RSRC, rDst: layout.F_RDST, rSport: layout.F_RSPORT, rDport: layout.F_RDPORT, status: layout.F_STATUS,
  tcpState: layout.F_TCP_STATE, tcpRetrans: layout.F_TCP_RETRANS, tcpLastDir: layout.F_TCP_LAST_DIR,
  tcpLastIndex: layout.F_TCP_LAST_INDEX, tcpLastSeq: layout.F_TCP_LAST_SEQ, tcpLastAck: layout.F_TCP_LAST_ACK,
  tcpLastEnd: layout.F_TCP_LAST_END, tcpLastWin: layout.F_TCP_LAST_WIN, tcpLastWscale: layout.F_TCP_LAST_WSCALE,
  tcpLastFlags: layout.F_TCP_LAST_FLAGS, oTdEnd: layout.F_O_END, oTdMaxend: layout.F_O_MAXEND,
  oTdMaxwin: layout.F_O_MAXWIN, oTdScale: layout.F_O_SCALE, oTdFlags: layout.F_O_FLAGS, oTdMaxack: layout.F_O_MAXACK,
  rTdEnd: layout.F_R_END, rTdMaxend: layout.F_R_MAXEND, rTdMaxwin: layout.F_R_MAXWIN, rTdScale: layout.F_R_SCALE,
  rTdFlags: layout.F_R_FLAGS, rTdMaxack: layout.F_R_MAXACK, mark: layout.F_MARK,
};
const F64_FIELDS: Record<string, number> = { timeout: layout.D_TIMEOUT, udpStreamTs: layout.D_UDP_STREAM_TS };

describe('Conn record layout', () => {
  it('gives every int32 field its own index below REC_I32, and the accessors use it', () => {
    const all = Object.entries(layout).filter(([k]) => k.startsWith('F_')).map(([, v]) => v as number);
    expect(new Set(all).size).toBe(all.length);
    expect(Math.max(...all)).toBe(REC_I32 - 1);
    const ct = new Conn() as unknown as Record<string, number> & Conn;
    for (const [name, index] of Object.entries(I32_FIELDS)) {
      ct.h[ct.b + index] = 1000 + index;
      expect(ct[name], name).toBe(1000 + index);
      ct[name] = 7;
      expect(ct.h[ct.b + index], name).toBe(7);
    }
  });

  it('keeps the float64 fields at their D_ indices', () => {
    const ct = new Conn() as unknown as Record<string, number> & Conn;
    for (const [name, index] of Object.entries(F64_FIELDS)) {
      expect(index).toBeLessThan(REC_F64);
      ct[name] = 1e12 + index;
      expect(ct.d[ct.db + index], name).toBe(1e12 + index);
    }
  });

  it('keeps its values when it enters and leaves a table, and the max windows stay unsigned', () => {
    const table = new ConntrackTable();
    const ct = new Conn();
    ct.proto = 6;
    ct.oSrc = ct.rDst = 0x0a000001;
    ct.oDst = ct.rSrc = 0x0a000002;
    ct.oSport = ct.rDport = 1234;
    ct.oDport = ct.rSport = 80;
    ct.oTdMaxwin = 0xfffffff0;
    ct.timeout = 5000;
    table.insert(ct);
    expect(ct.slot).toBeGreaterThanOrEqual(0);
    expect(ct.h).toBe(table.i32);
    expect(table.find(0x0a000002, 0x0a000001, 80, 1234, 6)).toBe(ct);
    expect(table.foundDir).toBe(1);
    ct.rTdMaxwin = 3;
    expect(table.remove(ct)).toBe(true);
    expect(ct.slot).toBe(-1);
    expect(ct.h).not.toBe(table.i32);
    expect([ct.oTdMaxwin, ct.rTdMaxwin, ct.timeout, ct.oSport]).toEqual([0xfffffff0, 3, 5000, 1234]);
    expect(table.find(0x0a000001, 0x0a000002, 1234, 80, 6)).toBeNull();
  });

  it('moves every entry when the slots grow, and reuses freed slots', () => {
    const table = new ConntrackTable(16);
    const conns: Conn[] = [];
    for (let i = 0; i < 200; i++) {
      const ct = new Conn();
      ct.proto = 17;
      ct.oSrc = ct.rDst = i;
      ct.oDst = ct.rSrc = -i - 1;
      ct.oSport = ct.rDport = 53;
      ct.oDport = ct.rSport = 53;
      ct.id = i;
      table.insert(ct);
      conns.push(ct);
    }
    for (const ct of conns) expect(table.find(ct.rSrc, ct.rDst, 53, 53, 17)).toBe(ct);
    expect(conns.every((ct) => ct.h === table.i32)).toBe(true);
    const freed = conns[10].slot;
    table.remove(conns[10]);
    const again = new Conn();
    again.proto = 1;
    table.insert(again);
    expect(again.slot).toBe(freed);
    expect(table.entries().map((c) => c.id)).toEqual([...conns.filter((_, i) => i !== 10).map((c) => c.id), 0]);
  });
});
