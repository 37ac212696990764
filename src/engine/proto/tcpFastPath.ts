/**
 * The untraced fast path of the TCP tracker for the most common packet: an ACK (PSH/ECE/CWR do
 * not count) on a confirmed, assured ESTABLISHED entry whose sender has been seen. It does
 * exactly what nf_conntrack_tcp_packet does for it: tcp_conntracks[dir][TCP_ACK_SET][sES] is
 * sES, then tcp_in_window with no SYN, no RST and a real ACK (checks I, III, II, IV; the sender
 * and receiver updates; the retransmission bookkeeping), then the timeout.
 *
 * It works on the entry's record (conn.ts) rather than on the Conn object, so that the core can
 * run it straight from a table slot: for a table of 100,000 entries that is the difference
 * between reading records laid out one after the other and chasing objects scattered over the
 * heap. If any condition does not hold, or a window check fails, it returns false before
 * writing anything and the general path (tcpTracker.ts) takes the packet.
 * src/engine/proto/tcpFastPath.test.ts checks both paths leave the same entries.
 *
 * Record indices are numbers with conn.ts's constant names beside them (see conntrackTable.ts).
 */
import type { Dir } from '../ctinfo';
import { TCP_ACK, TCP_FIN, TCP_RST, TCP_SYN, TCP_URG, type Packet } from '../packet';
import { IPS_ASSURED, IPS_CONFIRMED, IPS_SEEN_REPLY } from '../status';
import type { PacketContext } from './l4Tracker';
import {
  IP_CT_TCP_FLAG_DATA_UNACKNOWLEDGED,
  IP_CT_TCP_FLAG_MAXACK_SET,
  TCP_ACK_SET,
  TCP_CONNTRACK_ESTABLISHED,
} from './tcpStates';

/** MAXACKWINCONST: the least window for the ACK lower bound. */
export const MAXACKWINCONST = 66000;
/** The flags tcp_valid_flags looks at: PSH, ECE and CWR never matter. */
export const FLAG_MASK = TCP_FIN | TCP_SYN | TCP_RST | TCP_ACK | TCP_URG;
/** The entry bits the fast path needs: confirmed, answered, assured. */
const FAST_STATUS = IPS_CONFIRMED | IPS_SEEN_REPLY | IPS_ASSURED;

/**
 * The fast path for `pkt` in direction `dir` on the record at h[b], d[db]. Returns true when
 * it handled the packet (the entry stays ESTABLISHED, its status does not change), false when
 * the general path must.
 */
export function tcpEstablishedAck(h: Int32Array, b: number, d: Float64Array, db: number, pkt: Packet, dir: Dir, ctx: PacketContext): boolean {
  if ((pkt.flags & FLAG_MASK) !== TCP_ACK) return false;
  if (h[b + 13 /* F_TCP_STATE */] !== TCP_CONNTRACK_ESTABLISHED) return false;
  if ((h[b + 11 /* F_STATUS */] & FAST_STATUS) !== FAST_STATUS) return false;

  // The sender's and the receiver's halves of the record (seen[dir] and seen[!dir]).
  const orig = dir === 0;
  const s = orig ? 0 : 29 /* F_R_END */ - 23 /* F_O_END */;
  const r = orig ? 29 /* F_R_END */ - 23 /* F_O_END */ : 0;
  // The windows are u32; read as int32 they are negative only beyond 2^31, which the fast
  // path leaves to the general one (so all its arithmetic stays in int32).
  let sMaxwin = h[b + s + 25 /* F_O_MAXWIN */];
  if (sMaxwin <= 0) return false; // 0: first packet from this side, the pick-up case
  let rMaxwin = h[b + r + 25 /* F_O_MAXWIN */];
  if (rMaxwin < 0) return false;
  const sEnd = h[b + s + 23 /* F_O_END */];
  const sMaxend = h[b + s + 24 /* F_O_MAXEND */];
  const rEnd = h[b + r + 23 /* F_O_END */];

  const seq = pkt.seq | 0;
  const ack = pkt.ack | 0;
  const end = (seq + pkt.payloadLen) | 0; // segment_seq_plus_len without SYN or FIN
  const maxAckWin = sMaxwin > MAXACKWINCONST ? sMaxwin : MAXACKWINCONST;
  if (
    ((seq - (sMaxend + 1)) | 0) >= 0 || // I: before(seq, maxend + 1)
    ((ack - (rEnd + 1)) | 0) >= 0 || // III: before(ack, rEnd + 1)
    (rMaxwin !== 0 && ((sEnd - rMaxwin - 1 - end) | 0) >= 0) || // II: after(end, sEnd - rMaxwin - 1)
    ((rEnd - maxAckWin - 1 - ack) | 0) >= 0 // IV: after(ack, rEnd - maxAckWin - 1)
  ) {
    return false;
  }

  // In the window: the updates of tcp_in_window (sack === ack, no SACK blocks).
  const winRaw = pkt.win & 0xffff;
  const win = winRaw << h[b + s + 26 /* F_O_SCALE */]; // < 2^30: the scale is at most 14
  let sFlags = h[b + s + 27 /* F_O_FLAGS */];
  let sMaxack = h[b + s + 28 /* F_O_MAXACK */];
  let rMaxend = h[b + r + 24 /* F_O_MAXEND */];
  let rFlags = h[b + r + 27 /* F_O_FLAGS */];
  if (sMaxwin < win) sMaxwin = win;
  const newEnd = ((sEnd - end) | 0) < 0; // after(end, sEnd)
  if (newEnd) sFlags |= IP_CT_TCP_FLAG_DATA_UNACKNOWLEDGED;
  if (!(sFlags & IP_CT_TCP_FLAG_MAXACK_SET)) {
    sMaxack = ack;
    sFlags |= IP_CT_TCP_FLAG_MAXACK_SET;
  } else if (((sMaxack - ack) | 0) < 0) {
    sMaxack = ack;
  }
  if (rMaxwin !== 0 && ((sMaxend - end) | 0) < 0) {
    rMaxwin = (rMaxwin + (end - sMaxend)) | 0;
    if (rMaxwin < 0) return false; // past 2^31: the general path keeps it as u32
  }
  if (((rMaxend - 1 - (ack + win)) | 0) < 0) {
    rMaxend = (ack + win) | 0;
    if (win === 0) rMaxend = (rMaxend + 1) | 0;
  }
  if (ack === rEnd) rFlags &= ~IP_CT_TCP_FLAG_DATA_UNACKNOWLEDGED;
  let retrans = h[b + 14 /* F_TCP_RETRANS */];
  if (
    h[b + 15 /* F_TCP_LAST_DIR */] === dir &&
    h[b + 17 /* F_TCP_LAST_SEQ */] === seq &&
    h[b + 18 /* F_TCP_LAST_ACK */] === ack &&
    h[b + 19 /* F_TCP_LAST_END */] === end &&
    h[b + 20 /* F_TCP_LAST_WIN */] === winRaw
  ) {
    retrans = (retrans + 1) & 0xff;
  } else {
    h[b + 17 /* F_TCP_LAST_SEQ */] = seq;
    h[b + 18 /* F_TCP_LAST_ACK */] = ack;
    h[b + 19 /* F_TCP_LAST_END */] = end;
    h[b + 20 /* F_TCP_LAST_WIN */] = winRaw;
    retrans = 0;
  }
  h[b + 14 /* F_TCP_RETRANS */] = retrans;
  if (newEnd) h[b + s + 23 /* F_O_END */] = end;
  h[b + s + 25 /* F_O_MAXWIN */] = sMaxwin;
  h[b + s + 27 /* F_O_FLAGS */] = sFlags;
  h[b + s + 28 /* F_O_MAXACK */] = sMaxack;
  h[b + r + 24 /* F_O_MAXEND */] = rMaxend;
  h[b + r + 25 /* F_O_MAXWIN */] = rMaxwin;
  h[b + r + 27 /* F_O_FLAGS */] = rFlags;

  // nf_conntrack_tcp_packet after the window: the state stays ESTABLISHED, then the timeout
  // (tcpTimeout's choice for ESTABLISHED, with its UNACK and RETRANS caps, read directly).
  h[b + 16 /* F_TCP_LAST_INDEX */] = TCP_ACK_SET;
  h[b + 15 /* F_TCP_LAST_DIR */] = dir;
  const st = ctx.settings;
  const stateTimeout = st.tcp_timeout_established;
  let timeout = stateTimeout;
  if (retrans >= st.tcp_max_retrans && stateTimeout > st.tcp_timeout_max_retrans) {
    timeout = st.tcp_timeout_max_retrans;
  } else if ((sFlags | rFlags) & IP_CT_TCP_FLAG_DATA_UNACKNOWLEDGED && stateTimeout > st.tcp_timeout_unacknowledged) {
    timeout = st.tcp_timeout_unacknowledged;
  } else if (h[b + 20 /* F_TCP_LAST_WIN */] === 0 && stateTimeout > st.tcp_timeout_max_retrans) {
    timeout = st.tcp_timeout_max_retrans;
  }
  d[db + 0 /* D_TIMEOUT */] = ctx.now + timeout * 1000; // nf_ct_refresh
  return true;
}
