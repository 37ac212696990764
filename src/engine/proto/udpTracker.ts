/**
 * UDP "connections" (nf_conntrack_udp_packet). UDP has no handshake: the first packet of a
 * tuple is NEW, an answer makes the entry ESTABLISHED. The entry lives udp_timeout (30 s)
 * until a reply is seen; once traffic has gone both ways and the flow is still alive more than
 * 2 s after it started, it counts as a stream: udp_timeout_stream (120 s), and only then ASSURED.
 * Left out: checksum and length checks (the simulated packets are always well formed).
 */
import { NF_ACCEPT } from '../ctinfo';
import { IPS_ASSURED, IPS_CONFIRMED, IPS_SEEN_REPLY } from '../status';
import { refresh, type L4PacketHandler } from './l4Tracker';

export const udpPacket: L4PacketHandler = (ct, _pkt, _dir, ctx) => {
  const s = ctx.settings;
  if ((ct.status & IPS_CONFIRMED) === 0) ct.udpStreamTs = ctx.now + 2000;
  if (ct.status & IPS_SEEN_REPLY) {
    // Still active two seconds after the first packet: a stream, with the long timeout,
    // and only then ASSURED (a quick request/answer like DNS stays unassured).
    const stream = ctx.now > ct.udpStreamTs;
    refresh(ct, ctx, stream ? s.udp_timeout_stream : s.udp_timeout);
    if (stream && (ct.status & IPS_ASSURED) === 0) {
      ct.status |= IPS_ASSURED;
      ctx.trace?.reason('udp.assured');
    }
    ctx.trace?.reason(stream ? 'udp.stream' : 'udp.replied-young', { timeout: stream ? s.udp_timeout_stream : s.udp_timeout });
  } else {
    refresh(ct, ctx, s.udp_timeout);
    ctx.trace?.reason('udp.unreplied', { timeout: s.udp_timeout });
  }
  return NF_ACCEPT;
};

export const UDP_REASONS: Record<string, string> = {
  'udp.unreplied': 'No answer seen yet: the entry lives {timeout} s (nf_conntrack_udp_timeout).',
  'udp.replied-young': 'Traffic went both ways, but the flow is not 2 s old yet: timeout {timeout} s.',
  'udp.stream': 'Traffic both ways for over 2 s: a UDP stream, timeout {timeout} s (nf_conntrack_udp_timeout_stream).',
  'udp.assured': 'Traffic both ways for over 2 s: the entry is ASSURED.',
};
