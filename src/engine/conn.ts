/**
 * One tracked connection: the kernel's `struct nf_conn`, flattened into a record of numbers.
 *
 * The numbers of an entry live in a record of two typed arrays (`h`: int32 fields at `b`,
 * `d`: float64 fields at `db`). While the entry is in a ConntrackTable the record is a slot of
 * the table's own arrays, so the table's entries lie one after the other in memory, in the
 * order they were created, whatever the garbage collector does with objects: a lookup and the
 * established-TCP fast path read the slot directly and never touch the Conn object. Before it
 * is confirmed and after it leaves the table, an entry keeps its numbers in a record of its
 * own (from a RecordArena), so whoever still holds it reads the values it last had. The
 * kernel's entries come from a slab cache of their own (nf_conntrack_cachep) for the same
 * reason: many small, hot, equally sized records.
 *
 * The Conn object is the entry's identity and holds what is rarely read: the helper extension,
 * id and creation time. Its accessors read and write the record, so code outside the hot path
 * reads `ct.tcpState` as it would a field.
 *
 * A tuple is (src, dst, sport, dport, proto); for ICMP, as in the kernel's
 * `nf_conntrack_tuple`, `sport` holds the ICMP id and `dport` holds `type << 8 | code` (the reply
 * tuple carries the reply type, e.g. 0 for echo request 8). Protocols without ports use 0 for
 * both. TCP's per-connection and per-direction tracking state (`struct ip_ct_tcp`) is flattened
 * too; other protocols leave those fields at 0. Addresses and sequence numbers are signed 32-bit
 * integers compared with wrapping arithmetic, as the kernel's before()/after(); the two
 * max-window fields are unsigned (u32 in the kernel).
 */
import type { Dir } from './ctinfo';

// ---- the int32 record (indices from the record's base) ----
export const F_PROTO = 0;
export const F_OSRC = 1;
export const F_ODST = 2;
export const F_OSPORT = 3;
export const F_ODPORT = 4;
export const F_RSRC = 5;
export const F_RDST = 6;
export const F_RSPORT = 7;
export const F_RDPORT = 8;
/** ConntrackTable's hash chains: next slot in the original / reply tuple's bucket, -1 at the end. */
export const F_NEXTO = 9;
export const F_NEXTR = 10;
export const F_STATUS = 11;
/** 1 when the entry has an extension (helper or master): confirm must look at it. */
export const F_HAS_EXT = 12;
export const F_TCP_STATE = 13;
export const F_TCP_RETRANS = 14;
export const F_TCP_LAST_DIR = 15;
export const F_TCP_LAST_INDEX = 16;
export const F_TCP_LAST_SEQ = 17;
export const F_TCP_LAST_ACK = 18;
export const F_TCP_LAST_END = 19;
export const F_TCP_LAST_WIN = 20;
export const F_TCP_LAST_WSCALE = 21;
export const F_TCP_LAST_FLAGS = 22;
// seen[original] (struct ip_ct_tcp_state)
export const F_O_END = 23;
export const F_O_MAXEND = 24;
export const F_O_MAXWIN = 25;
export const F_O_SCALE = 26;
export const F_O_FLAGS = 27;
export const F_O_MAXACK = 28;
// seen[reply]
export const F_R_END = 29;
export const F_R_MAXEND = 30;
export const F_R_MAXWIN = 31;
export const F_R_SCALE = 32;
export const F_R_FLAGS = 33;
export const F_R_MAXACK = 34;
export const F_MARK = 35;
/** ConntrackTable's creation-order list: previous / next slot, -1 at the ends. */
export const F_PREV = 36;
export const F_NEXT = 37;
/** int32 fields per record. */
export const REC_I32 = 38;

// ---- the float64 record (times in ms on the engine's clock) ----
/** Absolute expiry time (relative until confirmed, as in the kernel). */
export const D_TIMEOUT = 0;
/** UDP: time after which a replied flow counts as a stream (kernel: ct->proto.udp.stream_ts). */
export const D_UDP_STREAM_TS = 1;
/** float64 fields per record. */
export const REC_F64 = 2;

/**
 * Records for entries outside a table, handed out from chunks and never reused: a chunk is
 * collected once no entry that lived in it is referenced any more.
 */
export class RecordArena {
  private static readonly CHUNK = 64;
  private h = new Int32Array(0);
  private d = new Float64Array(0);
  private used = RecordArena.CHUNK;

  /** Points `ct` at a fresh, zeroed record. */
  place(ct: Conn): void {
    if (this.used === RecordArena.CHUNK) {
      this.h = new Int32Array(RecordArena.CHUNK * REC_I32);
      this.d = new Float64Array(RecordArena.CHUNK * REC_F64);
      this.used = 0;
    }
    ct.h = this.h;
    ct.d = this.d;
    ct.b = this.used * REC_I32;
    ct.db = this.used * REC_F64;
    ct.slot = -1;
    this.used++;
  }
}

const arena = new RecordArena();

/** Copies a record (a loop: cheaper than two subarray views for 40 numbers). */
export function copyRecord(
  h: Int32Array, b: number, d: Float64Array, db: number,
  toH: Int32Array, toB: number, toD: Float64Array, toDb: number,
): void {
  for (let i = 0; i < REC_I32; i++) toH[toB + i] = h[b + i];
  for (let i = 0; i < REC_F64; i++) toD[toDb + i] = d[db + i];
}

/** What only some connections need: helper, its private data, the master of an expected one. */
export interface ConnExt {
  /** Helper name attached to this connection (e.g. 'ftp'), or null. */
  helper: string | null;
  /** The helper's private state (e.g. FTP's sequence-after-newline per direction). */
  help: unknown;
  /** For a connection an expectation created: the connection that expected it. */
  master: Conn | null;
  /** Number of live expectations this connection owns. */
  expecting: number;
}

export class Conn {
  /** The record: int32 fields at h[b + F_*], float64 fields at d[db + D_*]. */
  h!: Int32Array;
  b = 0;
  d!: Float64Array;
  db = 0;
  /** The table slot holding the record, or -1 while the entry is not in a table. */
  slot = -1;
  private x: ConnExt | null = null;
  /** Time this entry was created, ms (for UI and ordering; the kernel keeps it with ct_ext tstamp). */
  created = 0;
  /** Unique id within a table (the kernel's ct id), assigned at creation. */
  id = 0;

  constructor() {
    arena.place(this);
  }

  /** Moves the record out of a table into a record of its own (the entry left the table). */
  detach(): void {
    const { h, b, d, db } = this;
    arena.place(this);
    copyRecord(h, b, d, db, this.h, this.b, this.d, this.db);
  }

  /** Helper and master (null for most entries). */
  get ext(): ConnExt | null {
    return this.x;
  }
  set ext(v: ConnExt | null) {
    this.x = v;
    this.h[this.b + 12] = v === null ? 0 : 1;
  }

  get proto(): number { return this.h[this.b + 0]; }
  set proto(v: number) { this.h[this.b + 0] = v; }
  // original tuple
  get oSrc(): number { return this.h[this.b + 1]; }
  set oSrc(v: number) { this.h[this.b + 1] = v; }
  get oDst(): number { return this.h[this.b + 2]; }
  set oDst(v: number) { this.h[this.b + 2] = v; }
  get oSport(): number { return this.h[this.b + 3]; }
  set oSport(v: number) { this.h[this.b + 3] = v; }
  get oDport(): number { return this.h[this.b + 4]; }
  set oDport(v: number) { this.h[this.b + 4] = v; }
  // reply tuple
  get rSrc(): number { return this.h[this.b + 5]; }
  set rSrc(v: number) { this.h[this.b + 5] = v; }
  get rDst(): number { return this.h[this.b + 6]; }
  set rDst(v: number) { this.h[this.b + 6] = v; }
  get rSport(): number { return this.h[this.b + 7]; }
  set rSport(v: number) { this.h[this.b + 7] = v; }
  get rDport(): number { return this.h[this.b + 8]; }
  set rDport(v: number) { this.h[this.b + 8] = v; }

  /** IPS_* bits (status.ts). */
  get status(): number { return this.h[this.b + 11]; }
  set status(v: number) { this.h[this.b + 11] = v; }
  /** Absolute expiry time in ms on the engine's clock (relative until confirmed, as in the kernel). */
  get timeout(): number { return this.d[this.db + 0]; }
  set timeout(v: number) { this.d[this.db + 0] = v; }
  get mark(): number { return this.h[this.b + 35]; }
  set mark(v: number) { this.h[this.b + 35] = v; }
  get udpStreamTs(): number { return this.d[this.db + 1]; }
  set udpStreamTs(v: number) { this.d[this.db + 1] = v; }

  // ---- TCP (struct ip_ct_tcp) ----
  /** TCP conntrack state index (tcpStates.ts), e.g. TCP_CONNTRACK_ESTABLISHED. */
  get tcpState(): number { return this.h[this.b + 13]; }
  set tcpState(v: number) { this.h[this.b + 13] = v; }
  get tcpRetrans(): number { return this.h[this.b + 14]; }
  set tcpRetrans(v: number) { this.h[this.b + 14] = v; }
  get tcpLastDir(): Dir { return this.h[this.b + 15] as Dir; }
  set tcpLastDir(v: Dir) { this.h[this.b + 15] = v; }
  get tcpLastIndex(): number { return this.h[this.b + 16]; }
  set tcpLastIndex(v: number) { this.h[this.b + 16] = v; }
  get tcpLastSeq(): number { return this.h[this.b + 17]; }
  set tcpLastSeq(v: number) { this.h[this.b + 17] = v; }
  get tcpLastAck(): number { return this.h[this.b + 18]; }
  set tcpLastAck(v: number) { this.h[this.b + 18] = v; }
  get tcpLastEnd(): number { return this.h[this.b + 19]; }
  set tcpLastEnd(v: number) { this.h[this.b + 19] = v; }
  get tcpLastWin(): number { return this.h[this.b + 20]; }
  set tcpLastWin(v: number) { this.h[this.b + 20] = v; }
  get tcpLastWscale(): number { return this.h[this.b + 21]; }
  set tcpLastWscale(v: number) { this.h[this.b + 21] = v; }
  get tcpLastFlags(): number { return this.h[this.b + 22]; }
  set tcpLastFlags(v: number) { this.h[this.b + 22] = v; }
  // seen[original]
  get oTdEnd(): number { return this.h[this.b + 23]; }
  set oTdEnd(v: number) { this.h[this.b + 23] = v; }
  get oTdMaxend(): number { return this.h[this.b + 24]; }
  set oTdMaxend(v: number) { this.h[this.b + 24] = v; }
  get oTdMaxwin(): number { return this.h[this.b + 25] >>> 0; }
  set oTdMaxwin(v: number) { this.h[this.b + 25] = v; }
  get oTdScale(): number { return this.h[this.b + 26]; }
  set oTdScale(v: number) { this.h[this.b + 26] = v; }
  get oTdFlags(): number { return this.h[this.b + 27]; }
  set oTdFlags(v: number) { this.h[this.b + 27] = v; }
  get oTdMaxack(): number { return this.h[this.b + 28]; }
  set oTdMaxack(v: number) { this.h[this.b + 28] = v; }
  // seen[reply]
  get rTdEnd(): number { return this.h[this.b + 29]; }
  set rTdEnd(v: number) { this.h[this.b + 29] = v; }
  get rTdMaxend(): number { return this.h[this.b + 30]; }
  set rTdMaxend(v: number) { this.h[this.b + 30] = v; }
  get rTdMaxwin(): number { return this.h[this.b + 31] >>> 0; }
  set rTdMaxwin(v: number) { this.h[this.b + 31] = v; }
  get rTdScale(): number { return this.h[this.b + 32]; }
  set rTdScale(v: number) { this.h[this.b + 32] = v; }
  get rTdFlags(): number { return this.h[this.b + 33]; }
  set rTdFlags(v: number) { this.h[this.b + 33] = v; }
  get rTdMaxack(): number { return this.h[this.b + 34]; }
  set rTdMaxack(v: number) { this.h[this.b + 34] = v; }
}
