/**
 * SCTP and UDP-Lite have trackers of their own in the kernel (nf_conntrack_proto_sctp.c,
 * the udplite part of nf_conntrack_proto_udp.c) that first check the header: SCTP's CRC32c
 * checksum and chunk layout, UDP-Lite's checksum coverage. The simulator's packets of these
 * protocols carry no such header (only payload bytes), so the kernel finds them malformed and
 * they are INVALID, as the recordings show.
 */
import { NF_INVALID } from '../ctinfo';
import type { L4PacketHandler } from './l4Tracker';

export const headerlessPacket: L4PacketHandler = (ct, _pkt, _dir, ctx) => {
  ctx.trace?.reason('proto.malformed-header', { proto: ct.proto === 132 ? 'SCTP' : 'UDP-Lite' });
  return NF_INVALID;
};

export const HEADERLESS_REASONS: Record<string, string> = {
  'proto.malformed-header': 'The {proto} tracker checks the {proto} header, and this packet has no valid one: INVALID.',
};
