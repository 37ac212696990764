/**
 * A host's TCP layer: the socket table, listeners, ephemeral ports, and what Linux answers when
 * no socket wants a segment (tcp_v4_send_reset: RST/ACK to a SYN on a closed port, RST to a stray
 * ACK). Mirrors tcp_v4_rcv's demultiplexing; a listener turns a SYN into a SYN-RECV child.
 */
import type { Ipv4 } from '../../engine/ipv4';
import { IPPROTO_TCP, makePacket, TCP_ACK, TCP_FIN, TCP_RST, TCP_SYN, type Packet } from '../../engine/packet';
import type { Errno } from './errno';
import { EPHEMERAL_HI, EPHEMERAL_LO, type HostEnv } from './hostEnv';
import { TcpSocket, type TcpHandlers, type TcpOwner } from './tcpSocket';

/** What to do with a connection a listener accepted: return the handlers for the new socket. */
export type AcceptFn = (sock: TcpSocket) => TcpHandlers;

export interface Listener {
  port: number;
  socket: TcpSocket;
  onAccept: AcceptFn;
}

export class TcpLayer {
  /** All sockets in creation order, listeners included (what `ss -tan` walks). */
  readonly sockets: TcpSocket[] = [];
  private readonly listeners = new Map<number, Listener>();
  private readonly owner: TcpOwner;

  constructor(private readonly env: HostEnv) {
    this.owner = {
      now: () => env.now(),
      send: (pkt) => void env.send(pkt),
      setTimer: (at, fn) => env.setTimer(at, fn),
      remove: (s) => this.remove(s),
      accepted: (s) => {
        const l = this.listeners.get(s.lport);
        if (l) s.handlers = l.onAccept(s);
      },
    };
  }

  listen(port: number, onAccept: AcceptFn): TcpSocket {
    const sock = new TcpSocket(this.owner, 0, port, 0, 0);
    sock.state = 'LISTEN';
    this.listeners.set(port, { port, socket: sock, onAccept });
    this.sockets.push(sock);
    return sock;
  }

  isListening(port: number): boolean {
    return this.listeners.has(port);
  }

  /** connect(): a new socket in SYN-SENT from an ephemeral port (or `sport`). */
  connect(dst: Ipv4, dport: number, handlers: TcpHandlers, sport?: number): TcpSocket {
    const src = this.env.sourceFor(dst);
    const port = sport ?? this.ephemeralPort(dst, dport);
    const sock = new TcpSocket(this.owner, src, port, dst, dport);
    sock.handlers = handlers;
    this.sockets.push(sock);
    sock.connect(this.env.rng.u32());
    return sock;
  }

  /** A port in 32768-60999 not used towards this peer (the kernel's __inet_hash_connect). */
  ephemeralPort(dst: Ipv4, dport: number): number {
    for (;;) {
      const p = this.env.rng.int(EPHEMERAL_LO, EPHEMERAL_HI);
      if (!this.sockets.some((s) => s.lport === p && (s.state === 'LISTEN' || (s.raddr === dst && s.rport === dport)))) {
        return p;
      }
    }
  }

  private find(pkt: Packet): TcpSocket | undefined {
    return this.sockets.find(
      (s) =>
        s.state !== 'LISTEN' &&
        s.lport === pkt.dport &&
        s.rport === pkt.sport &&
        s.raddr === pkt.src &&
        s.laddr === pkt.dst,
    );
  }

  /** tcp_v4_rcv for a segment that passed the node's INPUT chain. */
  receive(pkt: Packet): void {
    const sock = this.find(pkt);
    if (sock) return sock.segment(pkt);
    const l = this.listeners.get(pkt.dport);
    if (l) {
      if (pkt.flags & TCP_RST) return;
      if (pkt.flags & TCP_ACK) return this.reset(pkt);
      if (!(pkt.flags & TCP_SYN)) return; // LISTEN drops anything else without a word
      const child = new TcpSocket(this.owner, pkt.dst, pkt.dport, pkt.src, pkt.sport);
      this.sockets.push(child);
      child.acceptSyn(pkt, this.env.rng.u32());
      return;
    }
    this.reset(pkt);
  }

  /** tcp_v4_send_reset: RST with seq=their ACK, or RST/ACK acknowledging what they sent. */
  reset(pkt: Packet): void {
    if (pkt.flags & TCP_RST) return;
    const hasAck = (pkt.flags & TCP_ACK) !== 0;
    const segLen = pkt.payloadLen + (pkt.flags & TCP_SYN ? 1 : 0) + (pkt.flags & TCP_FIN ? 1 : 0);
    this.env.send(
      makePacket({
        src: pkt.dst,
        dst: pkt.src,
        proto: IPPROTO_TCP,
        sport: pkt.dport,
        dport: pkt.sport,
        flags: hasAck ? TCP_RST : TCP_RST | TCP_ACK,
        seq: hasAck ? pkt.ack : 0,
        ack: hasAck ? 0 : ((pkt.seq >>> 0) + segLen) | 0,
        win: 0,
      }),
    );
  }

  /** An ICMP error whose embedded packet is one of our segments. */
  icmpError(inner: Packet, errno: Errno): void {
    const sock = this.sockets.find(
      (s) => s.lport === inner.sport && s.rport === inner.dport && s.raddr === inner.dst && s.state !== 'LISTEN',
    );
    sock?.icmpError(errno);
  }

  remove(sock: TcpSocket): void {
    const i = this.sockets.indexOf(sock);
    if (i >= 0) this.sockets.splice(i, 1);
    if (sock.state === 'LISTEN' || (this.listeners.get(sock.lport)?.socket === sock)) this.listeners.delete(sock.lport);
  }

  /** Stops listening on a port. */
  unlisten(port: number): void {
    const l = this.listeners.get(port);
    if (l) {
      this.listeners.delete(port);
      this.remove(l.socket);
    }
  }
}

