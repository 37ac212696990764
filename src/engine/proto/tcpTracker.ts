/**
 * The TCP connection tracker: our own rendering of the kernel's
 * net/netfilter/nf_conntrack_proto_tcp.c (Linux 6.17), functions nf_conntrack_tcp_packet,
 * tcp_error (flag check only), tcp_new, tcp_in_window, tcp_init_sender, tcp_options (the
 * window-scale option only), nf_tcp_log_invalid and nf_tcp_handle_invalid.
 *
 * Left out, because the engine's packets cannot carry them or the engine has no such
 * feature: truncated headers and checksums, SACK blocks and SACK-permitted (packets carry
 * only the window-scale option), NAT sequence adjustment, SYN proxy, IPS_FIXED_TIMEOUT,
 * per-rule timeout policies (nfct timeout), netlink events and flow offload.
 *
 * Hot path: no allocation unless ctx.trace is set. Sequence numbers are int32 and compared
 * with wrapping arithmetic (before/after); windows (td_maxwin) are kept unsigned.
 */
import type { Conn } from '../conn';
import { DIR_NAMES, DIR_REPLY, NF_ACCEPT, NF_DROP, NF_INVALID, NF_REPEAT } from '../ctinfo';
import type { Dir } from '../ctinfo';
import type { Packet } from '../packet';
import { TCP_ACK, TCP_FIN, TCP_RST, TCP_SYN, TCP_URG, describeTcpFlags } from '../packet';
import { IPS_ASSURED, IPS_CONFIRMED, IPS_SEEN_REPLY } from '../status';
import type { Tracer } from '../trace';
import { refresh } from './l4Tracker';
import { FLAG_MASK, MAXACKWINCONST, tcpEstablishedAck } from './tcpFastPath';
import type { L4PacketHandler, PacketContext } from './l4Tracker';
import {
  IP_CT_EXP_CHALLENGE_ACK,
  IP_CT_TCP_FLAG_BE_LIBERAL,
  IP_CT_TCP_FLAG_CLOSE_INIT,
  IP_CT_TCP_FLAG_DATA_UNACKNOWLEDGED,
  IP_CT_TCP_FLAG_MAXACK_SET,
  IP_CT_TCP_FLAG_SACK_PERM,
  IP_CT_TCP_FLAG_WINDOW_SCALE,
  IP_CT_TCP_SIMULTANEOUS_OPEN,
  TCP_ACK_SET,
  TCP_CONNTRACKS,
  TCP_CONNTRACK_CLOSE,
  TCP_CONNTRACK_CLOSE_WAIT,
  TCP_CONNTRACK_ESTABLISHED,
  TCP_CONNTRACK_FIN_WAIT,
  TCP_CONNTRACK_LAST_ACK,
  TCP_CONNTRACK_MAX,
  TCP_CONNTRACK_RETRANS,
  TCP_CONNTRACK_SYN_RECV,
  TCP_CONNTRACK_SYN_SENT,
  TCP_CONNTRACK_SYN_SENT2,
  TCP_CONNTRACK_TIME_WAIT,
  TCP_CONNTRACK_UNACK,
  TCP_FIN_SET,
  TCP_FLAG_CLASSES,
  TCP_NONE_SET,
  TCP_RST_SET,
  TCP_STATE_NAMES,
  TCP_SYNACK_SET,
  TCP_SYN_SET,
  sIG,
  sIV,
  tcpFlagIndex,
  tcpTimeout,
} from './tcpStates';

/** The kernel's TCP_MAX_WSCALE. */
const TCP_MAX_WSCALE = 14;

// ---- tcp_valid_flags: PSH, ECE and CWR never matter (FLAG_MASK) ----
const TCP_VALID_FLAGS = new Uint8Array(FLAG_MASK + 1);
for (const f of [
  TCP_SYN,
  TCP_SYN | TCP_URG,
  TCP_SYN | TCP_ACK,
  TCP_RST,
  TCP_RST | TCP_ACK,
  TCP_FIN | TCP_ACK,
  TCP_FIN | TCP_ACK | TCP_URG,
  TCP_ACK,
  TCP_ACK | TCP_URG,
]) {
  TCP_VALID_FLAGS[f] = 1;
}

/** tcp_error's flag check: false for combinations like SYN+FIN, a bare FIN, or no flag at all. */
export function tcpValidFlags(flags: number): boolean {
  return TCP_VALID_FLAGS[flags & FLAG_MASK] === 1;
}

// ---- wrapping sequence arithmetic (the kernel's before()/after()) ----
function before(a: number, b: number): boolean {
  return ((a - b) | 0) < 0;
}
function after(a: number, b: number): boolean {
  return ((b - a) | 0) < 0;
}
/** For trace parameters: a sequence number as tcpdump prints it. */
function u32(x: number): number {
  return x >>> 0;
}

/** segment_seq_plus_len: the sequence number after this segment (SYN and FIN count one). */
function segmentEnd(seq: number, pkt: Packet): number {
  return (seq + pkt.payloadLen + (pkt.flags & TCP_SYN ? 1 : 0) + (pkt.flags & TCP_FIN ? 1 : 0)) | 0;
}

/** memset(&ct->proto.tcp, 0): every TCP field back to zero. */
function resetTcp(ct: Conn): void {
  ct.tcpState = 0;
  ct.tcpRetrans = 0;
  ct.tcpLastDir = 0;
  ct.tcpLastIndex = 0;
  ct.tcpLastSeq = 0;
  ct.tcpLastAck = 0;
  ct.tcpLastEnd = 0;
  ct.tcpLastWin = 0;
  ct.tcpLastWscale = 0;
  ct.tcpLastFlags = 0;
  ct.oTdEnd = 0; ct.oTdMaxend = 0; ct.oTdMaxwin = 0; ct.oTdScale = 0; ct.oTdFlags = 0; ct.oTdMaxack = 0;
  ct.rTdEnd = 0; ct.rTdMaxend = 0; ct.rTdMaxwin = 0; ct.rTdScale = 0; ct.rTdFlags = 0; ct.rTdMaxack = 0;
}

// results of tcp_in_window (enum nf_ct_tcp_action)
const ACT_IGNORE = 0;
const ACT_INVALID = 1;
const ACT_ACCEPT = 2;

/** nf_tcp_log_invalid: with liberal window checks a failed check still accepts. */
function logInvalid(ctx: PacketContext, senderFlags: number, ret: number): number {
  const liberalFlag = (senderFlags & IP_CT_TCP_FLAG_BE_LIBERAL) !== 0;
  if (liberalFlag || ctx.settings.tcp_be_liberal) {
    const tr = ctx.trace;
    if (tr) {
      tr.reason('tcp.liberal', {
        why: liberalFlag ? 'the connection was picked up in the middle' : 'nf_conntrack_tcp_be_liberal=1',
      });
    }
    return ACT_ACCEPT;
  }
  return ret;
}

/**
 * tcp_in_window. It works on seen[dir] (the sender, s*) and seen[!dir] (the receiver, r*):
 * the Conn keeps them as the oTd and rTd fields, which are read into locals here and written back
 * at the end, so nothing is allocated per packet. (The receiver's td_maxack is only read, in
 * rstChecks: it is not copied.)
 */
function tcpInWindow(ct: Conn, pkt: Packet, dir: Dir, index: number, ctx: PacketContext): number {
  const orig = dir === 0;
  let sEnd = orig ? ct.oTdEnd : ct.rTdEnd;
  let sMaxend = orig ? ct.oTdMaxend : ct.rTdMaxend;
  let sMaxwin = orig ? ct.oTdMaxwin : ct.rTdMaxwin;
  let sScale = orig ? ct.oTdScale : ct.rTdScale;
  let sFlags = orig ? ct.oTdFlags : ct.rTdFlags;
  let sMaxack = (orig ? ct.oTdMaxack : ct.rTdMaxack) | 0;
  let rEnd = orig ? ct.rTdEnd : ct.oTdEnd;
  let rMaxend = orig ? ct.rTdMaxend : ct.oTdMaxend;
  let rMaxwin = orig ? ct.rTdMaxwin : ct.oTdMaxwin;
  let rScale = orig ? ct.rTdScale : ct.oTdScale;
  let rFlags = orig ? ct.rTdFlags : ct.oTdFlags;

  const tr = ctx.trace;
  const flags = pkt.flags;
  const syn = (flags & TCP_SYN) !== 0;
  const hasAck = (flags & TCP_ACK) !== 0;
  let seq = pkt.seq | 0;
  let ack = pkt.ack | 0;
  let sack = ack; // no SACK blocks in our packets
  const winRaw = pkt.win & 0xffff;
  let win = winRaw;
  let end = segmentEnd(seq, pkt);
  let res = ACT_ACCEPT;

  // Every outcome leaves this block with `res` set; the sender and receiver are stored after it.
  check: {
    const first = sMaxwin === 0; // first packet seen from this side
    if (syn && (first || (after(end, sEnd) && (ct.tcpState === TCP_CONNTRACK_SYN_SENT || ct.tcpState === TCP_CONNTRACK_SYN_RECV)))) {
      // tcp_init_sender: a SYN/ACK answering a SYN, a SYN from the reply side (simultaneous
      // open), or (RFC 793) a reinitialised TCP reusing the connection with higher sequence numbers.
      sEnd = end;
      sMaxend = end;
      sMaxwin = win === 0 ? 1 : win;
      // tcp_options: our packets carry at most the window-scale option; with none the header
      // has no option bytes and nothing is touched, as in the kernel.
      if (pkt.wscale >= 0) {
        sScale = pkt.wscale > TCP_MAX_WSCALE ? TCP_MAX_WSCALE : pkt.wscale;
        sFlags = (sFlags & IP_CT_TCP_FLAG_BE_LIBERAL) | IP_CT_TCP_FLAG_WINDOW_SCALE;
      }
      // RFC 1323: window scaling only when both sides sent the option.
      if (dir === DIR_REPLY && !(sFlags & IP_CT_TCP_FLAG_WINDOW_SCALE && rFlags & IP_CT_TCP_FLAG_WINDOW_SCALE)) {
        sScale = 0;
        rScale = 0;
      }
      if (first) {
        if (tr) {
          tr.reason('tcp.window-init', {
            dir: DIR_NAMES[dir],
            flags: describeTcpFlags(pkt.flags),
            flagClass: TCP_FLAG_CLASSES[index],
            end: u32(end),
            win,
          });
          tr.reason('tcp.window-scale', dir === 0 ? { oScale: sScale, rScale } : { oScale: rScale, rScale: sScale });
        }
        if (!hasAck) break check; // simultaneous open
      } else {
        if (tr) tr.reason('tcp.window-reinit', { dir: DIR_NAMES[dir], end: u32(end) });
        if (dir === DIR_REPLY && !hasAck) break check;
      }
    } else if (first) {
      // Mid-connection: the history is lost, start from this packet.
      sEnd = end;
      const swin = (win << sScale) >>> 0;
      sMaxwin = swin === 0 ? 1 : swin;
      sMaxend = (end + sMaxwin) | 0;
      if (rMaxwin === 0) {
        // Nothing seen from the other side yet: let the ACK checks (III, IV) pass.
        rEnd = sack;
        rMaxend = sack;
      } else if (sack === ((rEnd + 1) | 0)) {
        // Likely the answer to a keepalive.
        rEnd = (rEnd + 1) | 0;
      }
      if (tr) tr.reason('tcp.window-pickup', { dir: DIR_NAMES[dir], end: u32(end), win });
    }

    if (!hasAck) {
      // No ACK: pretend it acknowledged exactly what the receiver sent.
      ack = sack = rEnd;
    } else if ((flags & (TCP_ACK | TCP_RST)) === (TCP_ACK | TCP_RST) && ack === 0) {
      // Broken stacks send RST+ACK with ACK 0.
      ack = sack = rEnd;
    }

    if (flags & TCP_RST && seq === 0 && ct.tcpState === TCP_CONNTRACK_SYN_SENT) {
      // RST answering a SYN.
      seq = end = sEnd;
      if (tr) tr.reason('tcp.rst-seq-zero', { seq: u32(seq) });
    }

    const maxAckWin = sMaxwin > MAXACKWINCONST ? sMaxwin : MAXACKWINCONST;

    // I. Upper bound for valid data: seq <= sender.td_maxend
    if (!before(seq, sMaxend + 1)) {
      const overshot = (end - sMaxend + 1) >>> 0;
      const ackOk = after(sack, rEnd - maxAckWin - 1);
      const inRecvWin = rMaxwin !== 0 && after(end, sEnd - rMaxwin - 1);
      if (inRecvWin && ackOk && overshot <= rMaxwin && before(sack, rEnd + 1)) {
        // A TCP sending more than the window allows: count the data so its ACK passes later.
        sEnd = end;
        sFlags |= IP_CT_TCP_FLAG_DATA_UNACKNOWLEDGED;
        if (tr) tr.reason('tcp.bytes-more-than-expected', { overshot });
        res = logInvalid(ctx, sFlags, ACT_IGNORE);
        break check;
      }
      if (tr) tr.reason('tcp.seq-over-upper-bound', { seq: u32(seq), bound: u32(sMaxend + 1) });
      res = logInvalid(ctx, sFlags, ACT_INVALID);
      break check;
    }

    // III. Upper bound for valid (s)ack: sack <= receiver.td_end
    if (!before(sack, rEnd + 1)) {
      if (tr) tr.reason('tcp.ack-over-upper-bound', { ack: u32(sack), bound: u32(rEnd + 1) });
      res = logInvalid(ctx, sFlags, ACT_INVALID);
      break check;
    }

    // II. Lower bound for valid data: seq + len >= sender.td_end - receiver.td_maxwin
    if (rMaxwin !== 0 && !after(end, sEnd - rMaxwin - 1)) {
      if (tr) tr.reason('tcp.seq-under-lower-bound', { end: u32(end), bound: u32(sEnd - rMaxwin - 1) });
      res = logInvalid(ctx, sFlags, ACT_IGNORE);
      break check;
    }

    // IV. Lower bound for valid (s)ack: sack >= receiver.td_end - MAXACKWINDOW
    if (!after(sack, rEnd - maxAckWin - 1)) {
      if (tr) tr.reason('tcp.ack-under-lower-bound', { ack: u32(sack), bound: u32(rEnd - maxAckWin - 1) });
      res = logInvalid(ctx, sFlags, ACT_IGNORE);
      break check;
    }

    if (tr) {
      tr.reason('tcp.in-window', {
        seq: u32(seq),
        end: u32(end),
        maxend: u32(sMaxend),
        ack: u32(sack),
        ackBound: u32(rEnd),
        win: winRaw,
      });
    }

    // Window scaling (RFC 1323): never on SYNs.
    if (!syn) win = (win << sScale) >>> 0;

    // Update the sender.
    const swin = (win + (sack - ack)) >>> 0;
    if (sMaxwin < swin) sMaxwin = swin;
    if (after(end, sEnd)) {
      sEnd = end;
      sFlags |= IP_CT_TCP_FLAG_DATA_UNACKNOWLEDGED;
    }
    if (hasAck) {
      if (!(sFlags & IP_CT_TCP_FLAG_MAXACK_SET)) {
        sMaxack = ack;
        sFlags |= IP_CT_TCP_FLAG_MAXACK_SET;
      } else if (after(ack, sMaxack)) {
        sMaxack = ack;
      }
    }

    // Update the receiver.
    if (rMaxwin !== 0 && after(end, sMaxend)) rMaxwin = (rMaxwin + (end - sMaxend)) >>> 0;
    if (after(sack + win, rMaxend - 1)) {
      rMaxend = (sack + win) | 0;
      if (win === 0) rMaxend = (rMaxend + 1) | 0;
    }
    if (ack === rEnd) rFlags &= ~IP_CT_TCP_FLAG_DATA_UNACKNOWLEDGED;

    // Retransmissions: the same ACK segment again from the same side.
    if (index === TCP_ACK_SET) {
      if (
        ct.tcpLastDir === dir &&
        ct.tcpLastSeq === seq &&
        ct.tcpLastAck === ack &&
        ct.tcpLastEnd === end &&
        ct.tcpLastWin === winRaw
      ) {
        ct.tcpRetrans = (ct.tcpRetrans + 1) & 0xff; // u8 in the kernel
        if (tr) tr.reason('tcp.retrans', { retrans: ct.tcpRetrans });
      } else {
        ct.tcpLastDir = dir;
        ct.tcpLastSeq = seq;
        ct.tcpLastAck = ack;
        ct.tcpLastEnd = end;
        ct.tcpLastWin = winRaw;
        ct.tcpRetrans = 0;
      }
    }
  }

  if (orig) {
    ct.oTdEnd = sEnd; ct.oTdMaxend = sMaxend; ct.oTdMaxwin = sMaxwin; ct.oTdScale = sScale; ct.oTdFlags = sFlags; ct.oTdMaxack = sMaxack;
    ct.rTdEnd = rEnd; ct.rTdMaxend = rMaxend; ct.rTdMaxwin = rMaxwin; ct.rTdScale = rScale; ct.rTdFlags = rFlags;
  } else {
    ct.rTdEnd = sEnd; ct.rTdMaxend = sMaxend; ct.rTdMaxwin = sMaxwin; ct.rTdScale = sScale; ct.rTdFlags = sFlags; ct.rTdMaxack = sMaxack;
    ct.oTdEnd = rEnd; ct.oTdMaxend = rMaxend; ct.oTdMaxwin = rMaxwin; ct.oTdScale = rScale; ct.oTdFlags = rFlags;
  }
  return res;
}

/**
 * nf_tcp_handle_invalid: an out-of-window FIN or RST answering the other side's FIN or RST on
 * an assured connection means it is probably dead: shorten its timeout to the unacknowledged
 * one (only if more than 120 s are left).
 */
function handleInvalid(ct: Conn, pkt: Packet, dir: Dir, index: number, ctx: PacketContext): void {
  if (!(ct.status & IPS_ASSURED)) return;
  if (index !== TCP_RST_SET && index !== TCP_FIN_SET) return;
  if (ct.tcpLastDir !== dir && (ct.tcpLastIndex === TCP_FIN_SET || ct.tcpLastIndex === TCP_RST_SET)) {
    const left = ct.timeout - ctx.now;
    if (left < 120 * 1000) return;
    const t = ctx.settings.tcp_timeout_unacknowledged;
    if (left > t * 1000) {
      const tr = ctx.trace;
      if (tr) {
        tr.reason('tcp.invalid-lowers-timeout', {
          flags: describeTcpFlags(pkt.flags),
          flagClass: TCP_FLAG_CLASSES[index],
          lastClass: TCP_FLAG_CLASSES[ct.tcpLastIndex],
          seconds: t,
        });
      }
      refresh(ct, ctx, t);
    }
  } else {
    ct.tcpLastIndex = index;
    ct.tcpLastDir = dir;
  }
}

/** tcp_new: may this first packet create an entry? Initialises the tracking if so. */
function tcpNew(ct: Conn, pkt: Packet, index: number, ctx: PacketContext): boolean {
  const tr = ctx.trace;
  const next = TCP_CONNTRACKS[index * TCP_CONNTRACK_MAX]; // [ORIGINAL][index][NONE]
  if (next >= TCP_CONNTRACK_MAX) {
    if (tr) tr.reason('tcp.new-invalid', { flags: describeTcpFlags(pkt.flags), flagClass: TCP_FLAG_CLASSES[index] });
    return false;
  }
  const win = pkt.win & 0xffff;
  const end = segmentEnd(pkt.seq | 0, pkt);
  if (next === TCP_CONNTRACK_SYN_SENT) {
    resetTcp(ct);
    ct.oTdEnd = end;
    ct.oTdMaxwin = win === 0 ? 1 : win;
    ct.oTdMaxend = end;
    if (pkt.wscale >= 0) {
      ct.oTdScale = pkt.wscale > TCP_MAX_WSCALE ? TCP_MAX_WSCALE : pkt.wscale;
      ct.oTdFlags = IP_CT_TCP_FLAG_WINDOW_SCALE;
    }
    if (tr) {
      tr.reason('tcp.new-syn', { end: u32(end), win, wscale: pkt.wscale >= 0 ? pkt.wscale : 'none' });
    }
  } else if (ctx.settings.tcp_loose === 0) {
    if (tr) tr.reason('tcp.new-not-loose', { flags: describeTcpFlags(pkt.flags), flagClass: TCP_FLAG_CLASSES[index] });
    return false;
  } else {
    resetTcp(ct);
    ct.oTdEnd = end;
    ct.oTdMaxwin = win === 0 ? 1 : win;
    ct.oTdMaxend = (end + ct.oTdMaxwin) | 0;
    // SACK and liberal window checks are assumed, to cope with unknown window scaling.
    ct.oTdFlags = IP_CT_TCP_FLAG_SACK_PERM | IP_CT_TCP_FLAG_BE_LIBERAL;
    ct.rTdFlags = IP_CT_TCP_FLAG_SACK_PERM | IP_CT_TCP_FLAG_BE_LIBERAL;
    if (tr) tr.reason('tcp.new-pickup', { flags: describeTcpFlags(pkt.flags), flagClass: TCP_FLAG_CLASSES[index] });
  }
  ct.tcpLastIndex = TCP_NONE_SET;
  return true;
}

/** tcp_can_early_drop: the closing states, in which an RST needs no sequence check. */
function closing(state: number): boolean {
  return (
    state === TCP_CONNTRACK_FIN_WAIT ||
    state === TCP_CONNTRACK_LAST_ACK ||
    state === TCP_CONNTRACK_TIME_WAIT ||
    state === TCP_CONNTRACK_CLOSE ||
    state === TCP_CONNTRACK_CLOSE_WAIT
  );
}

// outcomes of the RST checks
const RST_CHECK_WINDOW = 0;
const RST_SKIP_WINDOW = 1;
const RST_INVALID = 2;
const RST_KEEP_STATE = 3;
const RST_KEEP_STATE_SKIP_WINDOW = 4;

/** The TCP_CONNTRACK_CLOSE case of nf_conntrack_tcp_packet for an RST. */
function rstChecks(ct: Conn, pkt: Packet, dir: Dir, oldState: number, ctx: PacketContext): number {
  const tr = ctx.trace;
  if (closing(oldState)) {
    // The tuple may already be reused: skip the sequence checks.
    if (tr) tr.reason('tcp.rst-closing', { state: TCP_STATE_NAMES[oldState] });
    return RST_SKIP_WINDOW;
  }
  let keep = false;
  const otherFlags = dir === 0 ? ct.rTdFlags : ct.oTdFlags;
  if (otherFlags & IP_CT_TCP_FLAG_MAXACK_SET && ct.tcpLastIndex !== TCP_SYN_SET) {
    const seq = pkt.seq | 0;
    const maxack = (dir === 0 ? ct.rTdMaxack : ct.oTdMaxack) | 0;
    const established = ct.tcpState === TCP_CONNTRACK_ESTABLISHED && (ct.status & IPS_ASSURED) !== 0;
    // SEQ 0 outside ESTABLISHED: most likely the answer to a SYN let through.
    if (seq === 0 && !established) return RST_CHECK_WINDOW;
    if (before(seq, maxack)) {
      if (!ctx.settings.tcp_ignore_invalid_rst) {
        if (tr) tr.reason('tcp.rst-invalid', { seq: u32(seq), maxack: u32(maxack) });
        return RST_INVALID;
      }
      if (tr) tr.reason('tcp.rst-invalid-ignored', { seq: u32(seq), maxack: u32(maxack) });
    }
    if (!established || seq === maxack) return RST_CHECK_WINDOW;
    // Part of a train: data, then an RST right after it from the same side.
    if (ct.tcpLastIndex === TCP_ACK_SET && ct.tcpLastDir === dir && seq === ct.tcpLastEnd) return RST_CHECK_WINDOW;
    // In the window but not exact: keep the state, a challenge ACK may follow (RFC 5961).
    if (tr) tr.reason('tcp.rst-inexact', { seq: u32(seq), maxack: u32(maxack), state: TCP_STATE_NAMES[oldState] });
    keep = true;
  }
  const ackSeq = pkt.ack | 0;
  if (
    // (the SYN case only for a reset from the other side than the SYN, as in 6.18)
    ((ct.status & IPS_SEEN_REPLY && ct.tcpLastIndex === TCP_SYN_SET && ct.tcpLastDir !== dir) ||
      (!(ct.status & IPS_ASSURED) && ct.tcpLastIndex === TCP_ACK_SET)) &&
    ackSeq === ct.tcpLastEnd
  ) {
    // RST to a SYN (a) or an ACK of a half-open connection (c) let through: no window check.
    if (tr) {
      tr.reason('tcp.rst-answers-ignored', {
        what: ct.tcpLastIndex === TCP_SYN_SET ? 'SYN' : 'ACK',
        ack: u32(ackSeq),
      });
    }
    return keep ? RST_KEEP_STATE_SKIP_WINDOW : RST_SKIP_WINDOW;
  }
  if (
    oldState === TCP_CONNTRACK_SYN_SENT &&
    ct.tcpLastIndex === TCP_ACK_SET &&
    ct.tcpLastDir === DIR_REPLY &&
    (pkt.seq | 0) === ct.tcpLastAck
  ) {
    // Reset answering a challenge ACK let through earlier.
    if (tr) tr.reason('tcp.rst-answers-challenge-ack', { seq: u32(pkt.seq) });
    return keep ? RST_KEEP_STATE_SKIP_WINDOW : RST_SKIP_WINDOW;
  }
  return keep ? RST_KEEP_STATE : RST_CHECK_WINDOW;
}

/** The "ignore" (sIG) case: note the packet so that the answer to it can be understood. */
function notePacketIgnored(ct: Conn, pkt: Packet, dir: Dir, index: number, oldState: number, tr: Tracer | null): void {
  const seq = pkt.seq | 0;
  ct.tcpLastIndex = index;
  ct.tcpLastDir = dir;
  ct.tcpLastSeq = seq;
  ct.tcpLastEnd = segmentEnd(seq, pkt);
  ct.tcpLastWin = pkt.win & 0xffff;
  if (tr) {
    tr.reason('tcp.ignored', {
      state: TCP_STATE_NAMES[oldState],
      flags: describeTcpFlags(pkt.flags),
      flagClass: TCP_FLAG_CLASSES[index],
      dir: DIR_NAMES[dir],
    });
  }
  // a) A SYN in ORIGINAL: hosts may be in sync and conntrack not. Keep its options; a SYN/ACK
  //    answering it resynchronises, a challenge ACK (RFC 5961) may answer it instead.
  if (index === TCP_SYN_SET && dir === 0) {
    ct.tcpLastFlags = 0;
    ct.tcpLastWscale = 0;
    if (pkt.wscale >= 0) {
      ct.tcpLastFlags |= IP_CT_TCP_FLAG_WINDOW_SCALE;
      ct.tcpLastWscale = pkt.wscale > TCP_MAX_WSCALE ? TCP_MAX_WSCALE : pkt.wscale;
    }
    if (tr) tr.reason('tcp.ignored-syn-noted', { end: u32(ct.tcpLastEnd) });
    if (oldState === TCP_CONNTRACK_LAST_ACK) {
      ct.tcpLastFlags |= IP_CT_EXP_CHALLENGE_ACK;
      if (tr) tr.reason('tcp.challenge-ack-expected');
    }
  }
  // c) An ACK in REPLY after the SYN: maybe a challenge ACK.
  if (oldState === TCP_CONNTRACK_SYN_SENT && index === TCP_ACK_SET && dir === DIR_REPLY) {
    ct.tcpLastAck = pkt.ack | 0;
    if (tr) tr.reason('tcp.challenge-ack-noted', { ack: u32(pkt.ack) });
  }
}

/**
 * b) A SYN/ACK acknowledging the SYN we ignored: client and server are in sync, the firewall
 * is not. Rebuild the tracking from the remembered SYN and start over as SYN_SENT -> SYN_RECV.
 */
function resyncFromIgnoredSyn(ct: Conn, dir: Dir): void {
  const lastDir = ct.tcpLastDir;
  const end = ct.tcpLastEnd;
  const maxwin = ct.tcpLastWin === 0 ? 1 : ct.tcpLastWin;
  ct.tcpLastFlags &= ~IP_CT_EXP_CHALLENGE_ACK;
  const flags = ct.tcpLastFlags;
  if (lastDir === 0) {
    ct.oTdEnd = end; ct.oTdMaxend = end; ct.oTdMaxwin = maxwin; ct.oTdScale = ct.tcpLastWscale; ct.oTdFlags = flags;
  } else {
    ct.rTdEnd = end; ct.rTdMaxend = end; ct.rTdMaxwin = maxwin; ct.rTdScale = ct.tcpLastWscale; ct.rTdFlags = flags;
  }
  // nf_ct_tcp_state_reset(seen[dir])
  if (dir === 0) {
    ct.oTdEnd = 0; ct.oTdMaxend = 0; ct.oTdMaxwin = 0; ct.oTdMaxack = 0; ct.oTdScale = 0;
    ct.oTdFlags &= IP_CT_TCP_FLAG_BE_LIBERAL;
  } else {
    ct.rTdEnd = 0; ct.rTdMaxend = 0; ct.rTdMaxwin = 0; ct.rTdMaxack = 0; ct.rTdScale = 0;
    ct.rTdFlags &= IP_CT_TCP_FLAG_BE_LIBERAL;
  }
}

// why a timeout was chosen (for the trace)
const TO_STATE = 0;
const TO_RETRANS = 1;
const TO_RST = 2;
const TO_UNACK = 3;
const TO_ZERO_WINDOW = 4;

function traceTimeout(tr: Tracer, ct: Conn, why: number, seconds: number, state: number, ctx: PacketContext): void {
  switch (why) {
    case TO_RETRANS:
      tr.reason('tcp.timeout-retrans', { seconds, retrans: ct.tcpRetrans, max: ctx.settings.tcp_max_retrans });
      break;
    case TO_RST:
      tr.reason('tcp.timeout-rst', { seconds });
      break;
    case TO_UNACK:
      tr.reason('tcp.timeout-unack', { seconds });
      break;
    case TO_ZERO_WINDOW:
      tr.reason('tcp.timeout-zero-window', { seconds });
      break;
    default:
      tr.reason('tcp.timeout-state', { seconds, state: TCP_STATE_NAMES[state] });
  }
}

/** nf_conntrack_tcp_packet. */
export const tcpPacket: L4PacketHandler = (ct, pkt, dir, ctx) => {
  const tr = ctx.trace;
  const flags = pkt.flags;

  // The common case, untraced: see tcpFastPath.ts (the core usually runs it before this).
  if (tr === null && tcpEstablishedAck(ct.h, ct.b, ct.d, ct.db, pkt, dir, ctx)) return NF_ACCEPT;

  // tcp_error: only the flag check applies to our packets.
  if (TCP_VALID_FLAGS[flags & FLAG_MASK] === 0) {
    if (tr) tr.reason('tcp.invalid-flags', { flags: flags ? describeTcpFlags(flags).replace(/\//g, '+') : 'No flag at all' });
    return NF_INVALID;
  }

  const index = tcpFlagIndex(flags);
  if ((ct.status & IPS_CONFIRMED) === 0 && !tcpNew(ct, pkt, index, ctx)) return NF_INVALID;

  const prevState = ct.tcpState;
  let oldState = prevState;
  let newState = TCP_CONNTRACKS[(dir * 6 + index) * TCP_CONNTRACK_MAX + oldState];
  let checkWindow = true;

  if (newState === TCP_CONNTRACK_SYN_SENT && oldState >= TCP_CONNTRACK_TIME_WAIT) {
    // RFC 1122: a SYN may reopen a connection from TIME_WAIT; also a client that aborted
    // (RST) and starts over. Delete this entry and let the core look the packet up again.
    if (
      (ct.oTdFlags | ct.rTdFlags) & IP_CT_TCP_FLAG_CLOSE_INIT ||
      (ct.tcpLastDir === dir && ct.tcpLastIndex === TCP_RST_SET)
    ) {
      if (ctx.kill(ct)) {
        if (tr) tr.reason('tcp.reopen', { state: TCP_STATE_NAMES[oldState] });
        return NF_REPEAT;
      }
      if (tr) tr.reason('tcp.reopen-dying', { state: TCP_STATE_NAMES[oldState] });
      return NF_DROP;
    }
    newState = sIG; // otherwise: treated as an ignored packet
  }

  if (newState === sIG) {
    if (
      index === TCP_SYNACK_SET &&
      ct.tcpLastIndex === TCP_SYN_SET &&
      ct.tcpLastDir !== dir &&
      (pkt.ack | 0) === ct.tcpLastEnd
    ) {
      resyncFromIgnoredSyn(ct, dir);
      oldState = TCP_CONNTRACK_SYN_SENT;
      newState = TCP_CONNTRACK_SYN_RECV;
      if (tr) tr.reason('tcp.synack-resync', { ack: u32(pkt.ack) });
    } else {
      notePacketIgnored(ct, pkt, dir, index, oldState, tr);
      return NF_ACCEPT;
    }
  } else if (newState === sIV) {
    if (tr) {
      tr.reason('tcp.state-invalid', {
        state: TCP_STATE_NAMES[oldState],
        flags: describeTcpFlags(pkt.flags),
      flagClass: TCP_FLAG_CLASSES[index],
        dir: DIR_NAMES[dir],
        index,
        dirIndex: dir,
      });
    }
    return NF_INVALID;
  } else if (newState === TCP_CONNTRACK_TIME_WAIT) {
    // RFC 5961: the ACK answering a SYN seen in LAST_ACK is a challenge ACK, not the last ACK.
    if (
      oldState === TCP_CONNTRACK_LAST_ACK &&
      index === TCP_ACK_SET &&
      ct.tcpLastDir !== dir &&
      ct.tcpLastIndex === TCP_SYN_SET &&
      ct.tcpLastFlags & IP_CT_EXP_CHALLENGE_ACK
    ) {
      ct.tcpLastFlags &= ~IP_CT_EXP_CHALLENGE_ACK;
      if (tr) tr.reason('tcp.challenge-ack-ignored');
      return NF_ACCEPT;
    }
  } else if (newState === TCP_CONNTRACK_SYN_SENT2) {
    // The table alone cannot follow a simultaneous open: remember it.
    ct.tcpLastFlags |= IP_CT_TCP_SIMULTANEOUS_OPEN;
    if (tr) tr.reason('tcp.simultaneous-open');
  } else if (newState === TCP_CONNTRACK_SYN_RECV) {
    if (dir === DIR_REPLY && index === TCP_ACK_SET && ct.tcpLastFlags & IP_CT_TCP_SIMULTANEOUS_OPEN) {
      newState = TCP_CONNTRACK_ESTABLISHED;
      if (tr) tr.reason('tcp.simultaneous-open-established');
    }
  } else if (newState === TCP_CONNTRACK_CLOSE && index === TCP_RST_SET) {
    const r = rstChecks(ct, pkt, dir, oldState, ctx);
    if (r === RST_INVALID) return NF_INVALID;
    if (r === RST_KEEP_STATE || r === RST_KEEP_STATE_SKIP_WINDOW) newState = oldState;
    if (r === RST_SKIP_WINDOW || r === RST_KEEP_STATE_SKIP_WINDOW) checkWindow = false;
  }

  if (checkWindow) {
    const res = tcpInWindow(ct, pkt, dir, index, ctx);
    if (res === ACT_IGNORE) return NF_ACCEPT;
    if (res === ACT_INVALID) {
      handleInvalid(ct, pkt, dir, index, ctx);
      return NF_INVALID;
    }
  }

  // From here on the packet is in the window.
  ct.tcpLastIndex = index;
  ct.tcpLastDir = dir;
  ct.tcpState = newState;
  if (oldState !== newState && newState === TCP_CONNTRACK_FIN_WAIT) {
    if (dir === 0) ct.oTdFlags |= IP_CT_TCP_FLAG_CLOSE_INIT;
    else ct.rTdFlags |= IP_CT_TCP_FLAG_CLOSE_INIT;
  }
  if (tr) {
    tr.reason('tcp.state', {
      from: TCP_STATE_NAMES[prevState],
      flags: describeTcpFlags(pkt.flags),
      flagClass: TCP_FLAG_CLASSES[index],
      dir: DIR_NAMES[dir],
      to: TCP_STATE_NAMES[newState],
    });
    if (prevState !== newState) tr.tcpTransition(ct, prevState, newState, dir);
  }

  // The timeout.
  const st = ctx.settings;
  const stateTimeout = tcpTimeout(st, newState);
  let timeout = stateTimeout;
  let why = TO_STATE;
  if (ct.tcpRetrans >= st.tcp_max_retrans && stateTimeout > st.tcp_timeout_max_retrans) {
    timeout = st.tcp_timeout_max_retrans;
    why = TO_RETRANS;
  } else if (index === TCP_RST_SET) {
    timeout = tcpTimeout(st, TCP_CONNTRACK_CLOSE);
    why = TO_RST;
  } else if (
    (ct.oTdFlags | ct.rTdFlags) & IP_CT_TCP_FLAG_DATA_UNACKNOWLEDGED &&
    stateTimeout > tcpTimeout(st, TCP_CONNTRACK_UNACK)
  ) {
    timeout = tcpTimeout(st, TCP_CONNTRACK_UNACK);
    why = TO_UNACK;
  } else if (ct.tcpLastWin === 0 && stateTimeout > tcpTimeout(st, TCP_CONNTRACK_RETRANS)) {
    timeout = tcpTimeout(st, TCP_CONNTRACK_RETRANS);
    why = TO_ZERO_WINDOW;
  }

  if (!(ct.status & IPS_SEEN_REPLY)) {
    // Only an RST came back (or the client gave up): no connection, delete it now.
    if (flags & TCP_RST) {
      if (tr) tr.reason('tcp.rst-unreplied');
      ctx.kill(ct);
      return NF_ACCEPT;
    }
    // A retransmitted SYN does not renew the timeout, or a reused port could keep it alive.
    if (index === TCP_SYN_SET && oldState === TCP_CONNTRACK_SYN_SENT) {
      if (tr) tr.reason('tcp.syn-retrans');
      return NF_ACCEPT;
    }
    // ESTABLISHED without a reply: a picked-up connection; avoid the long timeout.
    const unack = tcpTimeout(st, TCP_CONNTRACK_UNACK);
    if (newState === TCP_CONNTRACK_ESTABLISHED && timeout > unack) {
      timeout = unack;
      if (tr) tr.reason('tcp.timeout-unreplied', { seconds: timeout });
    } else if (tr) {
      traceTimeout(tr, ct, why, timeout, newState, ctx);
    }
  } else {
    if (
      !(ct.status & IPS_ASSURED) &&
      (oldState === TCP_CONNTRACK_SYN_RECV || oldState === TCP_CONNTRACK_ESTABLISHED) &&
      newState === TCP_CONNTRACK_ESTABLISHED
    ) {
      // A valid ACK in ESTABLISHED after SYN_RECV, or a valid answer for a picked-up one.
      ct.status |= IPS_ASSURED;
      if (tr) {
        tr.reason('tcp.assured', {
          flags: describeTcpFlags(pkt.flags),
          flagClass: TCP_FLAG_CLASSES[index],
          from: TCP_STATE_NAMES[oldState],
        });
      }
    }
    if (tr) traceTimeout(tr, ct, why, timeout, newState, ctx);
  }
  refresh(ct, ctx, timeout);
  return NF_ACCEPT;
};
