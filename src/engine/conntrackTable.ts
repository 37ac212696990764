/**
 * The conntrack hash table (the kernel's `net->ct.hash` with its hlist_nulls chains).
 *
 * Entries live in slots: slot `s` holds its numbers at `i32[s * REC_I32 ...]` and
 * `f64[s * REC_F64 ...]` (conn.ts) and its Conn object at `conns[s]`. Each entry is reachable
 * from both of its tuples: the original tuple's hash chain (linked through F_NEXTO) and the
 * reply tuple's (through F_NEXTR), in one bucket array of slot numbers. Keys are numeric hashes
 * of the 5-tuple: no strings, no allocation, and no Conn object touched on lookup. Entries are
 * also on one doubly linked list of slots in creation order (F_PREV / F_NEXT), for gc,
 * iteration and printing. A freed slot is reused by the next entry (the kernel's slab does the
 * same with its objects).
 *
 * Record indices are written as numbers with the name of conn.ts's constant beside them: V8
 * reads an imported constant from the module context at every use, which costs more than the
 * lookup itself; a literal is free. conn.test.ts and the table tests check the layout.
 */
import { Conn, copyRecord } from './conn';
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
  /** The slots' int32 records (conn.ts F_*). Replaced when the table grows: read it afresh. */
  i32: Int32Array;
  /** The slots' float64 records (conn.ts D_*). */
  f64: Float64Array;
  /** The Conn of each slot (null when free). */
  readonly conns: (Conn | null)[];
  private buckets: Int32Array;
  private mask: number;
  /** Number of confirmed entries in the table. */
  count = 0;
  /** Oldest and newest slots of the creation-order list (-1, as everywhere here, for none). */
  private head = -1;
  private tail = -1;
  /** Slots never used yet start here; freed slots form a list through F_NEXT. */
  private unused = 0;
  private freeList = -1;
  private nextId = 1;
  /** Direction in which the last successful `find` matched (no allocation for a pair). */
  foundDir: Dir = 0;
  /**
   * The slot the last successful lookup returned: a one-entry cache in front of the buckets,
   * since a packet's answer (data, then its ACK) usually comes next. No two entries share a
   * tuple (confirm checks clashes), so a hit here is what the chain walk would find; `remove`
   * and `clear` forget it.
   */
  private last = -1;
  /**
   * The earliest expiry and its slot, kept exact without a scan while it can be: a new or
   * refreshed timeout below it becomes the minimum; only when the earliest entry itself is
   * refreshed later or removed is the table scanned again (on the next query). The simulation
   * asks for it at every step, so a flood's thousands of entries cost no scan per packet.
   */
  private minT = Infinity;
  private minSlot = -1;
  private minExact = true;

  constructor(initialSlots = 64) {
    let size = 16;
    while (size < initialSlots) size <<= 1;
    this.i32 = new Int32Array(size * 38 /* REC_I32 */);
    this.f64 = new Float64Array(size * 2 /* REC_F64 */);
    this.conns = new Array<Conn | null>(size).fill(null);
    let buckets = 16;
    while (buckets < size * 2) buckets <<= 1;
    this.mask = buckets - 1;
    this.buckets = new Int32Array(buckets).fill(-1);
  }

  /** A fresh id for a new entry (shown as `id=` by conntrack -o id; used by the UI). */
  allocId(): number {
    return this.nextId++;
  }

  private bucketO(s: number): number {
    const h = this.i32;
    const b = s * 38 /* REC_I32 */;
    return hashTuple(h[b + 1 /* F_OSRC */], h[b + 2 /* F_ODST */], h[b + 3 /* F_OSPORT */], h[b + 4 /* F_ODPORT */], h[b + 0 /* F_PROTO */]) & this.mask;
  }

  private bucketR(s: number): number {
    const h = this.i32;
    const b = s * 38 /* REC_I32 */;
    return hashTuple(h[b + 5 /* F_RSRC */], h[b + 6 /* F_RDST */], h[b + 7 /* F_RSPORT */], h[b + 8 /* F_RDPORT */], h[b + 0 /* F_PROTO */]) & this.mask;
  }

  /**
   * The slot of the entry one of whose tuples equals (src, dst, sport, dport, proto), or -1
   * (__nf_conntrack_find). Sets `foundDir` to the matching tuple's direction. Does not look at
   * expiry: the core decides what an expired entry means.
   *
   * One chain per bucket holds both kinds of membership, as the kernel's single table does:
   * an entry is linked into its original tuple's bucket by F_NEXTO and, when that is another
   * bucket, into its reply tuple's bucket by F_NEXTR. Every entry met is compared with both of
   * its tuples, so one probe finds a packet of either direction.
   * Addresses must be int32 (as makePacket leaves them); `find` takes any.
   */
  findSlot(src: number, dst: number, sport: number, dport: number, proto: number): number {
    const h = this.i32;
    const l = this.last;
    if (l !== -1) {
      const b = l * 38 /* REC_I32 */;
      if (h[b + 0 /* F_PROTO */] === proto) {
        if (h[b + 1 /* F_OSRC */] === src && h[b + 2 /* F_ODST */] === dst && h[b + 3 /* F_OSPORT */] === sport && h[b + 4 /* F_ODPORT */] === dport) {
          this.foundDir = 0;
          return l;
        }
        if (h[b + 5 /* F_RSRC */] === src && h[b + 6 /* F_RDST */] === dst && h[b + 7 /* F_RSPORT */] === sport && h[b + 8 /* F_RDPORT */] === dport) {
          this.foundDir = 1;
          return l;
        }
      }
    }
    const bucket = hashTuple(src, dst, sport, dport, proto) & this.mask;
    let s = this.buckets[bucket];
    while (s !== -1) {
      const b = s * 38 /* REC_I32 */;
      if (h[b + 0 /* F_PROTO */] === proto) {
        if (h[b + 1 /* F_OSRC */] === src && h[b + 2 /* F_ODST */] === dst && h[b + 3 /* F_OSPORT */] === sport && h[b + 4 /* F_ODPORT */] === dport) {
          this.foundDir = 0;
          this.last = s;
          return s;
        }
        if (h[b + 5 /* F_RSRC */] === src && h[b + 6 /* F_RDST */] === dst && h[b + 7 /* F_RSPORT */] === sport && h[b + 8 /* F_RDPORT */] === dport) {
          this.foundDir = 1;
          this.last = s;
          return s;
        }
      }
      s = this.bucketO(s) === bucket ? h[b + 9 /* F_NEXTO */] : h[b + 10 /* F_NEXTR */];
    }
    return -1;
  }

  /** The entry one of whose tuples equals the given one (see `findSlot`), or null. */
  find(src: number, dst: number, sport: number, dport: number, proto: number): Conn | null {
    const s = this.findSlot(src | 0, dst | 0, sport, dport, proto);
    return s === -1 ? null : this.conns[s];
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
    if (ct.slot !== -1) return;
    const s = this.allocSlot();
    // The record moves into the slot; the Conn now reads and writes it there.
    copyRecord(ct.h, ct.b, ct.d, ct.db, this.i32, s * 38 /* REC_I32 */, this.f64, s * 2 /* REC_F64 */);
    this.attach(ct, s);
    this.conns[s] = ct;
    if ((this.count + 1) * 2 > this.buckets.length) this.rehash(this.buckets.length * 2);
    this.link(s);
    const b = s * 38 /* REC_I32 */;
    this.i32[b + 36 /* F_PREV */] = this.tail;
    this.i32[b + 37 /* F_NEXT */] = -1;
    if (this.tail !== -1) this.i32[this.tail * 38 /* REC_I32 */ + 37 /* F_NEXT */] = s;
    else this.head = s;
    this.tail = s;
    this.count++;
    this.noteTimeout(s, this.f64[s * 2 /* REC_F64 */ + 0 /* D_TIMEOUT */]);
  }

  /** Slot `s` now expires at `t` (nf_ct_refresh): keeps the earliest expiry exact. */
  noteTimeout(s: number, t: number): void {
    if (!this.minExact) return;
    if (t < this.minT) {
      this.minT = t;
      this.minSlot = s;
    } else if (s === this.minSlot && t > this.minT) {
      this.minExact = false;
    }
  }

  private attach(ct: Conn, s: number): void {
    ct.h = this.i32;
    ct.d = this.f64;
    ct.b = s * 38 /* REC_I32 */;
    ct.db = s * 2 /* REC_F64 */;
    ct.slot = s;
  }

  private allocSlot(): number {
    if (this.freeList !== -1) {
      const s = this.freeList;
      this.freeList = this.i32[s * 38 /* REC_I32 */ + 37 /* F_NEXT */];
      return s;
    }
    if (this.unused === this.conns.length) this.growSlots();
    return this.unused++;
  }

  /** Doubles the slot arrays; every entry in the table is pointed at the new ones. */
  private growSlots(): void {
    const size = this.conns.length * 2;
    const i32 = new Int32Array(size * 38 /* REC_I32 */);
    i32.set(this.i32);
    const f64 = new Float64Array(size * 2 /* REC_F64 */);
    f64.set(this.f64);
    this.i32 = i32;
    this.f64 = f64;
    const old = this.conns.length;
    this.conns.length = size;
    this.conns.fill(null, old);
    for (let s = 0; s < old; s++) {
      const ct = this.conns[s];
      if (ct !== null) {
        ct.h = i32;
        ct.d = f64;
      }
    }
  }

  private link(s: number): void {
    const h = this.i32;
    const b = s * 38 /* REC_I32 */;
    const bo = this.bucketO(s);
    const br = this.bucketR(s);
    h[b + 9 /* F_NEXTO */] = this.buckets[bo];
    this.buckets[bo] = s;
    if (br !== bo) {
      h[b + 10 /* F_NEXTR */] = this.buckets[br];
      this.buckets[br] = s;
    } else {
      h[b + 10 /* F_NEXTR */] = -1;
    }
  }

  /** Takes slot `s` out of bucket `bucket`'s chain. */
  private unlink(s: number, bucket: number): boolean {
    const h = this.i32;
    let prev = -1;
    for (let c = this.buckets[bucket]; c !== -1; ) {
      const viaO = this.bucketO(c) === bucket;
      const next = viaO ? h[c * 38 /* REC_I32 */ + 9 /* F_NEXTO */] : h[c * 38 /* REC_I32 */ + 10 /* F_NEXTR */];
      if (c === s) {
        if (prev === -1) this.buckets[bucket] = next;
        else if (this.bucketO(prev) === bucket) h[prev * 38 /* REC_I32 */ + 9 /* F_NEXTO */] = next;
        else h[prev * 38 /* REC_I32 */ + 10 /* F_NEXTR */] = next;
        return true;
      }
      prev = c;
      c = next;
    }
    return false;
  }

  /** Unlinks an entry (clean_from_lists). Returns false if it was not in the table. */
  remove(ct: Conn): boolean {
    const s = ct.slot;
    if (s === -1 || this.conns[s] !== ct) return false;
    const bo = this.bucketO(s);
    this.unlink(s, bo);
    const br = this.bucketR(s);
    if (br !== bo) this.unlink(s, br);
    if (this.last === s) this.last = -1;
    const h = this.i32;
    const b = s * 38 /* REC_I32 */;
    const prev = h[b + 36 /* F_PREV */];
    const next = h[b + 37 /* F_NEXT */];
    if (prev !== -1) h[prev * 38 /* REC_I32 */ + 37 /* F_NEXT */] = next;
    else this.head = next;
    if (next !== -1) h[next * 38 /* REC_I32 */ + 36 /* F_PREV */] = prev;
    else this.tail = prev;
    // The entry keeps its last values in a record of its own; the slot is free for the next one.
    if (s === this.minSlot) this.minExact = false;
    ct.detach();
    this.conns[s] = null;
    h.fill(0, b, b + 38 /* REC_I32 */);
    this.f64.fill(0, s * 2 /* REC_F64 */, (s + 1) * 2 /* REC_F64 */);
    h[b + 37 /* F_NEXT */] = this.freeList;
    this.freeList = s;
    this.count--;
    return true;
  }

  /** Entries in creation order (a snapshot, safe to remove from while iterating). */
  entries(): Conn[] {
    const out: Conn[] = [];
    for (let s = this.head; s !== -1; s = this.i32[s * 38 /* REC_I32 */ + 37 /* F_NEXT */]) out.push(this.conns[s]!);
    return out;
  }

  /** The earliest expiry time of an entry in the table (Infinity when empty). */
  earliestTimeout(): number {
    if (this.minExact) return this.minT;
    let t = Infinity;
    let at = -1;
    const f = this.f64;
    for (let s = this.head; s !== -1; s = this.i32[s * 38 /* REC_I32 */ + 37 /* F_NEXT */]) {
      const x = f[s * 2 /* REC_F64 */];
      if (x < t) {
        t = x;
        at = s;
      }
    }
    this.minT = t;
    this.minSlot = at;
    this.minExact = true;
    return t;
  }

  clear(): void {
    for (let s = this.head; s !== -1; ) {
      const next = this.i32[s * 38 /* REC_I32 */ + 37 /* F_NEXT */];
      const ct = this.conns[s]!;
      ct.detach();
      this.conns[s] = null;
      s = next;
    }
    this.last = -1;
    this.buckets.fill(-1);
    this.i32.fill(0);
    this.f64.fill(0);
    this.head = this.tail = -1;
    this.unused = 0;
    this.freeList = -1;
    this.count = 0;
    this.minT = Infinity;
    this.minSlot = -1;
    this.minExact = true;
  }

  private rehash(size: number): void {
    this.mask = size - 1;
    this.buckets = new Int32Array(size).fill(-1);
    for (let s = this.head; s !== -1; s = this.i32[s * 38 /* REC_I32 */ + 37 /* F_NEXT */]) this.link(s);
  }
}
