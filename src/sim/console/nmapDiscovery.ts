/**
 * nmap's host discovery as root for a target behind a router (nmap 7.93, recorded on the
 * reference machine): an ICMP echo request, a SYN to 443 (with an MSS option), an ACK to 80 and
 * an ICMP timestamp request, back to back; any answer from the target means the host is up (its
 * round trip is the latency nmap reports). Unanswered, the four go again after 2 s in the
 * reverse order (from a source port 2 higher, with other ICMP ids), and the host is declared
 * down 1.1 s later. A target on the scanner's own link
 * is found by ARP instead, which the lab does not model: it counts as up at once.
 */
import type { Ipv4 } from '../../engine/ipv4';
import { IPPROTO_ICMP, IPPROTO_TCP, makePacket, TCP_ACK, TCP_SYN, type Packet } from '../../engine/packet';
import { ICMP_ECHO, ICMP_ECHOREPLY, ICMP_TIMESTAMP, ICMP_TIMESTAMPREPLY } from '../host/icmp';
import type { ProcCtx } from './shell';

const RETRY_MS = 2000;
const GIVE_UP_MS = 3100;
/** nmap's probes: window 1024, the SYN with MSS 1460 (4 bytes of options). */
export const NMAP_WIN = 1024;
export const NMAP_SYN_OPTLEN = 4;

export interface Discovery {
  cancel(): void;
}

/** Calls `done` with the first answer's round trip (ms), or null when the host seems down. */
export function discoverHost(ctx: ProcCtx, src: Ipv4, dst: Ipv4, sport: number, done: (latencyMs: number | null, answer: Packet | null) => void): Discovery {
  // each round has ICMP ids of its own and a source port 2 higher (new entries in the firewall's table)
  const ids: number[] = [];
  const ports: number[] = [];
  const start = ctx.now();
  let sentAt = start;
  const probes = (): Packet[] => {
    const echo = ctx.world.rng.int(1, 65535);
    const ts = ctx.world.rng.int(1, 65535);
    const port = sport + 2 * ports.length;
    ids.push(echo, ts);
    ports.push(port);
    const tcp = (dport: number, flags: number): Packet =>
      makePacket({ src, dst, proto: IPPROTO_TCP, sport: port, dport, flags, seq: ctx.world.rng.u32() | 0, win: NMAP_WIN, tcpOptLen: flags === TCP_SYN ? NMAP_SYN_OPTLEN : 0 });
    return [
      makePacket({ src, dst, proto: IPPROTO_ICMP, icmpType: ICMP_ECHO, icmpId: echo, icmpSeq: 0 }),
      tcp(443, TCP_SYN),
      tcp(80, TCP_ACK),
      makePacket({ src, dst, proto: IPPROTO_ICMP, icmpType: ICMP_TIMESTAMP, icmpId: ts, icmpSeq: 0, payloadLen: 12 }),
    ];
  };
  const answers = (p: Packet): boolean => {
    if (p.src !== dst) return false;
    if (p.proto === IPPROTO_ICMP) return (p.icmpType === ICMP_ECHOREPLY || p.icmpType === ICMP_TIMESTAMPREPLY) && ids.includes(p.icmpId);
    return p.proto === IPPROTO_TCP && ports.includes(p.dport) && (p.sport === 443 || p.sport === 80);
  };
  let timer: { cancel(): void } | null = null;
  const finish = (latency: number | null, answer: Packet | null): void => {
    timer?.cancel();
    ctx.stack.sniffers.delete(sniff);
    done(latency, answer);
  };
  const sniff = (p: Packet): void => {
    if (answers(p)) finish(ctx.now() - sentAt, p);
  };
  ctx.stack.sniffers.add(sniff);
  for (const p of probes()) ctx.stack.env.send(p);
  timer = ctx.setTimer(start + RETRY_MS, () => {
    sentAt = ctx.now();
    for (const p of probes().reverse()) ctx.stack.env.send(p);
    timer = ctx.setTimer(start + GIVE_UP_MS, () => finish(null, null));
  });
  return { cancel: () => (timer?.cancel(), ctx.stack.sniffers.delete(sniff)) };
}
