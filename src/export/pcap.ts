/**
 * The session's packets as the firewall's interfaces saw them, in one pcapng file: an interface
 * per firewall interface (eth0, eth1; every link of the lab ends at the firewall, so it sees
 * every packet on the wire), each frame inbound or outbound, as `tcpdump -i any -w` on the
 * firewall would keep them but with Ethernet headers. A packet the firewall forwards is there
 * twice (in on one side, out on the other, TTL one less). Time stamps: the virtual clock, from
 * the epoch (1970-01-01 00:00:00 is the session's start).
 */
import type { Packet } from '../engine/packet';
import { IPPROTO_TCP } from '../engine/packet';
import { writePcapng, type PcapFrame } from './pcapng';
import type { SessionRecording, WireFrame } from './record';
import { ipv4Bytes, type TsFor } from './wire';

const LINKTYPE_ETHERNET = 1;
const ETH_P_IP = 0x0800;

/** A made-up, locally administered MAC address of node `node`'s interface `iface`. */
export function macOf(node: number, iface: number): number[] {
  return [0x02, 0x00, 0x5e, 0x10, node + 1, iface];
}

function flowKey(p: Packet): string {
  return `${p.src}:${p.sport}>${p.dst}:${p.dport}`;
}

function reverseKey(p: Packet): string {
  return `${p.dst}:${p.dport}>${p.src}:${p.sport}`;
}

/** A 32-bit FNV-1a hash: each connection's timestamp offset (Linux: a keyed hash of the addresses). */
function fnv(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * TCP timestamps as Linux writes them: TSval is the sender's millisecond clock plus a per-flow
 * offset; TSecr the last TSval the other side sent before this segment left (0 on a SYN).
 */
function timestamps(frames: WireFrame[]): (f: WireFrame) => TsFor {
  const sent = new Map<string, { born: number; val: number }[]>();
  const val = (p: Packet, born: number): number => (born + fnv(flowKey(p))) >>> 0;
  for (const f of frames) {
    if (f.pkt.proto !== IPPROTO_TCP) continue;
    const k = flowKey(f.pkt);
    const list = sent.get(k) ?? [];
    if (!list.some((x) => x.born === f.born)) list.push({ born: f.born, val: val(f.pkt, f.born) });
    sent.set(k, list);
  }
  const ecr = (p: Packet, born: number): number => {
    let best: { born: number; val: number } | null = null;
    for (const x of sent.get(reverseKey(p)) ?? []) if (x.born < born && (!best || x.born > best.born)) best = x;
    return best ? best.val : 0;
  };
  return (f) => (p) => {
    const born = p === f.pkt ? f.born : f.born - 1; // a quoted packet left before the error about it
    return { val: val(p, born), ecr: p.flags & 0x10 ? ecr(p, born) : 0 };
  };
}

/** The Ethernet frame of a wire frame: from the sending interface's MAC to the receiving one's. */
function ethernet(f: WireFrame, ip: Uint8Array, fwIface: number, peerIface: number): Uint8Array {
  const fwMac = macOf(1, fwIface);
  const peerMac = macOf(f.peer, peerIface);
  const b = new Uint8Array(14 + ip.length);
  b.set(f.dir === 'in' ? fwMac : peerMac, 0);
  b.set(f.dir === 'in' ? peerMac : fwMac, 6);
  b[12] = ETH_P_IP >>> 8;
  b[13] = ETH_P_IP & 0xff;
  b.set(ip, 14);
  return b;
}

export function sessionPcapng(rec: SessionRecording): Uint8Array {
  const nodes = rec.session.scenario.nodes;
  const fw = nodes[1];
  const tsOf = timestamps(rec.frames);
  const frames: PcapFrame[] = rec.frames.map((f) => ({
    iface: f.iface,
    timeUs: f.t * 1000,
    dir: f.dir,
    data: ethernet(f, ipv4Bytes(f.pkt, tsOf(f)), f.iface, 0),
  }));
  const ifaces = fw.ifaces.map((i, n) => ({
    name: i.name,
    description: `${fw.name} ${i.name} ${i.addr}/${i.prefix} (towards ${nodes[n === 0 ? 0 : 2].name})`,
    linkType: LINKTYPE_ETHERNET,
  }));
  return writePcapng(ifaces, frames, 'Conntrack Lab (virtual clock)');
}
