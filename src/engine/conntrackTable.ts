/**
 * The conntrack hash table (the kernel's `net->ct.hash` with its hlist_nulls chains).
 *
 * Each confirmed entry is reachable from both of its tuples: the original tuple's hash chain
 * (linked through `Conn.nextO`) and the reply tuple's (through `Conn.nextR`), in one bucket
 * array. Keys are numeric hashes of the 5-tuple: no strings, no allocation on lookup.
 * Entries are also on one doubly linked list in creation order, for gc, iteration and printing.
 */
import { Conn } from './conn';
import type { Dir } from './ctinfo';

/** A 5-tuple hash (the kernel uses jhash with a random seed; ours is a fixed integer mix). */
export function hashTuple(src: number, dst: number, sport: number, dport: number, proto: number): number {
  let h = Math.imul(src ^ 0x9e3779b9, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13) ^ dst, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16) ^ ((sport << 16) | dport), 0x27d4eb2f);
  h = Math.imul(h ^ (h >>> 15) ^ proto, 0x165667b1);
  return (h ^ (h >>> 16)) | 0;
}

export class ConntrackTable {
  private buckets: (Conn | null)[];
  private mask: number;
  /** Number of confirmed entries in the table. */
  count = 0;
  /** Oldest and newest entries of the creation-order list. */
  head: Conn | null = null;
  tail: Conn | null = null;
  private nextId = 1;
  /** Direction in which the last successful `find` matched (no allocation for a pair). */
  foundDir: Dir = 0;
  /**
   * The entry the last successful `find` returned: a one-entry cache in front of the buckets,
   * since a packet's answer (data, then its ACK) usually comes next. No two entries share a
   * tuple (confirm checks clashes), so a hit here is what the chain walk would find; `remove`
   * and `clear` forget it.
   */
  private last: Conn | null = null;

  constructor(initialBuckets = 256) {
    let size = 16;
    while (size < initialBuckets) size <<= 1;
    this.mask = size - 1;
    this.buckets = new Array<Conn | null>(size).fill(null);
  }

  /** A fresh id for a new entry (shown as `id=` by conntrack -o id; used by the UI). */
  allocId(): number {
    return this.nextId++;
  }

  private bucketO(ct: Conn): number {
    return hashTuple(ct.oSrc, ct.oDst, ct.oSport, ct.oDport, ct.proto) & this.mask;
  }

  private bucketR(ct: Conn): number {
    return hashTuple(ct.rSrc, ct.rDst, ct.rSport, ct.rDport, ct.proto) & this.mask;
  }

  /**
   * Finds the entry one of whose tuples equals (src, dst, sport, dport, proto)
   * (__nf_conntrack_find). Sets `foundDir` to the matching tuple's direction.
   * Does not look at expiry: the core decides what an expired entry means.
   *
   * One chain per bucket holds both kinds of membership, as the kernel's single table does:
   * an entry is linked into its original tuple's bucket by `nextO` and, when that is another
   * bucket, into its reply tuple's bucket by `nextR`. Every entry met is compared with both of
   * its tuples, so one probe finds a packet of either direction.
   */
  find(src: number, dst: number, sport: number, dport: number, proto: number): Conn | null {
    const l = this.last;
    if (l !== null && l.proto === proto) {
      if (l.oSrc === src && l.oDst === dst && l.oSport === sport && l.oDport === dport) {
        this.foundDir = 0;
        return l;
      }
      if (l.rSrc === src && l.rDst === dst && l.rSport === sport && l.rDport === dport) {
        this.foundDir = 1;
        return l;
      }
    }
    const b = hashTuple(src, dst, sport, dport, proto) & this.mask;
    let ct = this.buckets[b];
    while (ct !== null) {
      if (ct.proto === proto) {
        if (ct.oSrc === src && ct.oDst === dst && ct.oSport === sport && ct.oDport === dport) {
          this.foundDir = 0;
          this.last = ct;
          return ct;
        }
        if (ct.rSrc === src && ct.rDst === dst && ct.rSport === sport && ct.rDport === dport) {
          this.foundDir = 1;
          this.last = ct;
          return ct;
        }
      }
      ct = this.bucketO(ct) === b ? ct.nextO : ct.nextR;
    }
    return null;
  }

  /** True when either tuple of `ct` is already taken by another entry (the clash check of confirm). */
  clashes(ct: Conn): boolean {
    const a = this.find(ct.oSrc, ct.oDst, ct.oSport, ct.oDport, ct.proto);
    if (a !== null && a !== ct) return true;
    const b = this.find(ct.rSrc, ct.rDst, ct.rSport, ct.rDport, ct.proto);
    return b !== null && b !== ct;
  }

  /** Links a confirmed entry into its chains and the list (__nf_conntrack_hash_insert). */
  insert(ct: Conn): void {
    if (this.count * 2 >= this.buckets.length) this.grow();
    this.link(ct);
    ct.prev = this.tail;
    ct.next = null;
    if (this.tail) this.tail.next = ct;
    else this.head = ct;
    this.tail = ct;
    this.count++;
  }

  private link(ct: Conn): void {
    const bo = this.bucketO(ct);
    const br = this.bucketR(ct);
    ct.nextO = this.buckets[bo];
    this.buckets[bo] = ct;
    if (br !== bo) {
      ct.nextR = this.buckets[br];
      this.buckets[br] = ct;
    } else {
      ct.nextR = null;
    }
  }

  /** Takes `ct` out of bucket `b`'s chain. */
  private unlink(ct: Conn, b: number): boolean {
    let prev: Conn | null = null;
    for (let c = this.buckets[b]; c !== null; ) {
      const viaO = this.bucketO(c) === b;
      const next = viaO ? c.nextO : c.nextR;
      if (c === ct) {
        if (prev === null) this.buckets[b] = next;
        else if (this.bucketO(prev) === b) prev.nextO = next;
        else prev.nextR = next;
        return true;
      }
      prev = c;
      c = next;
    }
    return false;
  }

  /** Unlinks an entry (clean_from_lists). Returns false if it was not in the table. */
  remove(ct: Conn): boolean {
    const bo = this.bucketO(ct);
    if (!this.unlink(ct, bo)) return false;
    if (this.last === ct) this.last = null;
    const br = this.bucketR(ct);
    if (br !== bo) this.unlink(ct, br);
    if (ct.prev) ct.prev.next = ct.next;
    else this.head = ct.next;
    if (ct.next) ct.next.prev = ct.prev;
    else this.tail = ct.prev;
    ct.prev = ct.next = ct.nextO = ct.nextR = null;
    this.count--;
    return true;
  }

  /** Entries in creation order (a snapshot, safe to remove from while iterating). */
  entries(): Conn[] {
    const out: Conn[] = [];
    for (let ct = this.head; ct !== null; ct = ct.next) out.push(ct);
    return out;
  }

  clear(): void {
    this.last = null;
    this.buckets.fill(null);
    this.head = this.tail = null;
    this.count = 0;
  }

  private grow(): void {
    const size = this.buckets.length * 2;
    this.mask = size - 1;
    this.buckets = new Array<Conn | null>(size).fill(null);
    for (let ct = this.head; ct !== null; ct = ct.next) this.link(ct);
  }
}
