/**
 * The conntrack hash table (the kernel's `net->ct.hash` with its hlist_nulls chains).
 *
 * Each confirmed entry is reachable from both of its tuples: the original tuple's hash chain
 * (linked through `Conn.nextO`) and the reply tuple's (through `Conn.nextR`). Two bucket arrays
 * keep the two kinds of chain apart, so walking a chain never needs to ask which link it came
 * by. Keys are numeric hashes of the 5-tuple: no strings, no allocation on lookup.
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
  private bucketsO: (Conn | null)[];
  private bucketsR: (Conn | null)[];
  private mask: number;
  /** Number of confirmed entries in the table. */
  count = 0;
  /** Oldest and newest entries of the creation-order list. */
  head: Conn | null = null;
  tail: Conn | null = null;
  private nextId = 1;
  /** Direction in which the last successful `find` matched (no allocation for a pair). */
  foundDir: Dir = 0;

  constructor(initialBuckets = 256) {
    let size = 16;
    while (size < initialBuckets) size <<= 1;
    this.mask = size - 1;
    this.bucketsO = new Array<Conn | null>(size).fill(null);
    this.bucketsR = new Array<Conn | null>(size).fill(null);
  }

  /** A fresh id for a new entry (shown as `id=` by conntrack -o id; used by the UI). */
  allocId(): number {
    return this.nextId++;
  }

  /**
   * Finds the entry one of whose tuples equals (src, dst, sport, dport, proto)
   * (__nf_conntrack_find). Sets `foundDir` to the matching tuple's direction.
   * Does not look at expiry: the core decides what an expired entry means.
   */
  find(src: number, dst: number, sport: number, dport: number, proto: number): Conn | null {
    const b = hashTuple(src, dst, sport, dport, proto) & this.mask;
    for (let ct = this.bucketsO[b]; ct !== null; ct = ct.nextO) {
      if (ct.oSrc === src && ct.oDst === dst && ct.oSport === sport && ct.oDport === dport && ct.proto === proto) {
        this.foundDir = 0;
        return ct;
      }
    }
    for (let ct = this.bucketsR[b]; ct !== null; ct = ct.nextR) {
      if (ct.rSrc === src && ct.rDst === dst && ct.rSport === sport && ct.rDport === dport && ct.proto === proto) {
        this.foundDir = 1;
        return ct;
      }
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

  /** Links a confirmed entry into both chains and the list (__nf_conntrack_hash_insert). */
  insert(ct: Conn): void {
    if (this.count >= this.bucketsO.length) this.grow();
    const bo = hashTuple(ct.oSrc, ct.oDst, ct.oSport, ct.oDport, ct.proto) & this.mask;
    const br = hashTuple(ct.rSrc, ct.rDst, ct.rSport, ct.rDport, ct.proto) & this.mask;
    ct.nextO = this.bucketsO[bo];
    this.bucketsO[bo] = ct;
    ct.nextR = this.bucketsR[br];
    this.bucketsR[br] = ct;
    ct.prev = this.tail;
    ct.next = null;
    if (this.tail) this.tail.next = ct;
    else this.head = ct;
    this.tail = ct;
    this.count++;
  }

  /** Unlinks an entry (clean_from_lists). Returns false if it was not in the table. */
  remove(ct: Conn): boolean {
    const bo = hashTuple(ct.oSrc, ct.oDst, ct.oSport, ct.oDport, ct.proto) & this.mask;
    let found = false;
    let prev: Conn | null = null;
    for (let c = this.bucketsO[bo]; c !== null; prev = c, c = c.nextO) {
      if (c === ct) {
        if (prev) prev.nextO = c.nextO;
        else this.bucketsO[bo] = c.nextO;
        found = true;
        break;
      }
    }
    if (!found) return false;
    const br = hashTuple(ct.rSrc, ct.rDst, ct.rSport, ct.rDport, ct.proto) & this.mask;
    prev = null;
    for (let c = this.bucketsR[br]; c !== null; prev = c, c = c.nextR) {
      if (c === ct) {
        if (prev) prev.nextR = c.nextR;
        else this.bucketsR[br] = c.nextR;
        break;
      }
    }
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
    this.bucketsO.fill(null);
    this.bucketsR.fill(null);
    this.head = this.tail = null;
    this.count = 0;
  }

  private grow(): void {
    const all = this.entries();
    const size = this.bucketsO.length * 2;
    this.mask = size - 1;
    this.bucketsO = new Array<Conn | null>(size).fill(null);
    this.bucketsR = new Array<Conn | null>(size).fill(null);
    this.head = this.tail = null;
    this.count = 0;
    for (const ct of all) this.insert(ct);
  }
}
