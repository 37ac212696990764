/**
 * `nmap -sS|-sA|-sX|-sN|-sF|-sU [-p LIST] HOST`: raw probes from one source port, answers read
 * with a sniffer at the interface (as libpcap does, before the scanner's own INPUT chain), one
 * retransmission of unanswered probes after 1 s, and the port table nmap prints. Host discovery
 * is skipped (as with -Pn).
 */
import { formatIpv4, type Ipv4 } from '../../engine/ipv4';
import {
  IPPROTO_ICMP,
  IPPROTO_TCP,
  IPPROTO_UDP,
  makePacket,
  TCP_ACK,
  TCP_FIN,
  TCP_PSH,
  TCP_RST,
  TCP_SYN,
  TCP_URG,
  type Packet,
} from '../../engine/packet';
import { encodeQuery } from '../services/dnsMessage';
import { MAX_PORTS, parsePortList, serviceName, TOP_TCP, TOP_UDP } from './nmapPorts';
import type { Command, ProcCtx } from './shell';

type TcpScan = 'S' | 'A' | 'X' | 'N' | 'F';
const PROBE_FLAGS: Record<TcpScan, number> = {
  S: TCP_SYN,
  A: TCP_ACK,
  X: TCP_FIN | TCP_PSH | TCP_URG,
  N: 0,
  F: TCP_FIN,
};
const RETRY_MS = 1000;
const GIVE_UP_MS = 2000;

interface Probe {
  proto: 'tcp' | 'udp';
  port: number;
  state: string | null;
}

/** The state a silent port gets for each scan type. */
function silentState(proto: 'tcp' | 'udp', scan: TcpScan): string {
  if (proto === 'udp') return 'open|filtered';
  return scan === 'S' || scan === 'A' ? 'filtered' : 'open|filtered';
}

function tcpAnswer(scan: TcpScan, p: Packet): string | null {
  if (scan === 'S') {
    if ((p.flags & (TCP_SYN | TCP_ACK)) === (TCP_SYN | TCP_ACK)) return 'open';
    return p.flags & TCP_RST ? 'closed' : null;
  }
  if (!(p.flags & TCP_RST)) return null;
  return scan === 'A' ? 'unfiltered' : 'closed';
}

export function nmapDate(now: number): string {
  const d = new Date(Date.UTC(2024, 0, 1) + now);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
}

function usage(ctx: ProcCtx, msg: string): null {
  ctx.err(msg);
  ctx.exit(1);
  return null;
}

export const nmap: Command = (argv, ctx) => {
  let tcpScan: TcpScan | null = null;
  let udp = false;
  let portText: string | null = null;
  const targets: string[] = [];
  const args = argv.slice(1);
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const s = /^-s([SAXNFU])$/.exec(a);
    if (s) {
      if (s[1] === 'U') udp = true;
      else if (tcpScan && tcpScan !== s[1]) {
        return usage(ctx, 'You specified more than one type of TCP scan.  Please choose only one of -sA, -b, -sT, -sF, -sI, -sM, -sN, -sS, -sW, and -sX\nQUITTING!');
      } else tcpScan = s[1] as TcpScan;
    } else if (a === '-p') {
      portText = args[++i] ?? null;
      if (portText === null) return usage(ctx, 'nmap: option requires an argument -- \'p\'\nSee the output of nmap -h for a summary of options.');
    } else if (a.startsWith('-p')) portText = a.slice(2);
    else if (/^-(Pn|n|v|vv|T[0-5]|-reason|-open)$/.test(a)) continue;
    else if (a.startsWith('-s')) return usage(ctx, `Scantype ${a.slice(2)} not supported in this lab (try -sS, -sA, -sX, -sN, -sF or -sU)\nQUITTING!`);
    else if (a.startsWith('-')) return usage(ctx, `nmap: unrecognized option '${a}'\nSee the output of nmap -h for a summary of options.`);
    else targets.push(a);
  }
  if (!tcpScan && !udp) tcpScan = 'S';
  const date = nmapDate(ctx.now());
  ctx.out(`Starting Nmap 7.70 ( https://nmap.org ) at ${date}`);
  if (targets.length === 0) {
    ctx.out('WARNING: No targets were specified, so 0 hosts scanned.');
    ctx.out('Nmap done: 0 IP addresses (0 hosts up) scanned in 0.00 seconds');
    ctx.exit(0);
    return null;
  }
  const dst: Ipv4 | null = ctx.resolve(targets[0]);
  if (dst === null) {
    ctx.out(`Failed to resolve "${targets[0]}".`);
    ctx.out('WARNING: No targets were specified, so 0 hosts scanned.');
    ctx.out('Nmap done: 0 IP addresses (0 hosts up) scanned in 0.00 seconds');
    ctx.exit(0);
    return null;
  }
  let tcpPorts = TOP_TCP;
  let udpPorts = TOP_UDP;
  if (portText !== null) {
    const r = parsePortList(portText);
    if (!r.ok) return usage(ctx, r.error);
    tcpPorts = udpPorts = r.ports;
  }
  const probes: Probe[] = [
    ...(tcpScan ? tcpPorts.map((port) => ({ proto: 'tcp' as const, port, state: null })) : []),
    ...(udp ? udpPorts.map((port) => ({ proto: 'udp' as const, port, state: null })) : []),
  ];
  if (probes.length > MAX_PORTS) return usage(ctx, `This lab's nmap scans at most ${MAX_PORTS} ports at a time.\nQUITTING!`);
  const sport = ctx.world.rng.int(32768, 65000);
  const start = ctx.now();
  let latency: number | null = null;
  const src = ctx.stack.env.sourceFor(dst);

  const send = (p: Probe): void => {
    if (p.proto === 'tcp') {
      ctx.stack.env.send(
        makePacket({ src, dst, proto: IPPROTO_TCP, sport, dport: p.port, flags: PROBE_FLAGS[tcpScan!], seq: ctx.world.rng.u32() | 0, win: 1024, wscale: -1 }),
      );
    } else {
      const q = p.port === 53 ? encodeQuery({ id: ctx.world.rng.int(1, 65535), name: '.', type: 'A' }) : { text: '', size: 0 };
      ctx.stack.env.send(makePacket({ src, dst, proto: IPPROTO_UDP, sport, dport: p.port, payload: q.text, payloadLen: q.size }));
    }
  };
  const find = (proto: 'tcp' | 'udp', port: number): Probe | undefined =>
    probes.find((p) => p.proto === proto && p.port === port && p.state === null);
  const sniff = (pkt: Packet): void => {
    if (pkt.src !== dst) return;
    let probe: Probe | undefined;
    let state: string | null = null;
    if (pkt.proto === IPPROTO_TCP && pkt.dport === sport && tcpScan) {
      probe = find('tcp', pkt.sport);
      state = tcpAnswer(tcpScan, pkt);
    } else if (pkt.proto === IPPROTO_UDP && pkt.dport === sport) {
      probe = find('udp', pkt.sport);
      state = 'open';
    } else if (pkt.proto === IPPROTO_ICMP && pkt.icmpType === 3 && pkt.inner && pkt.inner.sport === sport) {
      const proto = pkt.inner.proto === IPPROTO_UDP ? 'udp' : 'tcp';
      probe = find(proto, pkt.inner.dport);
      state = proto === 'udp' && pkt.icmpCode === 3 ? 'closed' : 'filtered';
    }
    if (!probe || !state) return;
    probe.state = state;
    latency ??= ctx.now() - start;
    if (probes.every((p) => p.state !== null)) report();
  };
  let timer: { cancel(): void } | null = null;
  const report = (): void => {
    timer?.cancel();
    ctx.stack.sniffers.delete(sniff);
    for (const p of probes) p.state ??= silentState(p.proto, tcpScan ?? 'S');
    ctx.out(`Nmap scan report for ${targets[0] === formatIpv4(dst) ? formatIpv4(dst) : `${targets[0]} (${formatIpv4(dst)})`}`);
    ctx.out(latency === null ? 'Host is up.' : `Host is up (${(latency / 1000).toFixed(4)}s latency).`);
    const counts = new Map<string, number>();
    for (const p of probes) counts.set(p.state!, (counts.get(p.state!) ?? 0) + 1);
    let hidden: string | null = null;
    if (probes.length > 25) {
      const [state, n] = [...counts].sort((a, b) => b[1] - a[1])[0];
      if (n > 25) {
        hidden = state;
        ctx.out(`Not shown: ${n} ${state} ports`);
      }
    }
    const rows = probes.filter((p) => p.state !== hidden).map((p) => [`${p.port}/${p.proto}`, p.state!, serviceName(p.proto, p.port)]);
    if (rows.length) {
      const w0 = Math.max(4, ...rows.map((r) => r[0].length));
      const w1 = Math.max(5, ...rows.map((r) => r[1].length));
      ctx.out('');
      ctx.out(`${'PORT'.padEnd(w0)} ${'STATE'.padEnd(w1)} SERVICE`);
      for (const r of rows) ctx.out(`${r[0].padEnd(w0)} ${r[1].padEnd(w1)} ${r[2]}`);
    } else if (hidden) ctx.out(`All ${probes.length} scanned ports on ${formatIpv4(dst)} are ${hidden}`);
    ctx.out('');
    ctx.out(`Nmap done: 1 IP address (1 host up) scanned in ${((ctx.now() - start) / 1000).toFixed(2)} seconds`);
    ctx.exit(0);
  };
  ctx.stack.sniffers.add(sniff);
  probes.forEach(send);
  timer = ctx.setTimer(start + RETRY_MS, () => {
    probes.filter((p) => p.state === null).forEach(send);
    timer = ctx.setTimer(start + GIVE_UP_MS, report);
  });
  return {
    interrupt: () => {
      timer?.cancel();
      ctx.stack.sniffers.delete(sniff);
    },
  };
};
