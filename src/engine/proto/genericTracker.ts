/**
 * Any other IP protocol (nf_conntrack_generic_packet): the tuple is the addresses and the
 * protocol number; the entry lives generic_timeout (600 s) from the last packet.
 */
import { NF_ACCEPT } from '../ctinfo';
import { refresh, type L4PacketHandler } from './l4Tracker';

export const genericPacket: L4PacketHandler = (ct, _pkt, _dir, ctx) => {
  refresh(ct, ctx, ctx.settings.generic_timeout);
  ctx.trace?.reason('generic.refresh', { proto: ct.proto, timeout: ctx.settings.generic_timeout });
  return NF_ACCEPT;
};

export const GENERIC_REASONS: Record<string, string> = {
  'generic.refresh': 'Protocol {proto} has no tracker of its own: tracked by addresses only, timeout {timeout} s (nf_conntrack_generic_timeout).',
};
