/**
 * The network stack of one simulated Linux machine (hosts and the firewall alike): it receives
 * what passed the node's INPUT chain and answers as Linux does. Sniffers (nmap's libpcap) see
 * packets at the interface, before netfilter.
 */
import type { Ipv4 } from '../../engine/ipv4';
import { IPPROTO_ICMP, IPPROTO_TCP, IPPROTO_UDP, type Packet } from '../../engine/packet';
import type { HostEnv } from './hostEnv';
import { ICMP_DEST_UNREACH, IcmpLayer } from './icmp';
import { IcmpRateLimit } from './icmpRateLimit';
import { TcpLayer } from './tcp';
import { UdpLayer } from './udp';

export type Sniffer = (pkt: Packet) => void;
/** A packet socket (tcpdump's): every packet on an interface, in or out, with the interface's name. */
export type Capture = (pkt: Packet, way: 'In' | 'Out', iface: string) => void;

export class HostStack {
  readonly tcp: TcpLayer;
  readonly udp: UdpLayer;
  readonly icmp: IcmpLayer;
  readonly sniffers = new Set<Sniffer>();
  /**
   * Raw sockets (traceroute's): each gets a copy of every ICMP and TCP packet INPUT accepted,
   * before the stack answers it (raw_local_deliver), and can tell whether it wants the packet.
   */
  readonly raw = new Set<Sniffer>();
  /** Packet sockets: what arrives (before PREROUTING) and what leaves (after POSTROUTING). */
  readonly captures = new Set<Capture>();
  /** Bytes (Ethernet frames: IP length + 14) and packets through each interface, for `ip -s link`. */
  readonly counters = new Map<string, { rx: { bytes: number; packets: number }; tx: { bytes: number; packets: number } }>();
  /** icmp_send's per-destination limit on errors. */
  readonly icmpLimit = new IcmpRateLimit();

  constructor(
    readonly env: HostEnv,
    readonly addrs: Ipv4[],
  ) {
    this.tcp = new TcpLayer(env);
    this.udp = new UdpLayer(env, (pkt, code) => this.sendUnreachable(pkt, code));
    this.icmp = new IcmpLayer({
      send: (p) => void env.send(p),
      tcpError: (inner, errno) => this.tcp.icmpError(inner, errno),
      udpError: (inner, errno, from) => this.udp.icmpError(inner, errno, from),
    });
  }

  owns(addr: Ipv4): boolean {
    return this.addrs.includes(addr);
  }

  /** Counts a frame on an interface. */
  count(iface: string, way: 'rx' | 'tx', ipLen: number): void {
    let c = this.counters.get(iface);
    if (!c) {
      c = { rx: { bytes: 0, packets: 0 }, tx: { bytes: 0, packets: 0 } };
      this.counters.set(iface, c);
    }
    c[way].bytes += ipLen + 14;
    c[way].packets++;
  }

  /** A packet reached an interface of this machine (before PREROUTING). */
  sniff(pkt: Packet): void {
    for (const s of this.sniffers) s(pkt);
  }

  /** A packet addressed to this machine that its INPUT chain accepted. */
  receive(pkt: Packet): void {
    if (pkt.proto === IPPROTO_ICMP || pkt.proto === IPPROTO_TCP) for (const r of this.raw) r(pkt);
    switch (pkt.proto) {
      case IPPROTO_TCP:
        return this.tcp.receive(pkt);
      case IPPROTO_UDP:
        return this.udp.receive(pkt);
      case IPPROTO_ICMP:
        return this.icmp.receive(pkt);
      default:
        return this.sendUnreachable(pkt, 2); // protocol unreachable
    }
  }

  private sendUnreachable(pkt: Packet, code: number): void {
    if (!this.icmpLimit.allow(ICMP_DEST_UNREACH, pkt.src, this.env.now())) return;
    this.env.send(IcmpLayer.errorFor(pkt, ICMP_DEST_UNREACH, code, pkt.dst));
  }
}
