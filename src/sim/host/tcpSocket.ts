/**
 * One TCP endpoint of a simulated Linux host: the states `ss -tan` shows, real sequence and
 * acknowledgment numbers, retransmission with exponential back-off and TIME-WAIT.
 *
 * Mirrors the parts of net/ipv4/tcp_input.c (tcp_rcv_state_process, tcp_rcv_synsent_state_process)
 * and tcp_timer.c a student meets. Left out: congestion control, delayed ACKs (every segment
 * carrying data or FIN is acknowledged at once), SACK, timestamps, out-of-order queues, window
 * probes, Nagle: each send() is one segment.
 */
import type { Ipv4 } from '../../engine/ipv4';
import { IPPROTO_TCP, makePacket, TCP_ACK, TCP_CWR, TCP_ECE, TCP_FIN, TCP_PSH, TCP_RST, TCP_SYN, type Packet } from '../../engine/packet';
import type { Errno } from './errno';
import type { Timer } from './hostEnv';
import { seqAdd, seqGt, seqLe, seqLt } from './tcpSeq';

export type TcpState =
  | 'LISTEN'
  | 'SYN-SENT'
  | 'SYN-RECV'
  | 'ESTAB'
  | 'FIN-WAIT-1'
  | 'FIN-WAIT-2'
  | 'CLOSE-WAIT'
  | 'LAST-ACK'
  | 'TIME-WAIT'
  | 'CLOSING'
  | 'CLOSED';

/** What the application (a service, a console process) hears from its socket. */
export interface TcpHandlers {
  onConnect?(): void;
  onData?(text: string): void;
  /** The peer sent FIN: no more data will come. */
  onEof?(): void;
  onError?(errno: Errno): void;
  /** The socket is gone (CLOSED), after an orderly close. */
  onClose?(): void;
}

/** What a socket needs from its TCP layer. */
export interface TcpOwner {
  now(): number;
  send(pkt: Packet): void;
  setTimer(at: number, fn: () => void): Timer;
  remove(sock: TcpSocket): void;
  /** A SYN-RECV child completed the handshake. */
  accepted(sock: TcpSocket): void;
}

interface Segment {
  seq: number;
  flags: number;
  data: string;
  /** Sequence space it occupies (data + SYN + FIN). */
  len: number;
}

/** TCP_TIMEOUT_INIT: the first SYN (and SYN/ACK) retransmission after 1 s. */
export const RTO_INIT = 1000;
export const RTO_MIN = 200;
export const RTO_MAX = 120000;
/** net.ipv4.tcp_syn_retries, tcp_synack_retries, tcp_retries2. */
export const SYN_RETRIES = 6;
export const SYNACK_RETRIES = 5;
export const DATA_RETRIES = 15;
/**
 * net.ipv4.tcp_syn_linear_timeouts (Linux 6.5+): the first 4 SYN retransmissions keep the 1 s
 * timeout; the back-off doubles it only from the 5th on, and they add to tcp_syn_retries (6):
 * SYNs at 0, 1, 2, 3, 4, 5, 7, 11, 19, 35, 67 s, connect() fails at 131 s (tcp_write_timeout;
 * recorded on the reference machine: traces/tools).
 */
export const SYN_LINEAR_TIMEOUTS = 4;
/** TCP_DELACK_MIN: the delayed-ACK timer (HZ/25). */
export const DELACK_MS = 40;
/** TCP_TIMEWAIT_LEN. */
export const TIME_WAIT_MS = 60000;

/** Window fields Linux puts on the wire: SYN 64240, SYN/ACK 65160, then 502 << 7. */
const WIN_SYN = 64240;
const WIN_SYNACK = 65160;
const WIN = 502;
const WSCALE = 7;
/** Options of Linux's SYN and SYN/ACK: MSS 4, SACK-permitted 2, timestamps 10, NOP 1, window scale 3. */
const SYN_OPTIONS_LEN = 20;
/** Every later segment: NOP, NOP, timestamps. */
const TIMESTAMPS_LEN = 12;
/** The SYN/ACK to a SYN without options (hping3's, nmap's): MSS alone. */
const MSS_LEN = 4;

/** A SYN from a Linux stack (ours: 20 bytes of options) rather than a crafted one (none, or MSS). */
function hasFullOptions(p: Packet): boolean {
  return (p.tcpOptLen ?? 0) >= 12 || (p.tcpOptLen === undefined && p.wscale >= 0);
}

/** The process that holds a socket, as `ss -p` shows it. */
export interface SocketOwner {
  name: string;
  pid: number;
  fd: number;
}

export class TcpSocket {
  state: TcpState = 'CLOSED';
  process: SocketOwner | null = null;
  iss = 0;
  sndUna = 0;
  sndNxt = 0;
  irs = 0;
  rcvNxt = 0;
  handlers: TcpHandlers = {};
  private rtx: Segment[] = [];
  private rto = RTO_INIT;
  private retries = 0;
  private rtxTimer: Timer | null = null;
  private twTimer: Timer | null = null;
  private ackOwed = false;
  private pending: string[] = [];
  private closeWanted = false;
  private rttStart = 0;
  /** Did the peer's SYN (or SYN/ACK) offer Linux's options (timestamps, SACK, window scale)? */
  private peerFullOptions = true;
  /**
   * Ping-pong (interactive) mode: entered when this side sends data less than the ACK timeout
   * after data came in (tcp_event_data_sent); then received data is not acknowledged at once.
   */
  private pingpong = false;
  private lastDataIn = -Infinity;
  /** The SYN asked for ECN (ECE and CWR): with net.ipv4.tcp_ecn=2 the SYN/ACK says yes with ECE. */
  private ecnAsked = false;

  constructor(
    private readonly owner: TcpOwner,
    readonly laddr: Ipv4,
    readonly lport: number,
    readonly raddr: Ipv4,
    readonly rport: number,
  ) {}

  /** Bytes (and SYN/FIN) sent but not yet acknowledged: ss's Send-Q. */
  get sendQ(): number {
    return (this.sndNxt - this.sndUna) >>> 0;
  }

  // ------------------------------------------------------------------ opening

  /** Active open: send SYN, enter SYN-SENT. */
  connect(iss: number): void {
    this.iss = iss >>> 0;
    this.sndUna = this.iss;
    this.sndNxt = this.iss;
    this.state = 'SYN-SENT';
    this.rttStart = this.owner.now();
    this.queue(TCP_SYN, '');
  }

  /** Passive open by a listener: answer the SYN with SYN/ACK, enter SYN-RECV. */
  acceptSyn(syn: Packet, iss: number): void {
    this.irs = syn.seq >>> 0;
    this.rcvNxt = seqAdd(this.irs, 1);
    this.iss = iss >>> 0;
    this.sndUna = this.iss;
    this.sndNxt = this.iss;
    this.state = 'SYN-RECV';
    this.peerFullOptions = hasFullOptions(syn);
    this.ecnAsked = (syn.flags & (TCP_ECE | TCP_CWR)) === (TCP_ECE | TCP_CWR);
    this.rttStart = this.owner.now();
    this.queue(TCP_SYN | TCP_ACK, '');
  }

  // ------------------------------------------------------------------ the application's calls

  send(data: string): void {
    if (!data) return;
    if (this.state === 'SYN-SENT' || this.state === 'SYN-RECV') {
      this.pending.push(data);
      return;
    }
    if (this.state !== 'ESTAB' && this.state !== 'CLOSE-WAIT') return;
    this.queue(TCP_PSH | TCP_ACK, data);
  }

  /** Orderly close: FIN after what is queued (`close()` / `shutdown(SHUT_WR)`). */
  close(): void {
    switch (this.state) {
      case 'SYN-SENT':
        this.destroy();
        return;
      case 'SYN-RECV':
        this.closeWanted = true;
        return;
      case 'ESTAB':
        this.state = 'FIN-WAIT-1';
        this.queue(TCP_FIN | TCP_ACK, '');
        return;
      case 'CLOSE-WAIT':
        this.state = 'LAST-ACK';
        this.queue(TCP_FIN | TCP_ACK, '');
        return;
      default:
        return;
    }
  }

  /** Abortive close: RST (SO_LINGER 0, or a process killed with unread data). */
  abort(): void {
    if (this.state !== 'SYN-SENT' && this.state !== 'CLOSED' && this.state !== 'TIME-WAIT') {
      this.emit(TCP_RST | TCP_ACK, this.sndNxt, '');
    }
    this.destroy();
  }

  // ------------------------------------------------------------------ segments arriving

  /** tcp_rcv_state_process, for a segment of this connection that passed INPUT. */
  segment(pkt: Packet): void {
    if (this.state === 'SYN-SENT') return this.synSent(pkt);
    const f = pkt.flags;
    const seq = pkt.seq >>> 0;
    const ack = pkt.ack >>> 0;
    if (f & TCP_RST) {
      if (seq === this.rcvNxt) {
        const quiet = this.state === 'SYN-RECV' || this.state === 'TIME-WAIT';
        this.destroy();
        if (!quiet) this.handlers.onError?.('ECONNRESET');
      } else if (this.inWindow(seq)) {
        this.emit(TCP_ACK, this.sndNxt, ''); // challenge ACK (RFC 5961)
      }
      return;
    }
    if (f & TCP_SYN) {
      if (this.state === 'SYN-RECV' && seq === this.irs) this.retransmitFirst(); // retransmitted SYN
      else this.emit(TCP_ACK, this.sndNxt, ''); // challenge ACK
      return;
    }
    if (!(f & TCP_ACK)) return;
    if (seqGt(ack, this.sndNxt)) {
      this.emit(TCP_ACK, this.sndNxt, '');
      return;
    }
    if (seqGt(ack, this.sndUna)) this.acked(ack);
    const finAcked = this.finSent() && this.sndUna === this.sndNxt;
    if (this.state === 'SYN-RECV' && seqGt(this.sndUna, this.iss)) {
      this.state = 'ESTAB';
      this.owner.accepted(this);
      this.flushPending();
    }
    if (this.state === 'FIN-WAIT-1' && finAcked) this.state = 'FIN-WAIT-2';
    if (this.state === 'CLOSING' && finAcked) return this.timeWait();
    if (this.state === 'LAST-ACK' && finAcked) {
      this.destroy();
      this.handlers.onClose?.();
      return;
    }
    const len = pkt.payloadLen;
    const fin = (f & TCP_FIN) !== 0;
    if (len === 0 && !fin) return;
    if (seq !== this.rcvNxt) {
      this.emit(TCP_ACK, this.sndNxt, ''); // duplicate or out of order: acknowledge what we have
      if (this.state === 'TIME-WAIT') this.timeWait();
      return;
    }
    let data = '';
    if (len > 0 && this.state !== 'CLOSE-WAIT' && this.state !== 'LAST-ACK' && this.state !== 'CLOSING') {
      this.rcvNxt = seqAdd(this.rcvNxt, len);
      data = pkt.payload;
      this.ackOwed = true;
    }
    let eof = false;
    let delayAck = false;
    if (fin) {
      this.rcvNxt = seqAdd(this.rcvNxt, 1);
      this.ackOwed = true;
      eof = true;
      // tcp_fin: a FIN in ESTABLISHED is acknowledged by the delayed-ACK timer; in FIN-WAIT at once
      delayAck = this.state === 'ESTAB' && !data;
      if (this.state === 'ESTAB') this.state = 'CLOSE-WAIT';
      else if (this.state === 'FIN-WAIT-1') this.state = 'CLOSING';
      else if (this.state === 'FIN-WAIT-2') this.state = 'TIME-WAIT';
    }
    if (data) {
      this.lastDataIn = this.owner.now();
      // quick-ack mode: the data is acknowledged before the process reads it, so a real
      // process's answer (some time later) is a segment of its own; in ping-pong mode the ACK
      // waits for that answer (or the delayed-ACK timer)
      if (this.pingpong) delayAck = true;
      else this.emit(TCP_ACK, this.sndNxt, '');
    }
    if (data) this.handlers.onData?.(data);
    if (eof) this.handlers.onEof?.();
    if (delayAck && this.ackOwed && this.state !== 'CLOSED') {
      this.owner.setTimer(this.owner.now() + DELACK_MS, () => {
        if (!this.ackOwed || this.state === 'CLOSED') return;
        this.pingpong = false; // tcp_delack_timer leaves ping-pong mode
        this.emit(TCP_ACK, this.sndNxt, '');
      });
      return;
    }
    if (this.ackOwed && this.state !== 'CLOSED') this.emit(TCP_ACK, this.sndNxt, '');
    if (this.state === 'TIME-WAIT') this.timeWait();
  }

  /** tcp_rcv_synsent_state_process. */
  private synSent(pkt: Packet): void {
    const f = pkt.flags;
    const ack = pkt.ack >>> 0;
    if (f & TCP_ACK && ack !== this.sndNxt) {
      if (!(f & TCP_RST)) this.emit(TCP_RST, ack, '');
      return;
    }
    if (f & TCP_RST) {
      if (f & TCP_ACK) this.fail('ECONNREFUSED');
      return;
    }
    if (!(f & TCP_SYN) || !(f & TCP_ACK)) return; // simultaneous open is left out
    this.irs = pkt.seq >>> 0;
    this.rcvNxt = seqAdd(this.irs, 1);
    this.peerFullOptions = hasFullOptions(pkt);
    this.acked(ack);
    this.state = 'ESTAB';
    this.emit(TCP_ACK, this.sndNxt, '');
    this.handlers.onConnect?.();
    this.flushPending();
  }

  /** An ICMP error about this connection (tcp_v4_err): fatal while connecting, soft afterwards. */
  icmpError(errno: Errno): void {
    if (this.state === 'SYN-SENT' || this.state === 'SYN-RECV') this.fail(errno);
  }

  // ------------------------------------------------------------------ internals

  private inWindow(seq: number): boolean {
    return seqLe(this.rcvNxt, seq) && seqLt(seq, seqAdd(this.rcvNxt, WIN << WSCALE));
  }

  private finSent(): boolean {
    return ['FIN-WAIT-1', 'FIN-WAIT-2', 'CLOSING', 'LAST-ACK', 'TIME-WAIT'].includes(this.state);
  }

  private flushPending(): void {
    const p = this.pending;
    this.pending = [];
    for (const d of p) this.send(d);
    if (this.closeWanted) {
      this.closeWanted = false;
      this.close();
    }
  }

  /** Puts a segment that occupies sequence space on the wire and on the retransmit queue. */
  private queue(flags: number, data: string): void {
    const len = data.length + (flags & TCP_SYN ? 1 : 0) + (flags & TCP_FIN ? 1 : 0);
    const seg: Segment = { seq: this.sndNxt, flags, data, len };
    this.sndNxt = seqAdd(this.sndNxt, len);
    this.rtx.push(seg);
    this.emit(flags, seg.seq, data);
    if (!this.rtxTimer) this.armRtx();
  }

  /** Our data up to `ack` arrived: drop it from the retransmit queue, take an RTT sample. */
  private acked(ack: number): void {
    const firstAckOfSyn = this.sndUna === this.iss && seqGt(ack, this.iss);
    this.sndUna = ack;
    this.rtx = this.rtx.filter((s) => seqGt(seqAdd(s.seq, s.len), ack));
    if (firstAckOfSyn && this.retries === 0) {
      const rtt = this.owner.now() - this.rttStart;
      this.rto = Math.min(RTO_MAX, rtt + Math.max(2 * rtt, RTO_MIN));
    } else if (firstAckOfSyn) {
      this.rto = RTO_INIT; // Karn: no sample from a retransmitted SYN
    }
    this.retries = 0;
    this.rtxTimer?.cancel();
    this.rtxTimer = null;
    if (this.rtx.length) this.armRtx();
  }

  private armRtx(): void {
    this.rtxTimer = this.owner.setTimer(this.owner.now() + this.rto, () => this.onRtxTimer());
  }

  /** tcp_retransmit_timer: resend the oldest unacknowledged segment, double the RTO (a SYN's only after the linear ones). */
  private onRtxTimer(): void {
    this.rtxTimer = null;
    if (!this.rtx.length) return;
    const limit = this.state === 'SYN-SENT' ? SYN_RETRIES + SYN_LINEAR_TIMEOUTS : this.state === 'SYN-RECV' ? SYNACK_RETRIES : DATA_RETRIES;
    if (this.retries >= limit) {
      if (this.state === 'SYN-RECV') this.destroy();
      else this.fail('ETIMEDOUT');
      return;
    }
    this.retries++;
    if (this.state !== 'SYN-SENT' || this.retries > SYN_LINEAR_TIMEOUTS) this.rto = Math.min(this.rto * 2, RTO_MAX);
    this.retransmitFirst();
    this.armRtx();
  }

  private retransmitFirst(): void {
    const s = this.rtx[0];
    if (s) this.emit(s.flags, s.seq, s.data);
  }

  private emit(flags: number, seq: number, data: string): void {
    if (data.length && this.owner.now() - this.lastDataIn < DELACK_MS) this.pingpong = true;
    const syn = (flags & TCP_SYN) !== 0;
    const synAck = syn && (flags & TCP_ACK) !== 0;
    // a SYN/ACK answers only the options the SYN offered (MSS always); timestamps go on only if both sides offered them
    const full = !synAck || this.peerFullOptions;
    const win = syn ? (synAck ? (full ? WIN_SYNACK : WIN_SYN) : WIN_SYN) : WIN;
    if (flags & TCP_ACK) this.ackOwed = false;
    this.owner.send(
      makePacket({
        src: this.laddr,
        dst: this.raddr,
        proto: IPPROTO_TCP,
        sport: this.lport,
        dport: this.rport,
        flags: synAck && this.ecnAsked ? flags | TCP_ECE : flags,
        seq: seq | 0,
        ack: flags & TCP_ACK ? this.rcvNxt | 0 : 0,
        win: flags & TCP_RST ? 0 : win,
        wscale: syn && full ? WSCALE : -1,
        tcpOptLen: flags & TCP_RST ? 0 : syn ? (full ? SYN_OPTIONS_LEN : MSS_LEN) : this.peerFullOptions ? TIMESTAMPS_LEN : 0,
        payloadLen: data.length,
        payload: data,
      }),
    );
  }

  private timeWait(): void {
    this.state = 'TIME-WAIT';
    this.rtxTimer?.cancel();
    this.rtxTimer = null;
    this.twTimer?.cancel();
    this.twTimer = this.owner.setTimer(this.owner.now() + TIME_WAIT_MS, () => {
      this.destroy();
      this.handlers.onClose?.();
    });
  }

  private fail(errno: Errno): void {
    this.destroy();
    this.handlers.onError?.(errno);
  }

  /** Gone: timers stopped, removed from the host's table. */
  destroy(): void {
    if (this.state === 'CLOSED') return;
    this.state = 'CLOSED';
    this.rtxTimer?.cancel();
    this.twTimer?.cancel();
    this.rtxTimer = this.twTimer = null;
    this.owner.remove(this);
  }
}
