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

/** The tuple and masks of an expectation (what a helper passes to nf_ct_expect_related). */
export type ExpectTuple = Pick<Expectation, 'src' | 'dst' | 'sport' | 'dport' | 'proto' | 'maskSrc' | 'maskDst' | 'maskSport' | 'maskDport' | 'cls'>;

/** expect_matches: the same class, tuple and masks (the caller compares the masters). */
function expectEqual(a: ExpectTuple, b: ExpectTuple): boolean {
  return (
    a.cls === b.cls && a.proto === b.proto && a.src === b.src && a.dst === b.dst && a.sport === b.sport &&
    a.dport === b.dport && a.maskSrc === b.maskSrc && a.maskDst === b.maskDst && a.maskSport === b.maskSport &&
    a.maskDport === b.maskDport
  );
}

/**
 * expect_clash: the destination (address, port, protocol) equal and the source equal under the
 * intersection of both source masks, i.e. some connection would match both.
 */
function expectClash(a: ExpectTuple, b: ExpectTuple): boolean {
  return (
    a.proto === b.proto &&
    a.dst === b.dst &&
    a.dport === b.dport &&
    ((a.src ^ b.src) & a.maskSrc & b.maskSrc) === 0 &&
    ((a.sport ^ b.sport) & a.maskSport & b.maskSport) === 0
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

  /**
   * The loop of __nf_ct_expect_check over the pending expectations (newest first, as the hash
   * chain holds them) for a new expectation `e` of `master`: an identical one of the same
   * master (expect_matches: same tuple and masks) is to be replaced and ends the loop; any other
   * one that clashes with it (expect_clash) refuses it (-EBUSY). Expired ones are already gone
   * in the kernel (their timer removed them) and are skipped.
   */
  check(e: ExpectTuple, master: Conn, now: number): { same: Expectation | null; clash: Expectation | null } {
    for (let i = this.list.length - 1; i >= 0; i--) {
      const x = this.list[i];
      if (x.timeout <= now) continue;
      if (x.master === master && expectEqual(x, e)) return { same: x, clash: null };
      if (expectClash(x, e)) return { same: null, clash: x };
    }
    return { same: null, clash: null };
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
