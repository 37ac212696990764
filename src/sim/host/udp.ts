/**
 * A host's UDP layer: bound sockets, and ICMP port unreachable (with the datagram embedded) when
 * nothing listens, as udp_rcv / __udp4_lib_rcv does. ICMP errors reach the socket that sent the
 * datagram they quote.
 */
import type { Ipv4 } from '../../engine/ipv4';
import { IPPROTO_UDP, makePacket, type Packet } from '../../engine/packet';
import type { Errno } from './errno';
import type { SocketOwner } from './tcpSocket';
import { EPHEMERAL_HI, EPHEMERAL_LO, type HostEnv } from './hostEnv';

export interface UdpHandlers {
  onMessage?(src: Ipv4, sport: number, payload: string, pkt: Packet): void;
  onError?(errno: Errno, from: Ipv4): void;
}

export interface UdpSocket {
  port: number;
  handlers: UdpHandlers;
  /** The process holding it (`ss -p`). */
  process: SocketOwner | null;
  /** Sends a datagram; `size` is the payload's length on the wire when it differs from the text. */
  sendTo(dst: Ipv4, dport: number, payload: string, size?: number): 'sent' | 'EPERM';
  close(): void;
}

export class UdpLayer {
  readonly sockets = new Map<number, UdpSocket>();

  constructor(
    private readonly env: HostEnv,
    private readonly unreachable: (pkt: Packet, code: number) => void,
  ) {}

  bind(port: number | null, handlers: UdpHandlers): UdpSocket {
    let p = port ?? 0;
    while (!p || this.sockets.has(p)) p = this.env.rng.int(EPHEMERAL_LO, EPHEMERAL_HI);
    const sock: UdpSocket = {
      port: p,
      handlers,
      process: null,
      sendTo: (dst, dport, payload, size) =>
        this.env.send(
          makePacket({
            src: this.env.sourceFor(dst),
            dst,
            proto: IPPROTO_UDP,
            sport: p,
            dport,
            payload,
            payloadLen: size ?? payload.length,
          }),
        ),
      close: () => {
        if (this.sockets.get(p) === sock) this.sockets.delete(p);
      },
    };
    this.sockets.set(p, sock);
    return sock;
  }

  receive(pkt: Packet): void {
    const sock = this.sockets.get(pkt.dport);
    if (!sock) return this.unreachable(pkt, 3);
    sock.handlers.onMessage?.(pkt.src, pkt.sport, pkt.payload, pkt);
  }

  icmpError(inner: Packet, errno: Errno, from: Ipv4): void {
    this.sockets.get(inner.sport)?.handlers.onError?.(errno, from);
  }
}
