/**
 * The lab's fixed wiring: left host eth0 — firewall ifaces[0]; firewall ifaces[1] — right host
 * eth0. Routing as each machine's table has it: hosts send everything to the firewall (their
 * default gateway); the firewall picks the interface whose subnet holds the destination.
 */
import type { Scenario } from './api';
import { parseIpv4, prefixMask, type Ipv4 } from '../engine/ipv4';

export interface Iface {
  name: string;
  addr: Ipv4;
  prefix: number;
  /** Index of the node at the other end of this interface's link. */
  peer: number;
}

export interface Route {
  iface: string;
  next: number;
}

export class Topology {
  readonly ifaces: Iface[][];

  constructor(scenario: Scenario) {
    const ip = (a: string): Ipv4 => parseIpv4(a) ?? 0;
    this.ifaces = scenario.nodes.map((n, i) =>
      n.ifaces.map((f, j) => ({ name: f.name, addr: ip(f.addr), prefix: f.prefix, peer: i === 1 ? (j === 0 ? 0 : 2) : 1 })),
    );
  }

  addrs(node: number): Ipv4[] {
    return this.ifaces[node].map((f) => f.addr);
  }

  /** Which node owns `addr`, or -1. */
  owner(addr: Ipv4): number {
    return this.ifaces.findIndex((fs) => fs.some((f) => f.addr === addr));
  }

  /** The interface of `node` whose link leads to `peer`. */
  ifaceToward(node: number, peer: number): Iface | undefined {
    return this.ifaces[node].find((f) => f.peer === peer);
  }

  /** The routing decision for a packet to `dst` leaving `node`; null: no route. */
  route(node: number, dst: Ipv4): Route | null {
    const fs = this.ifaces[node];
    const onLink = fs.find((f) => ((f.addr ^ dst) & prefixMask(f.prefix)) === 0);
    if (onLink) return { iface: onLink.name, next: onLink.peer };
    if (node !== 1 && fs[0]) return { iface: fs[0].name, next: fs[0].peer }; // default route via the firewall
    return null;
  }

  /** Source address a node uses towards `dst`. */
  sourceFor(node: number, dst: Ipv4): Ipv4 {
    const r = this.route(node, dst);
    const f = r ? this.ifaces[node].find((x) => x.name === r.iface) : this.ifaces[node][0];
    return f?.addr ?? 0;
  }
}
