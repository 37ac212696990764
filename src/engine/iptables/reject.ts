/**
 * The packet the REJECT target sends (nf_reject_ipv4.c: nf_send_unreach via icmp_send, and
 * nf_send_reset / nf_reject_ip_tcphdr_put). Returns null when the kernel sends nothing:
 * no ICMP error about an ICMP error, no RST in answer to an RST or to a non-TCP packet.
 */
import type { Ipv4 } from '../ipv4';
import type { Packet } from '../packet';
import { IPPROTO_ICMP, IPPROTO_TCP, makePacket, TCP_ACK, TCP_FIN, TCP_RST, TCP_SYN } from '../packet';
import type { RejectWith } from './model';
import { REJECT_ICMP_CODE } from './names';

const ICMP_ERROR_TYPES = [3, 4, 5, 11, 12];

/**
 * @param from the rejecting node's address on the interface the reply leaves by (used as the
 *   ICMP error's source; icmp_send picks it by routing). Defaults to the original destination.
 */
export function rejectReply(pkt: Packet, kind: RejectWith, from?: Ipv4): Packet | null {
  if (kind === 'tcp-reset') {
    if (pkt.proto !== IPPROTO_TCP || pkt.flags & TCP_RST) return null;
    const hasAck = (pkt.flags & TCP_ACK) !== 0;
    const seqLen = pkt.payloadLen + (pkt.flags & TCP_SYN ? 1 : 0) + (pkt.flags & TCP_FIN ? 1 : 0);
    return makePacket({
      src: pkt.dst,
      dst: pkt.src,
      proto: IPPROTO_TCP,
      ttl: 64,
      sport: pkt.dport,
      dport: pkt.sport,
      flags: hasAck ? TCP_RST : TCP_RST | TCP_ACK,
      seq: hasAck ? pkt.ack : 0,
      ack: hasAck ? 0 : (pkt.seq + seqLen) | 0,
      win: 0,
    });
  }
  if (pkt.proto === IPPROTO_ICMP && ICMP_ERROR_TYPES.includes(pkt.icmpType)) return null;
  return makePacket({
    src: from ?? pkt.dst,
    dst: pkt.src,
    proto: IPPROTO_ICMP,
    ttl: 64,
    icmpType: 3,
    icmpCode: REJECT_ICMP_CODE[kind],
    inner: pkt,
  });
}
