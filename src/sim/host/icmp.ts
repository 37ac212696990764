/**
 * ICMP on a host (net/ipv4/icmp.c): echo and timestamp requests are answered, echo replies go to the ping that
 * owns the identifier, and errors (destination unreachable, time exceeded) are handed to the
 * socket that sent the packet they quote.
 */
import type { Ipv4 } from '../../engine/ipv4';
import { IPPROTO_ICMP, IPPROTO_TCP, IPPROTO_UDP, makePacket, type Packet } from '../../engine/packet';
import { icmpErrno, type Errno } from './errno';

export const ICMP_ECHOREPLY = 0;
export const ICMP_DEST_UNREACH = 3;
export const ICMP_ECHO = 8;
export const ICMP_TIME_EXCEEDED = 11;
export const ICMP_TIMESTAMP = 13;
export const ICMP_TIMESTAMPREPLY = 14;
export const ICMP_PORT_UNREACH = 3;

/** A ping process listening for its echo replies and for errors about its requests. */
export interface EchoListener {
  onReply(pkt: Packet): void;
  onError(pkt: Packet, inner: Packet): void;
}

export interface IcmpDeps {
  send(pkt: Packet): void;
  tcpError(inner: Packet, errno: Errno): void;
  udpError(inner: Packet, errno: Errno, from: Ipv4): void;
}

export class IcmpLayer {
  readonly echo = new Map<number, EchoListener>();

  constructor(private readonly deps: IcmpDeps) {}

  receive(pkt: Packet): void {
    if (pkt.icmpType === ICMP_ECHO) {
      this.deps.send(
        makePacket({
          src: pkt.dst,
          dst: pkt.src,
          proto: IPPROTO_ICMP,
          icmpType: ICMP_ECHOREPLY,
          icmpId: pkt.icmpId,
          icmpSeq: pkt.icmpSeq,
          payloadLen: pkt.payloadLen,
        }),
      );
      return;
    }
    if (pkt.icmpType === ICMP_TIMESTAMP) {
      // icmp_timestamp: originate, receive and transmit times (12 bytes)
      this.deps.send(
        makePacket({ src: pkt.dst, dst: pkt.src, proto: IPPROTO_ICMP, icmpType: ICMP_TIMESTAMPREPLY, icmpId: pkt.icmpId, icmpSeq: pkt.icmpSeq, payloadLen: 12 }),
      );
      return;
    }
    if (pkt.icmpType === ICMP_ECHOREPLY) {
      this.echo.get(pkt.icmpId)?.onReply(pkt);
      return;
    }
    const inner = pkt.inner;
    const errno = icmpErrno(pkt.icmpType, pkt.icmpCode);
    if (!inner || !errno) return;
    if (inner.proto === IPPROTO_TCP) this.deps.tcpError(inner, errno);
    else if (inner.proto === IPPROTO_UDP) this.deps.udpError(inner, errno, pkt.src);
    else if (inner.proto === IPPROTO_ICMP && inner.icmpType === ICMP_ECHO) this.echo.get(inner.icmpId)?.onError(pkt, inner);
  }

  /** An ICMP error about `pkt` (icmp_send): the original datagram rides along as `inner`. */
  static errorFor(pkt: Packet, type: number, code: number, from: Ipv4): Packet {
    return makePacket({ src: from, dst: pkt.src, proto: IPPROTO_ICMP, icmpType: type, icmpCode: code, inner: { ...pkt } });
  }
}
