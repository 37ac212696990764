/**
 * TCP conntrack states and the transition table: the data half of the kernel's
 * net/netfilter/nf_conntrack_proto_tcp.c (enum tcp_conntrack, tcp_conntrack_names,
 * get_conntrack_index, tcp_conntracks[dir][flag][state], the IP_CT_TCP_FLAG_* bits and the
 * per-state timeouts). Read from Linux 6.17; written anew.
 *
 * The table is kept twice: as readable rows (next state and a reason per cell) that the UI
 * can draw, and flattened into a Uint8Array for the tracker's hot path.
 */
import type { Dir } from '../ctinfo';
import { TCP_ACK, TCP_FIN, TCP_RST, TCP_SYN } from '../packet';
import type { CtSettings } from '../settings';

// ---- enum tcp_conntrack ----
export const TCP_CONNTRACK_NONE = 0;
export const TCP_CONNTRACK_SYN_SENT = 1;
export const TCP_CONNTRACK_SYN_RECV = 2;
export const TCP_CONNTRACK_ESTABLISHED = 3;
export const TCP_CONNTRACK_FIN_WAIT = 4;
export const TCP_CONNTRACK_CLOSE_WAIT = 5;
export const TCP_CONNTRACK_LAST_ACK = 6;
export const TCP_CONNTRACK_TIME_WAIT = 7;
export const TCP_CONNTRACK_CLOSE = 8;
/** SYN seen from both ends (simultaneous open). The kernel's old LISTEN slot. */
export const TCP_CONNTRACK_SYN_SENT2 = 9;
/** Number of real states; as a table entry it means "invalid" (sIV). */
export const TCP_CONNTRACK_MAX = 10;
/** Table entry "ignore": let the packet pass without changing state (sIG). */
export const TCP_CONNTRACK_IGNORE = 11;
/** Timeout slots beyond the states (timeouts[] indexes in the kernel). */
export const TCP_CONNTRACK_RETRANS = 12;
export const TCP_CONNTRACK_UNACK = 13;

/** The table's markers, named as in the kernel source. */
export const sIV = TCP_CONNTRACK_MAX;
export const sIG = TCP_CONNTRACK_IGNORE;

/** State names exactly as `conntrack -L` prints them (tcp_conntrack_names). */
export const TCP_STATE_NAMES = [
  'NONE',
  'SYN_SENT',
  'SYN_RECV',
  'ESTABLISHED',
  'FIN_WAIT',
  'CLOSE_WAIT',
  'LAST_ACK',
  'TIME_WAIT',
  'CLOSE',
  'SYN_SENT2',
] as const;
export type TcpStateName = (typeof TCP_STATE_NAMES)[number];

// ---- enum tcp_bit_set: the flag class of a segment, the table's middle index ----
export const TCP_SYN_SET = 0;
export const TCP_SYNACK_SET = 1;
export const TCP_FIN_SET = 2;
export const TCP_ACK_SET = 3;
export const TCP_RST_SET = 4;
export const TCP_NONE_SET = 5;

export const TCP_FLAG_CLASSES = ['syn', 'synack', 'fin', 'ack', 'rst', 'none'] as const;
export type TcpFlagClass = (typeof TCP_FLAG_CLASSES)[number];

/**
 * get_conntrack_index: RST wins over everything, then SYN (with or without ACK), then FIN,
 * then ACK. PSH, URG, ECE and CWR do not matter.
 */
export function tcpFlagIndex(flags: number): number {
  if (flags & TCP_RST) return TCP_RST_SET;
  if (flags & TCP_SYN) return flags & TCP_ACK ? TCP_SYNACK_SET : TCP_SYN_SET;
  if (flags & TCP_FIN) return TCP_FIN_SET;
  if (flags & TCP_ACK) return TCP_ACK_SET;
  return TCP_NONE_SET;
}

/** The flag class of a packet's TCP flags, for the UI ('syn', 'synack', 'fin', 'ack', 'rst', 'none'). */
export function tcpFlagClass(flags: number): TcpFlagClass {
  return TCP_FLAG_CLASSES[tcpFlagIndex(flags)];
}

// ---- struct ip_ct_tcp_state.flags (include/uapi/linux/netfilter/nf_conntrack_tcp.h) ----
/** This side sent the window scale option. */
export const IP_CT_TCP_FLAG_WINDOW_SCALE = 0x01;
/** This side sent SACK-permitted. */
export const IP_CT_TCP_FLAG_SACK_PERM = 0x02;
/** This side sent the first FIN. */
export const IP_CT_TCP_FLAG_CLOSE_INIT = 0x04;
/** No window checks for packets from this side (picked-up connections). */
export const IP_CT_TCP_FLAG_BE_LIBERAL = 0x08;
/** This side sent data the other has not acknowledged yet. */
export const IP_CT_TCP_FLAG_DATA_UNACKNOWLEDGED = 0x10;
/** td_maxack holds a value. */
export const IP_CT_TCP_FLAG_MAXACK_SET = 0x20;
/** (last_flags) An RFC 5961 challenge ACK may come: a SYN was let through in LAST_ACK. */
export const IP_CT_EXP_CHALLENGE_ACK = 0x40;
/** (last_flags) Simultaneous open seen. */
export const IP_CT_TCP_SIMULTANEOUS_OPEN = 0x80;

// ---- the transition table ----

type Cells = readonly [number, number, number, number, number, number, number, number, number, number];
type Why = Partial<Record<TcpStateName, string>>;

interface TableRow {
  flag: TcpFlagClass;
  next: Cells;
  /** Why, per from-state; the UI shows it on the diagram's edges. */
  why: Why;
}

const sSS = TCP_CONNTRACK_SYN_SENT;
const sSR = TCP_CONNTRACK_SYN_RECV;
const sES = TCP_CONNTRACK_ESTABLISHED;
const sFW = TCP_CONNTRACK_FIN_WAIT;
const sCW = TCP_CONNTRACK_CLOSE_WAIT;
const sLA = TCP_CONNTRACK_LAST_ACK;
const sTW = TCP_CONNTRACK_TIME_WAIT;
const sCL = TCP_CONNTRACK_CLOSE;
const sS2 = TCP_CONNTRACK_SYN_SENT2;

/*
 * Conntrack sits in the middle: it sees every packet but cannot know which ones arrive.
 * It guesses the state of the sender. sIG ("ignore") marks packets that may be valid or not:
 * conntrack lets them through unchanged, and the receiver's answer (an RST or a SYN/ACK)
 * tells it later. sIV marks packets that are truly invalid.
 */
const ORIGINAL: readonly TableRow[] = [
  //                 sNO  sSS  sSR  sES  sFW  sCW  sLA  sTW  sCL  sS2
  { flag: 'syn', next: [sSS, sSS, sIG, sIG, sIG, sIG, sIG, sSS, sSS, sS2], why: {
    NONE: 'A SYN starts a new connection.',
    SYN_SENT: 'A retransmitted SYN.',
    SYN_RECV: 'A SYN outside SYN_SENT is suspicious: the server will answer with an RST, or conntrack is out of sync. Ignored.',
    ESTABLISHED: 'A SYN in an open connection: either an error (the server answers RST) or conntrack holds a dead connection. Ignored.',
    FIN_WAIT: 'A SYN while closing: ignored until the answer shows who is right.',
    CLOSE_WAIT: 'A SYN while closing: ignored until the answer shows who is right.',
    LAST_ACK: 'A SYN while closing: ignored; the server may answer with a challenge ACK (RFC 5961).',
    TIME_WAIT: 'The client reopens the connection (RFC 1122).',
    CLOSE: 'A new connection on the same ports after a close.',
    SYN_SENT2: 'A late retransmitted SYN during simultaneous open.',
  } },
  { flag: 'synack', next: [sIV, sIV, sSR, sIV, sIV, sIV, sIV, sIV, sIV, sSR], why: {
    NONE: 'Too late: a SYN/ACK cannot start a connection.',
    SYN_SENT: 'The client cannot send a SYN and then a SYN/ACK.',
    SYN_RECV: 'A late retransmitted SYN/ACK during simultaneous open.',
    ESTABLISHED: 'The client does not send SYN/ACKs in an open connection.',
    FIN_WAIT: 'The client does not send SYN/ACKs while closing.',
    CLOSE_WAIT: 'The client does not send SYN/ACKs while closing.',
    LAST_ACK: 'The client does not send SYN/ACKs while closing.',
    TIME_WAIT: 'The client does not send SYN/ACKs after a close.',
    CLOSE: 'The client does not send SYN/ACKs after a close.',
    SYN_SENT2: 'The SYN/ACK answering the other side\'s SYN in a simultaneous open.',
  } },
  { flag: 'fin', next: [sIV, sIV, sFW, sFW, sLA, sLA, sLA, sTW, sCL, sIV], why: {
    NONE: 'Too late: a FIN cannot start a connection.',
    SYN_SENT: 'The client may not send FIN before the SYN/ACK came back.',
    SYN_RECV: 'The client starts closing.',
    ESTABLISHED: 'The client starts closing.',
    FIN_WAIT: 'FIN from both sides: waiting for the last ACK (or a retransmitted FIN).',
    CLOSE_WAIT: 'FIN from both sides: waiting for the last ACK.',
    LAST_ACK: 'A retransmitted FIN.',
    TIME_WAIT: 'A retransmitted FIN.',
    CLOSE: 'The connection is already closed.',
    SYN_SENT2: 'No FIN during simultaneous open.',
  } },
  { flag: 'ack', next: [sES, sIV, sES, sES, sCW, sCW, sTW, sTW, sCL, sIV], why: {
    NONE: 'An ACK without a SYN: a connection picked up in the middle (nf_conntrack_tcp_loose).',
    SYN_SENT: 'An ACK before any SYN/ACK came back is invalid.',
    SYN_RECV: 'The third packet of the handshake: the connection is established.',
    ESTABLISHED: 'Normal traffic.',
    FIN_WAIT: 'The FIN is acknowledged.',
    CLOSE_WAIT: 'The FIN is acknowledged.',
    LAST_ACK: 'The last ACK: both FINs are acknowledged.',
    TIME_WAIT: 'A retransmitted last ACK.',
    CLOSE: 'The connection is already closed.',
    SYN_SENT2: 'No bare ACK during simultaneous open.',
  } },
  { flag: 'rst', next: [sIV, sCL, sCL, sCL, sCL, sCL, sCL, sCL, sCL, sCL], why: {
    NONE: 'An RST cannot start a connection.',
    SYN_SENT: 'The connection is reset.',
    SYN_RECV: 'The connection is reset.',
    ESTABLISHED: 'The connection is reset.',
    FIN_WAIT: 'The connection is reset.',
    CLOSE_WAIT: 'The connection is reset.',
    LAST_ACK: 'The connection is reset.',
    TIME_WAIT: 'The connection is reset.',
    CLOSE: 'The connection is reset.',
    SYN_SENT2: 'The connection is reset.',
  } },
  { flag: 'none', next: [sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV], why: {
    NONE: 'A segment without SYN, FIN, RST or ACK is never valid.',
  } },
];

const REPLY: readonly TableRow[] = [
  //                 sNO  sSS  sSR  sES  sFW  sCW  sLA  sTW  sCL  sS2
  { flag: 'syn', next: [sIV, sS2, sIV, sIV, sIV, sIV, sIV, sSS, sIV, sS2], why: {
    NONE: 'Never reached: a connection starts in the original direction.',
    SYN_SENT: 'Both ends sent a SYN: simultaneous open.',
    SYN_RECV: 'The server does not send a bare SYN here.',
    ESTABLISHED: 'The server does not send a bare SYN here.',
    FIN_WAIT: 'The server does not send a bare SYN here.',
    CLOSE_WAIT: 'The server does not send a bare SYN here.',
    LAST_ACK: 'The server does not send a bare SYN here.',
    TIME_WAIT: 'The connection is reopened, the server having switched roles.',
    CLOSE: 'The server does not send a bare SYN here.',
    SYN_SENT2: 'A retransmitted simultaneous SYN.',
  } },
  { flag: 'synack', next: [sIV, sSR, sIG, sIG, sIG, sIG, sIG, sIG, sIG, sSR], why: {
    NONE: 'Never reached: a connection starts in the original direction.',
    SYN_SENT: 'The server answers the SYN: the standard open.',
    SYN_RECV: 'A retransmitted SYN/ACK: ignored.',
    ESTABLISHED: 'A late retransmitted SYN/ACK? Ignored.',
    FIN_WAIT: 'Maybe a SYN/ACK answering a SYN that was ignored: ignored.',
    CLOSE_WAIT: 'Maybe a SYN/ACK answering a SYN that was ignored: ignored.',
    LAST_ACK: 'Maybe a SYN/ACK answering a SYN that was ignored: ignored.',
    TIME_WAIT: 'Maybe a SYN/ACK answering a SYN that was ignored: ignored.',
    CLOSE: 'Maybe a SYN/ACK answering a SYN that was ignored: ignored.',
    SYN_SENT2: 'The SYN/ACK of a simultaneous open.',
  } },
  { flag: 'fin', next: [sIV, sIV, sFW, sFW, sLA, sLA, sLA, sTW, sCL, sIV], why: {
    NONE: 'Never reached: a connection starts in the original direction.',
    SYN_SENT: 'The server may not send FIN before its SYN/ACK.',
    SYN_RECV: 'The server starts closing.',
    ESTABLISHED: 'The server starts closing.',
    FIN_WAIT: 'FIN from both sides: waiting for the last ACK.',
    CLOSE_WAIT: 'FIN from both sides: waiting for the last ACK.',
    LAST_ACK: 'A retransmitted FIN.',
    TIME_WAIT: 'A retransmitted FIN.',
    CLOSE: 'The connection is already closed.',
    SYN_SENT2: 'No FIN during simultaneous open.',
  } },
  { flag: 'ack', next: [sIV, sIG, sSR, sES, sCW, sCW, sTW, sTW, sCL, sIG], why: {
    NONE: 'Never reached: a connection starts in the original direction.',
    SYN_SENT: 'Maybe a half-open connection (or a challenge ACK): ignored.',
    SYN_RECV: 'Maybe the answer to a late resent SYN.',
    ESTABLISHED: 'Normal traffic.',
    FIN_WAIT: 'The FIN is acknowledged.',
    CLOSE_WAIT: 'The FIN is acknowledged.',
    LAST_ACK: 'The last ACK: both FINs are acknowledged.',
    TIME_WAIT: 'A retransmitted last ACK.',
    CLOSE: 'The connection is already closed.',
    SYN_SENT2: 'Maybe a half-open connection: ignored.',
  } },
  { flag: 'rst', next: [sIV, sCL, sCL, sCL, sCL, sCL, sCL, sCL, sCL, sCL], why: {
    NONE: 'Never reached: a connection starts in the original direction.',
    SYN_SENT: 'The server refuses the connection.',
    SYN_RECV: 'The connection is reset.',
    ESTABLISHED: 'The connection is reset.',
    FIN_WAIT: 'The connection is reset.',
    CLOSE_WAIT: 'The connection is reset.',
    LAST_ACK: 'The connection is reset.',
    TIME_WAIT: 'The connection is reset.',
    CLOSE: 'The connection is reset.',
    SYN_SENT2: 'The connection is reset.',
  } },
  { flag: 'none', next: [sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV], why: {
    NONE: 'A segment without SYN, FIN, RST or ACK is never valid.',
  } },
];

const ROWS: readonly (readonly TableRow[])[] = [ORIGINAL, REPLY];

/** tcp_conntracks flattened: entry `(dir * 6 + flagIndex) * 10 + state`. */
export const TCP_CONNTRACKS: Uint8Array = (() => {
  const t = new Uint8Array(2 * 6 * TCP_CONNTRACK_MAX);
  for (let dir = 0; dir < 2; dir++) {
    for (let i = 0; i < 6; i++) {
      const row = ROWS[dir][i];
      if (row.flag !== TCP_FLAG_CLASSES[i]) throw new Error('tcp_conntracks: rows out of order');
      for (let s = 0; s < TCP_CONNTRACK_MAX; s++) t[(dir * 6 + i) * TCP_CONNTRACK_MAX + s] = row.next[s];
    }
  }
  return t;
})();

/** tcp_conntracks[dir][flagIndex][state]: a state, sIV or sIG. */
export function tcpNextState(dir: Dir, flagIndex: number, state: number): number {
  return TCP_CONNTRACKS[(dir * 6 + flagIndex) * TCP_CONNTRACK_MAX + state];
}

/** Why the table says what it says for this cell (English, for the UI). */
export function tcpTransitionWhy(dir: Dir, flagIndex: number, state: number): string {
  return ROWS[dir][flagIndex].why[TCP_STATE_NAMES[state]] ?? '';
}

export interface TcpTransitionView {
  from: TcpStateName;
  /** The next state, or 'INVALID' (sIV) / 'IGNORE' (sIG). */
  to: TcpStateName | 'INVALID' | 'IGNORE';
  dir: 'original' | 'reply';
  flagClass: TcpFlagClass;
  why: string;
  /**
   * A SYN in TIME_WAIT or CLOSE: if the connection was closed by a FIN (or reset by the same
   * side), the tracker deletes the old entry and the SYN creates a new one in SYN_SENT;
   * otherwise the SYN is ignored.
   */
  reopens: boolean;
}

/**
 * The transition table as a list of edges for the state diagram. By default only edges to a
 * real state; `includeInvalid` adds the INVALID and IGNORE cells too.
 */
export function tcpTransitionsForDiagram(includeInvalid = false): TcpTransitionView[] {
  const out: TcpTransitionView[] = [];
  for (let dir = 0 as Dir; dir < 2; dir = (dir + 1) as Dir) {
    for (let i = 0; i < 6; i++) {
      for (let s = 0; s < TCP_CONNTRACK_MAX; s++) {
        const n = tcpNextState(dir, i, s);
        if (n >= TCP_CONNTRACK_MAX && !includeInvalid) continue;
        out.push({
          from: TCP_STATE_NAMES[s],
          to: n === sIV ? 'INVALID' : n === sIG ? 'IGNORE' : TCP_STATE_NAMES[n],
          dir: dir === 0 ? 'original' : 'reply',
          flagClass: TCP_FLAG_CLASSES[i],
          why: tcpTransitionWhy(dir, i, s),
          reopens: n === sSS && s >= TCP_CONNTRACK_TIME_WAIT && s !== TCP_CONNTRACK_SYN_SENT2,
        });
      }
    }
  }
  return out;
}

/**
 * Transitions the tracker makes beyond the table (nf_conntrack_tcp_packet's special cases),
 * for the diagram to draw apart: they need history the table cannot see.
 */
export function tcpSpecialTransitions(): TcpTransitionView[] {
  const out: TcpTransitionView[] = [
    {
      from: 'SYN_RECV', to: 'ESTABLISHED', dir: 'reply', flagClass: 'ack', reopens: false,
      why: 'After a simultaneous open (SYN_SENT2), the ACK from the reply side establishes the connection.',
    },
    {
      from: 'ESTABLISHED', to: 'ESTABLISHED', dir: 'original', flagClass: 'rst', reopens: false,
      why: 'An RST in the window whose SEQ is not exactly the one expected keeps the state (a challenge ACK may follow, RFC 5961), with the CLOSE timeout.',
    },
    {
      from: 'ESTABLISHED', to: 'ESTABLISHED', dir: 'reply', flagClass: 'rst', reopens: false,
      why: 'An RST in the window whose SEQ is not exactly the one expected keeps the state (a challenge ACK may follow, RFC 5961), with the CLOSE timeout.',
    },
  ];
  // A SYN/ACK acknowledging a SYN that was ignored: conntrack resynchronises from SYN_SENT.
  for (let s = TCP_CONNTRACK_SYN_RECV; s <= TCP_CONNTRACK_CLOSE; s++) {
    out.push({
      from: TCP_STATE_NAMES[s], to: 'SYN_RECV', dir: 'reply', flagClass: 'synack', reopens: false,
      why: 'The SYN/ACK answers a SYN conntrack ignored: client and server are in sync, so conntrack starts over from that SYN.',
    });
  }
  return out;
}

/** The kernel's SYN_SENT2 timeout: 2 minutes, and no sysctl sets it. */
export const TCP_TIMEOUT_SYN_SENT2 = 120;

/** The timeout in seconds for a state or timeout slot (the kernel's tn->timeouts[]). */
export function tcpTimeout(s: CtSettings, state: number): number {
  switch (state) {
    case TCP_CONNTRACK_NONE: // timeouts[0] is the 'new' timeout, as SYN_SENT
    case TCP_CONNTRACK_SYN_SENT:
      return s.tcp_timeout_syn_sent;
    case TCP_CONNTRACK_SYN_RECV:
      return s.tcp_timeout_syn_recv;
    case TCP_CONNTRACK_ESTABLISHED:
      return s.tcp_timeout_established;
    case TCP_CONNTRACK_FIN_WAIT:
      return s.tcp_timeout_fin_wait;
    case TCP_CONNTRACK_CLOSE_WAIT:
      return s.tcp_timeout_close_wait;
    case TCP_CONNTRACK_LAST_ACK:
      return s.tcp_timeout_last_ack;
    case TCP_CONNTRACK_TIME_WAIT:
      return s.tcp_timeout_time_wait;
    case TCP_CONNTRACK_CLOSE:
      return s.tcp_timeout_close;
    case TCP_CONNTRACK_SYN_SENT2:
      return TCP_TIMEOUT_SYN_SENT2;
    case TCP_CONNTRACK_RETRANS:
      return s.tcp_timeout_max_retrans;
    case TCP_CONNTRACK_UNACK:
      return s.tcp_timeout_unacknowledged;
    default:
      return s.tcp_timeout_syn_sent;
  }
}
