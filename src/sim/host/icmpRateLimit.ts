/**
 * The per-destination limit on a host's ICMP errors (icmpv4_xrlim_allow -> inet_peer_xrlim_allow):
 * destination unreachable, source quench, time exceeded and parameter problem (net.ipv4.
 * icmp_ratemask 0x1818) to one peer cost icmp_ratelimit (1000 ms) of a token bucket that holds
 * six of them (XRLIM_BURST_FACTOR) and refills with time; a new peer starts full. So a burst of
 * probes at a closed port gets six answers, then one a second (traceroute shows `*` for the rest).
 */
import type { Ipv4 } from '../../engine/ipv4';

const RATELIMIT_MS = 1000;
const BURST = 6 * RATELIMIT_MS;
const RATEMASK = (1 << 3) | (1 << 4) | (1 << 11) | (1 << 12);

export class IcmpRateLimit {
  private readonly peers = new Map<Ipv4, { tokens: number; last: number }>();

  /** Whether an ICMP message of `type` to `dst` may be sent now (and takes its token). */
  allow(type: number, dst: Ipv4, now: number): boolean {
    if (type > 18 || !(RATEMASK & (1 << type))) return true;
    let p = this.peers.get(dst);
    if (!p) {
      p = { tokens: BURST, last: now };
      this.peers.set(dst, p);
    }
    p.tokens = Math.min(BURST, p.tokens + now - p.last);
    p.last = now;
    if (p.tokens < RATELIMIT_MS) return false;
    p.tokens -= RATELIMIT_MS;
    return true;
  }
}
