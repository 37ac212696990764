/**
 * Expectations (the kernel's nf_conntrack_expect): a helper, having read a control connection,
 * announces a connection that is about to come (e.g. FTP's data connection). The first packet
 * whose tuple matches an expectation's tuple under its mask creates an entry with
 * IPS_EXPECTED, master = the control connection, and state RELATED.
 */
import type { Conn } from './conn';

export interface Expectation {
  // tuple of the expected connection's original direction
  src: number;
  dst: number;
  sport: number;
  dport: number;
  proto: number;
  // masks: a 0 bit matches anything (FTP leaves the source port open)
  maskSrc: number;
  maskDst: number;
  maskSport: number;
  maskDport: number;
  master: Conn;
  /** Name of the helper that made it ('ftp'). */
  helper: string;
  /** Expectation class (FTP: 0). */
  cls: number;
  /** Absolute expiry, ms. */
  timeout: number;
  id: number;
}

/** Does the tuple match the expectation (under its mask), which has not timed out by `now`? */
export function expectMatches(e: Expectation, src: number, dst: number, sport: number, dport: number, proto: number, now: number): boolean {
  return (
    e.timeout > now &&
    e.proto === proto &&
    ((src ^ e.src) & e.maskSrc) === 0 &&
    ((dst ^ e.dst) & e.maskDst) === 0 &&
    ((sport ^ e.sport) & e.maskSport) === 0 &&
    ((dport ^ e.dport) & e.maskDport) === 0
  );
}

/** The table of pending expectations (net->ct.expect_hash), small: a plain list. */
export class ExpectTable {
  list: Expectation[] = [];
  private nextId = 1;

  allocId(): number {
    return this.nextId++;
  }

  /** Finds (and, as nf_ct_find_expectation does for non-permanent ones, unlinks) a match. */
  take(src: number, dst: number, sport: number, dport: number, proto: number, now: number): Expectation | null {
    for (let i = 0; i < this.list.length; i++) {
      const e = this.list[i];
      if (e.timeout <= now) continue;
      if (
        e.proto === proto &&
        ((src ^ e.src) & e.maskSrc) === 0 &&
        ((dst ^ e.dst) & e.maskDst) === 0 &&
        ((sport ^ e.sport) & e.maskSport) === 0 &&
        ((dport ^ e.dport) & e.maskDport) === 0
      ) {
        this.list.splice(i, 1);
        if (e.master.ext) e.master.ext.expecting--;
        return e;
      }
    }
    return null;
  }

  add(e: Expectation): void {
    this.list.push(e);
    if (e.master.ext) e.master.ext.expecting++;
  }

  /** Removes every expectation `master` owns (nf_ct_remove_expectations). */
  removeFor(master: Conn): Expectation[] {
    const gone = this.list.filter((e) => e.master === master);
    if (gone.length) {
      this.list = this.list.filter((e) => e.master !== master);
      if (master.ext) master.ext.expecting = 0;
    }
    return gone;
  }

  /** Drops expired expectations; returns them. */
  expire(now: number): Expectation[] {
    const gone = this.list.filter((e) => e.timeout <= now);
    if (gone.length) {
      this.list = this.list.filter((e) => e.timeout > now);
      for (const e of gone) if (e.master.ext) e.master.ext.expecting--;
    }
    return gone;
  }
}
