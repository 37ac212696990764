/**
 * What the core gives a per-protocol tracker (the kernel's `struct nf_conntrack_l4proto`
 * packet handlers: nf_conntrack_tcp_packet, nf_conntrack_udp_packet, nf_conntrack_icmp_packet,
 * generic) and what it expects back.
 */
import type { Conn } from '../conn';
import type { Dir } from '../ctinfo';
import type { Packet } from '../packet';
import type { CtSettings } from '../settings';
import type { Tracer } from '../trace';

export interface PacketContext {
  /** The engine clock, ms. */
  now: number;
  settings: CtSettings;
  trace: Tracer | null;
  /** Removes the entry from the table at once (nf_ct_kill). Returns false if it was already gone. */
  kill(ct: Conn): boolean;
}

/**
 * Updates `ct` for `pkt` travelling in direction `dir`. `ct` may be brand new (not yet
 * IPS_CONFIRMED): then the tracker first decides whether this packet may create it at all.
 * Returns NF_ACCEPT, NF_INVALID (the packet gets no entry: state INVALID), NF_DROP, or
 * NF_REPEAT (the tracker killed `ct`; the core looks the packet up again). See ctinfo.ts.
 */
export type L4PacketHandler = (ct: Conn, pkt: Packet, dir: Dir, ctx: PacketContext) => number;

/** Sets the entry to expire `seconds` from now (nf_ct_refresh). */
export function refresh(ct: Conn, ctx: PacketContext, seconds: number): void {
  ct.timeout = ctx.now + seconds * 1000;
}
