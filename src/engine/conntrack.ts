/**
 * The connection tracker of one network namespace: nf_conntrack_in (PREROUTING / OUTPUT) and
 * nf_confirm (POSTROUTING / INPUT), with the table, the expectations and the helpers.
 *
 * One packet at a time: `conntrackIn` leaves its result (the skb's nfct and ctinfo) in
 * `ct`, `state` and `dir`; the node then runs the rules and calls `confirm` when the packet
 * leaves the stack, or `dropped` when a rule dropped it, which discards an entry that was never
 * confirmed: a NEW packet that is dropped leaves no trace in the table.
 *
 * Left out of the kernel's version: zones, NAT, clash resolution (one CPU: no races),
 * checksum verification, IPv6.
 */
import { Conn } from './conn';
import {
  CT_ESTABLISHED,
  CT_INVALID,
  CT_NEW,
  CT_RELATED,
  CT_UNTRACKED,
  DIR_ORIGINAL,
  DIR_REPLY,
  NF_ACCEPT,
  NF_DROP,
  NF_REPEAT,
  type CtState,
  type Dir,
} from './ctinfo';
import { ConntrackTable } from './conntrackTable';
import { expectMatches, ExpectTable, type Expectation } from './expectation';
import type { ConntrackHelper, HelperContext } from './helper';
import { IPPROTO_GRE, IPPROTO_ICMP, IPPROTO_SCTP, IPPROTO_TCP, IPPROTO_UDP, IPPROTO_UDPLITE, type Packet } from './packet';
import { genericPacket } from './proto/genericTracker';
import { grePacket } from './proto/greTracker';
import { headerlessPacket } from './proto/headerlessTracker';
import { icmpInverseType, icmpIsError, icmpPacket, NR_ICMP_TYPES } from './proto/icmpTracker';
import type { L4PacketHandler, PacketContext } from './proto/l4Tracker';
import { tcpEstablishedAck } from './proto/tcpFastPath';
import { tcpPacket } from './proto/tcpTracker';
import { udpPacket } from './proto/udpTracker';
import { DEFAULT_SETTINGS, type CtSettings } from './settings';
import { TCP_CONNTRACK_CLOSE } from './proto/tcpStates';
import { IPS_CONFIRMED, IPS_EXPECTED, IPS_SEEN_REPLY } from './status';
import type { Tracer } from './trace';

/** A packet that comes with its entry already (nf_ct_attach): REJECT's TCP reset. */
export interface Attached {
  ct: Conn;
  dir: Dir;
}

/** What the raw table's CT target attached to the packet before conntrack saw it. */
export interface CtTemplate {
  notrack: boolean;
  helper: string | null;
}

export type CtEventType = 'NEW' | 'UPDATE' | 'DESTROY';

/** A change to the table, as `conntrack -E` reports it (the listener formats it). */
export interface CtEvent {
  type: CtEventType;
  ct: Conn;
  /** Why it happened: 'packet', 'timeout', 'killed', 'flush'. */
  cause: 'packet' | 'timeout' | 'killed' | 'flush';
}

export interface ExpectEvent {
  type: 'NEW' | 'DESTROY';
  exp: Expectation;
  cause: 'helper' | 'matched' | 'timeout' | 'master-gone' | 'flush';
}

export interface ConntrackListener {
  ctEvent(e: CtEvent): void;
  expectEvent(e: ExpectEvent): void;
}

function handlerFor(proto: number): L4PacketHandler {
  switch (proto) {
    case IPPROTO_TCP:
      return tcpPacket;
    case IPPROTO_UDP:
      return udpPacket;
    case IPPROTO_ICMP:
      return icmpPacket;
    case IPPROTO_GRE:
      return grePacket;
    case IPPROTO_SCTP:
    case IPPROTO_UDPLITE:
      return headerlessPacket;
    default:
      return genericPacket;
  }
}

export class Conntrack {
  readonly table = new ConntrackTable();
  readonly expectations = new ExpectTable();
  settings: CtSettings;
  helpers: Record<string, ConntrackHelper> = {};
  listener: ConntrackListener | null = null;

  // ---- the current packet's result (skb->_nfct, ctinfo) ----
  ct: Conn | null = null;
  state: CtState = CT_INVALID;
  dir: Dir = DIR_ORIGINAL;
  /** The table slot when the TCP fast path handled the packet (a confirmed entry), else -1. */
  private fastSlot = -1;

  private readonly pctx: PacketContext;
  private trace: Tracer | null = null;
  /**
   * Expectations of entries the gc found timed out since the last packet. The kernel reaps an
   * expired entry lazily (the gc worker, a lookup of its own tuple, or a `conntrack -L` dump);
   * until then nf_ct_find_expectation still honours its expectations (the master is neither
   * dying nor unconfirmed). The recordings dump the table after every packet, so an expired
   * master's expectations serve the first packet after its expiry, and only that one.
   */
  private orphans: Expectation[] = [];
  private packetOrphans: Expectation[] = [];

  constructor(settings: Partial<CtSettings> = {}) {
    this.settings = { ...DEFAULT_SETTINGS, ...settings };
    this.pctx = {
      now: 0,
      settings: this.settings,
      trace: null,
      kill: (ct) => this.kill(ct, 'killed'),
    };
  }

  setSettings(settings: CtSettings): void {
    this.settings = settings;
    this.pctx.settings = settings;
  }

  /**
   * nf_conntrack_in: finds or creates the packet's entry, lets the protocol tracker judge the
   * packet, and sets `ct`, `state`, `dir`. Returns NF_ACCEPT or NF_DROP.
   */
  conntrackIn(pkt: Packet, now: number, tmpl: CtTemplate | null, trace: Tracer | null, attached: Attached | null = null): number {
    this.ct = null;
    this.state = CT_INVALID;
    this.dir = DIR_ORIGINAL;
    this.fastSlot = -1;
    this.trace = trace;
    this.packetOrphans = this.orphans;
    if (this.orphans.length > 0) this.orphans = [];

    if (attached !== null) {
      // nf_conntrack_in leaves a packet alone that already carries its entry (nf_ct_attach).
      this.ct = attached.ct;
      this.state = CT_RELATED;
      this.dir = attached.dir;
      trace?.reason('ct.attached', { conn: attached.ct.id });
      return NF_ACCEPT;
    }

    if (tmpl !== null && tmpl.notrack) {
      this.state = CT_UNTRACKED;
      trace?.reason('ct.untracked');
      return NF_ACCEPT;
    }

    const proto = pkt.proto;
    if (proto === IPPROTO_ICMP) {
      if (pkt.icmpType > NR_ICMP_TYPES) {
        trace?.reason('icmp.unknown-type', { type: pkt.icmpType });
        return NF_ACCEPT;
      }
      if (icmpIsError(pkt.icmpType)) return this.icmpError(pkt, now, trace);
    }

    const ctx = this.pctx;
    ctx.now = now;
    ctx.trace = trace;
    const handler = handlerFor(proto);

    for (let attempt = 0; attempt < 2; attempt++) {
      // nf_ct_get_tuple
      let sport = 0;
      let dport = 0;
      if (proto === IPPROTO_TCP || proto === IPPROTO_UDP) {
        sport = pkt.sport;
        dport = pkt.dport;
      } else if (proto === IPPROTO_ICMP) {
        sport = pkt.icmpId;
        dport = (pkt.icmpType << 8) | pkt.icmpCode;
      }

      // resolve_normal_ct
      const table = this.table;
      const slot = table.findSlot(pkt.src, pkt.dst, sport, dport, proto);
      let ct: Conn | null = null;
      if (slot >= 0) {
        ct = table.conns[slot];
        if (table.f64[slot * 2 /* REC_F64 */ + 0 /* D_TIMEOUT */] <= now) {
          // nf_ct_is_expired: the gc would have reaped it; the packet starts afresh.
          trace?.reason('ct.expired-on-lookup');
          this.destroy(ct!, 'timeout');
          ct = null;
        } else if (
          trace === null &&
          proto === IPPROTO_TCP &&
          tcpEstablishedAck(table.i32, slot * 38 /* REC_I32 */, table.f64, slot * 2 /* REC_F64 */, pkt, table.foundDir, ctx)
        ) {
          // The established ACK, straight from the slot (tcpFastPath.ts): the entry stays
          // ESTABLISHED with the same status, so there is no event and nothing to confirm.
          table.noteTimeout(slot, table.f64[slot * 2 /* REC_F64 */ + 0 /* D_TIMEOUT */]);
          this.ct = ct;
          this.state = CT_ESTABLISHED;
          this.dir = table.foundDir;
          this.fastSlot = slot;
          return NF_ACCEPT;
        }
      }
      let dir: Dir;
      let state: CtState;
      if (ct === null) {
        ct = this.initConntrack(pkt, now, sport, dport, tmpl, trace);
        if (ct === null) return NF_ACCEPT; // no entry can be made: INVALID
        dir = DIR_ORIGINAL;
        state = ct.status & IPS_EXPECTED ? CT_RELATED : CT_NEW;
      } else {
        dir = this.table.foundDir;
        if (dir === DIR_REPLY) state = CT_ESTABLISHED;
        else if (ct.status & IPS_SEEN_REPLY) state = CT_ESTABLISHED;
        else if (ct.status & IPS_EXPECTED) state = CT_RELATED;
        else state = CT_NEW;
        if (trace) trace.reason(dir === DIR_REPLY ? 'ct.found-reply' : 'ct.found-original', { state: state });
      }

      const statusBefore = ct.status;
      const tcpBefore = ct.tcpState;
      const ret = handler(ct, pkt, dir, ctx);
      if (ct.slot >= 0) this.table.noteTimeout(ct.slot, ct.timeout);
      if (ret <= 0) {
        if (ret === NF_REPEAT) {
          trace?.reason('ct.repeat');
          continue;
        }
        // The packet is not a valid part of the connection: it travels without an entry.
        trace?.reason('ct.invalid');
        return ret === NF_DROP ? NF_DROP : NF_ACCEPT;
      }
      if (dir === DIR_REPLY && (ct.status & IPS_SEEN_REPLY) === 0) {
        ct.status |= IPS_SEEN_REPLY;
        trace?.reason('ct.reply-seen');
      }
      if (
        this.listener !== null &&
        ct.status & IPS_CONFIRMED &&
        (ct.status !== statusBefore || ct.tcpState !== tcpBefore) &&
        ct.timeout > now
      ) {
        this.listener.ctEvent({ type: 'UPDATE', ct, cause: 'packet' });
      }
      this.ct = ct;
      this.state = state;
      this.dir = dir;
      return NF_ACCEPT;
    }
    return NF_ACCEPT;
  }

  /** init_conntrack: a new, unconfirmed entry for the packet's tuple; null when impossible. */
  private initConntrack(
    pkt: Packet,
    now: number,
    sport: number,
    dport: number,
    tmpl: CtTemplate | null,
    trace: Tracer | null,
  ): Conn | null {
    const proto = pkt.proto;
    let rsport = dport;
    let rdport = sport;
    if (proto === IPPROTO_ICMP) {
      const inv = icmpInverseType(pkt.icmpType);
      if (inv < 0) {
        trace?.reason('icmp.no-inverse', { type: pkt.icmpType });
        return null;
      }
      rsport = sport; // the id is the same both ways
      rdport = (inv << 8) | pkt.icmpCode;
    } else if (proto !== IPPROTO_TCP && proto !== IPPROTO_UDP) {
      rsport = rdport = 0;
    }
    const ct = new Conn();
    ct.oSrc = pkt.src;
    ct.oDst = pkt.dst;
    ct.oSport = sport;
    ct.oDport = dport;
    ct.rSrc = pkt.dst;
    ct.rDst = pkt.src;
    ct.rSport = rsport;
    ct.rDport = rdport;
    ct.proto = proto;
    ct.created = now;
    ct.id = this.table.allocId();

    let exp =
      this.expectations.list.length > 0
        ? this.expectations.take(pkt.src, pkt.dst, sport, dport, proto, now)
        : null;
    if (exp === null && this.packetOrphans.length > 0) {
      const i = this.packetOrphans.findIndex((e) => expectMatches(e, pkt.src, pkt.dst, sport, dport, proto, now));
      if (i >= 0) {
        exp = this.packetOrphans[i];
        this.packetOrphans.splice(i, 1);
      }
    }
    if (exp !== null) {
      ct.status |= IPS_EXPECTED;
      ct.ext = { helper: null, help: null, master: exp.master, expecting: 0 };
      trace?.reason('ct.expected', { helper: exp.helper });
      this.listener?.expectEvent({ type: 'DESTROY', exp, cause: 'matched' });
    } else {
      if (tmpl !== null && tmpl.helper !== null) {
        ct.ext = { helper: tmpl.helper, help: null, master: null, expecting: 0 };
        trace?.reason('ct.helper-attached', { helper: tmpl.helper });
      }
      trace?.reason('ct.new');
    }
    return ct;
  }

  /** ICMP errors (nf_conntrack_inet_error): RELATED to the connection they are about, or INVALID. */
  private icmpError(pkt: Packet, now: number, trace: Tracer | null): number {
    const inner = pkt.inner;
    if (inner === null) {
      trace?.reason('icmp.error-bad-inner');
      return NF_ACCEPT;
    }
    // The embedded packet's tuple, inverted: the error travels the other way.
    let sport = 0;
    let dport = 0;
    if (inner.proto === IPPROTO_TCP || inner.proto === IPPROTO_UDP) {
      sport = inner.dport;
      dport = inner.sport;
    } else if (inner.proto === IPPROTO_ICMP) {
      const inv = icmpInverseType(inner.icmpType);
      if (inv < 0) {
        trace?.reason('icmp.error-bad-inner');
        return NF_ACCEPT;
      }
      sport = inner.icmpId;
      dport = (inv << 8) | inner.icmpCode;
    }
    const ct = this.table.find(inner.dst, inner.src, sport, dport, inner.proto);
    if (ct === null || ct.timeout <= now) {
      trace?.reason('icmp.error-no-conn');
      return NF_ACCEPT;
    }
    const dir = this.table.foundDir;
    const ctDst = dir === DIR_ORIGINAL ? ct.oDst : ct.rDst;
    if (ctDst !== pkt.dst) {
      trace?.reason('icmp.error-daddr', { outer: pkt.dst >>> 0, inner: ctDst >>> 0 });
      return NF_ACCEPT;
    }
    this.ct = ct;
    this.state = CT_RELATED;
    this.dir = dir;
    trace?.reason('icmp.error-related', { conn: ct.id });
    return NF_ACCEPT;
  }

  /**
   * nf_confirm at POSTROUTING / LOCAL_IN: runs the connection's helper, then confirms a new
   * entry (inserts it in the table, as __nf_conntrack_confirm). Returns NF_ACCEPT or NF_DROP.
   */
  confirm(pkt: Packet, now: number, trace: Tracer | null): number {
    const ct = this.ct;
    if (ct === null) return NF_ACCEPT;
    // A fast-path packet's entry is confirmed; without a helper there is nothing to do.
    const fast = this.fastSlot;
    if (fast >= 0 && this.table.i32[fast * 38 /* REC_I32 */ + 12 /* F_HAS_EXT */] === 0) return NF_ACCEPT;
    const ext = ct.ext;
    if (ext !== null && ext.helper !== null && !(this.state === CT_RELATED && this.dir === DIR_REPLY)) {
      const helper = this.helpers[ext.helper];
      if (helper !== undefined) {
        const ret = helper.help(ct, pkt, this.dir, this.state, this.helperContext(now, trace, helper));
        if (ret === NF_DROP) {
          trace?.reason('helper.drop', { helper: ext.helper });
          this.dropped(now);
          return NF_DROP;
        }
      }
    }
    if ((ct.status & IPS_CONFIRMED) === 0) {
      // Related ICMP errors and REJECT replies ride on someone else's entry: nothing to confirm.
      if (this.dir !== DIR_ORIGINAL) return NF_ACCEPT;
      if (this.table.clashes(ct)) {
        trace?.reason('ct.clash');
        return NF_DROP;
      }
      ct.status |= IPS_CONFIRMED;
      this.table.insert(ct);
      trace?.reason('ct.confirmed');
      this.listener?.ctEvent({ type: 'NEW', ct, cause: 'packet' });
    }
    return NF_ACCEPT;
  }

  /** The packet was dropped before confirmation: an entry it created disappears with it. */
  dropped(_now: number): void {
    const ct = this.ct;
    if (ct !== null && this.fastSlot < 0 && (ct.status & IPS_CONFIRMED) === 0) {
      this.expectations.removeFor(ct);
      this.trace?.reason('ct.unconfirmed-dropped');
    }
    this.ct = null;
  }

  private helperContext(now: number, trace: Tracer | null, helper: ConntrackHelper): HelperContext {
    return {
      now,
      settings: this.settings,
      trace,
      expect: (e, master) => {
        // __nf_ct_expect_check: an identical pending expectation of the same master is
        // replaced; one of another master (or any other) that clashes refuses the new one.
        const { same, clash } = this.expectations.check(e, master, now);
        if (clash !== null) {
          trace?.reason('ct.expect-clash', { id: clash.id });
          return false;
        }
        if (same !== null) {
          this.expectations.list.splice(this.expectations.list.indexOf(same), 1);
          if (master.ext) master.ext.expecting--;
          this.listener?.expectEvent({ type: 'DESTROY', exp: same, cause: 'helper' });
        }
        // The helper's policy caps pending expectations per master: the oldest makes room.
        const mine = this.expectations.list.filter((x) => x.master === master);
        if (mine.length >= helper.maxExpected) {
          const oldest = mine[0];
          this.expectations.list.splice(this.expectations.list.indexOf(oldest), 1);
          if (master.ext) master.ext.expecting--;
          this.listener?.expectEvent({ type: 'DESTROY', exp: oldest, cause: 'helper' });
        }
        const exp: Expectation = {
          ...e,
          master,
          helper: helper.name,
          id: this.expectations.allocId(),
          timeout: now + helper.expectTimeout(this.settings) * 1000,
        };
        this.expectations.add(exp);
        this.listener?.expectEvent({ type: 'NEW', exp, cause: 'helper' });
        return true;
      },
    };
  }

  /**
   * nf_ct_set_closing (nf_conntrack_tcp_set_closing), what REJECT --reject-with tcp-reset does
   * to the connection it answers: a confirmed TCP entry goes to CLOSE, and unless it was in
   * CLOSE already it gets CLOSE's timeout. Nothing else changes: no reply seen, no window, no
   * "last packet" (so a new SYN later does not count as a reopening).
   */
  setClosing(ct: Conn, now: number): void {
    if (ct.proto !== IPPROTO_TCP || (ct.status & IPS_CONFIRMED) === 0) return;
    const old = ct.tcpState;
    ct.tcpState = TCP_CONNTRACK_CLOSE;
    if (old !== TCP_CONNTRACK_CLOSE) {
      this.trace?.tcpTransition(ct, old, TCP_CONNTRACK_CLOSE, DIR_ORIGINAL);
      this.trace?.reason('ct.reset-closing', { seconds: this.settings.tcp_timeout_close });
      ct.timeout = now + this.settings.tcp_timeout_close * 1000;
      if (ct.slot >= 0) this.table.noteTimeout(ct.slot, ct.timeout);
      this.listener?.ctEvent({ type: 'UPDATE', ct, cause: 'packet' });
    }
  }

  /** nf_ct_kill: removes an entry now. */
  kill(ct: Conn, cause: 'killed' | 'flush' = 'killed'): boolean {
    if ((ct.status & IPS_CONFIRMED) === 0) return false;
    return this.destroy(ct, cause);
  }

  private destroy(ct: Conn, cause: CtEvent['cause']): boolean {
    if (!this.table.remove(ct)) return false;
    for (const exp of this.expectations.removeFor(ct)) {
      if (cause === 'timeout') this.orphans.push(exp);
      this.listener?.expectEvent({ type: 'DESTROY', exp, cause: 'master-gone' });
    }
    this.listener?.ctEvent({ type: 'DESTROY', ct, cause });
    return true;
  }

  /** The gc worker: removes entries and expectations whose time has come. */
  gc(now: number): number {
    let n = 0;
    if (this.table.earliestTimeout() <= now) {
      for (const ct of this.table.entries()) {
        if (ct.timeout <= now) {
          this.destroy(ct, 'timeout');
          n++;
        }
      }
    }
    for (const exp of this.expectations.expire(now)) {
      this.listener?.expectEvent({ type: 'DESTROY', exp, cause: 'timeout' });
    }
    return n;
  }

  /** The earliest time an entry or expectation expires, or null when the table is empty. */
  nextTimeout(): number | null {
    let t = this.table.earliestTimeout();
    for (const e of this.expectations.list) if (e.timeout < t) t = e.timeout;
    return t === Infinity ? null : t;
  }

  /** conntrack -F expect: the expectations only. */
  flushExpectations(): void {
    for (const exp of this.expectations.list) this.listener?.expectEvent({ type: 'DESTROY', exp, cause: 'flush' });
    this.expectations.list = [];
  }

  /** conntrack -F */
  flush(): void {
    for (const ct of this.table.entries()) this.destroy(ct, 'flush');
    for (const exp of this.expectations.list) this.listener?.expectEvent({ type: 'DESTROY', exp, cause: 'flush' });
    this.expectations.list = [];
  }
}

export const CORE_REASONS: Record<string, string> = {
  'ct.untracked': 'The raw table marked this packet NOTRACK: conntrack ignores it (UNTRACKED).',
  'ct.new': 'First packet seen of this tuple: a new entry (NEW), not yet confirmed.',
  'ct.expected': 'This tuple was expected by the {helper} helper: a new entry RELATED to its master connection.',
  'ct.helper-attached': 'The raw table attached the {helper} helper to this new connection.',
  'ct.found-original': 'Matches an entry in the original direction.',
  'ct.found-reply': 'Matches an entry in the reply direction: ESTABLISHED.',
  'ct.reply-seen': 'Reply seen: NEW becomes ESTABLISHED (SEEN_REPLY).',
  'ct.invalid': 'The protocol tracker rejected this packet: it gets no entry (INVALID).',
  'ct.repeat': 'The old entry was removed; the packet is looked up again and starts a new connection.',
  'ct.expired-on-lookup': 'The matching entry had timed out: it is removed and the packet starts afresh.',
  'ct.confirmed': 'The packet left the firewall: the new entry is confirmed and enters the table.',
  'ct.unconfirmed-dropped': 'The packet was dropped before confirmation: its new entry is thrown away.',
  'ct.clash': 'Another entry took this tuple first: the packet is dropped.',
  'ct.expect-clash': 'A pending expectation of another connection (#{id}) already expects a connection to the same address, port and protocol: the new expectation is refused (EBUSY), nothing is evicted.',
  'helper.drop': 'The {helper} helper dropped the packet.',
  'ct.attached': 'A reset this machine sends for its REJECT rule: it carries the entry it answers (#{conn}), RELATED, and conntrack leaves it alone.',
  'ct.reset-closing': 'REJECT answered with a TCP reset: conntrack moves the connection to CLOSE ({seconds} s left).',
};

export { CT_ESTABLISHED, CT_NEW, CT_RELATED, CT_INVALID, CT_UNTRACKED };
