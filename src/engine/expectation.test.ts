/** __nf_ct_expect_check's loop (ExpectTable.check): replace, clash or neither. */
import { describe, expect, it } from 'vitest';
import { Conn } from './conn';
import { ExpectTable, type Expectation, type ExpectTuple } from './expectation';

const A = 0x0a630101;
const A2 = 0x0a630009;
const B = 0x0a630301;
const ftp = (src: number, dport: number): ExpectTuple => ({
  src, dst: B, sport: 0, dport, proto: 6, maskSrc: -1, maskDst: -1, maskSport: 0, maskDport: 0xffff, cls: 0,
});

function table(...owned: [ExpectTuple, Conn, number?][]): ExpectTable {
  const t = new ExpectTable();
  for (const [e, master, timeout] of owned) {
    const x: Expectation = { ...e, master, helper: 'ftp', id: t.allocId(), timeout: timeout ?? 300_000 };
    t.add(x);
  }
  return t;
}

describe('expectation check (expect_matches / expect_clash)', () => {
  const m1 = new Conn();
  const m2 = new Conn();
  it('an identical expectation of the same master is to be replaced', () => {
    const t = table([ftp(A, 50000), m1]);
    expect(t.check(ftp(A, 50000), m1, 0)).toEqual({ same: t.list[0], clash: null });
  });
  it('the same expectation of another master clashes (EBUSY)', () => {
    const t = table([ftp(A, 50000), m1]);
    expect(t.check(ftp(A, 50000), m2, 0)).toEqual({ same: null, clash: t.list[0] });
  });
  it('another source address or port does not clash; an open source (mask 0) does', () => {
    const t = table([ftp(A, 50000), m1]);
    expect(t.check(ftp(A2, 50000), m2, 0)).toEqual({ same: null, clash: null });
    expect(t.check(ftp(A, 50001), m2, 0)).toEqual({ same: null, clash: null });
    expect(t.check({ ...ftp(A2, 50000), maskSrc: 0 }, m2, 0)).toEqual({ same: null, clash: t.list[0] });
  });
  it('an expired expectation (gone in the kernel) neither clashes nor is replaced', () => {
    const t = table([ftp(A, 50000), m1, 1000]);
    expect(t.check(ftp(A, 50000), m2, 1000)).toEqual({ same: null, clash: null });
  });
});
