/**
 * GRE (nf_conntrack_gre_packet). Only GRE version 1 (PPTP) has keys in its tuple; plain GRE,
 * version 0, is tracked by addresses like the generic tracker, with keys shown as 0x0.
 * Unreplied: gre_timeout (30 s); once both ways are seen: gre_timeout_stream (180 s) and ASSURED.
 * Left out: PPTP call ids (the keys of version 1), which need the PPTP helper.
 */
import { NF_ACCEPT } from '../ctinfo';
import { IPS_ASSURED, IPS_SEEN_REPLY } from '../status';
import { refresh, type L4PacketHandler } from './l4Tracker';

export const grePacket: L4PacketHandler = (ct, _pkt, _dir, ctx) => {
  const s = ctx.settings;
  if (ct.status & IPS_SEEN_REPLY) {
    refresh(ct, ctx, s.gre_timeout_stream);
    if ((ct.status & IPS_ASSURED) === 0) {
      ct.status |= IPS_ASSURED;
      ctx.trace?.reason('gre.assured');
    }
    ctx.trace?.reason('gre.stream', { timeout: s.gre_timeout_stream });
  } else {
    refresh(ct, ctx, s.gre_timeout);
    ctx.trace?.reason('gre.unreplied', { timeout: s.gre_timeout });
  }
  return NF_ACCEPT;
};

export const GRE_REASONS: Record<string, string> = {
  'gre.unreplied': 'GRE without an answer yet: the entry lives {timeout} s (nf_conntrack_gre_timeout).',
  'gre.stream': 'GRE seen both ways: timeout {timeout} s (nf_conntrack_gre_timeout_stream).',
  'gre.assured': 'GRE seen both ways: the entry is ASSURED.',
};
