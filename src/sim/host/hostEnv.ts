/**
 * What a host's network stack needs from the world around it: the virtual clock, timers on that
 * clock, the seeded PRNG and a way to send a packet (routing + the node's OUTPUT chain).
 */
import type { Ipv4 } from '../../engine/ipv4';
import type { Packet } from '../../engine/packet';
import type { Rng } from '../rng';

export interface Timer {
  cancel(): void;
}

export interface HostEnv {
  now(): number;
  rng: Rng;
  /** Sends a locally generated packet; 'EPERM' when the node's own OUTPUT chain dropped it. */
  send(pkt: Packet): 'sent' | 'EPERM';
  setTimer(at: number, fn: () => void): Timer;
  /** The node's source address for a destination (the address of the interface it leaves by). */
  sourceFor(dst: Ipv4): Ipv4;
}

/** Linux's default ephemeral port range (net.ipv4.ip_local_port_range = 32768 60999). */
export const EPHEMERAL_LO = 32768;
export const EPHEMERAL_HI = 60999;
