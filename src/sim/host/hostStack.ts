/**
 * The network stack of one simulated Linux machine (hosts and the firewall alike): it receives
 * what passed the node's INPUT chain and answers as Linux does. Sniffers (nmap's libpcap) see
 * packets at the interface, before netfilter.
 */
import type { Ipv4 } from '../../engine/ipv4';
import { IPPROTO_ICMP, IPPROTO_TCP, IPPROTO_UDP, type Packet } from '../../engine/packet';
import type { HostEnv } from './hostEnv';
import { ICMP_DEST_UNREACH, IcmpLayer } from './icmp';
import { TcpLayer } from './tcp';
import { UdpLayer } from './udp';

export type Sniffer = (pkt: Packet) => void;

export class HostStack {
  readonly tcp: TcpLayer;
  readonly udp: UdpLayer;
  readonly icmp: IcmpLayer;
  readonly sniffers = new Set<Sniffer>();

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

  /** A packet reached an interface of this machine (before PREROUTING). */
  sniff(pkt: Packet): void {
    for (const s of this.sniffers) s(pkt);
  }

  /** A packet addressed to this machine that its INPUT chain accepted. */
  receive(pkt: Packet): void {
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
    this.env.send(IcmpLayer.errorFor(pkt, ICMP_DEST_UNREACH, code, pkt.dst));
  }
}
