/**
 * `nmap -sS|-sA|-sX|-sN|-sF|-sU [-p LIST] HOST` as Nmap 7.93 (Debian 12) run as root: host
 * discovery first (nmapDiscovery.ts; skipped with -Pn), then raw probes from one source port,
 * answers read with a sniffer at the interface (as libpcap does, before the scanner's own INPUT
 * chain), one retransmission of unanswered probes after 1 s, and the port table nmap prints.
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
import { discoverHost, NMAP_SYN_OPTLEN, NMAP_WIN } from './nmapDiscovery';
import { MAX_PORTS, parsePortList, serviceName, TOP_TCP, TOP_UDP } from './nmapPorts';
import { NMAP_HELP, NMAP_VERSION } from './referenceTexts';
import type { Command, ProcCtx } from './shell';

type TcpScan = 'S' | 'A' | 'X' | 'N' | 'F';
const PROBE_FLAGS: Record<TcpScan, number> = {
  S: TCP_SYN,
  A: TCP_ACK,
  X: TCP_FIN | TCP_PSH | TCP_URG,
  N: 0,
  F: TCP_FIN,
};
/** Probes sent in one millisecond. */
const BATCH = 50;
const RETRY_MS = 1000;
/** When the scan ends after its start (recorded): sooner when discovery measured a round trip. */
const GIVE_UP_MS = 2250;
const GIVE_UP_AFTER_DISCOVERY_MS = 1450;
/** A retransmitted probe comes from another source port (the first one plus 2). */
const RETRY_PORT_STEP = 2;

interface Probe {
  proto: 'tcp' | 'udp';
  port: number;
  state: string | null;
  /** --reason: what answered ('syn-ack ttl 63', 'reset ttl 63', 'no-response'). */
  reason?: string;
}

/** nmap's name for an answer (--reason). */
function reasonOf(p: Packet): string {
  if (p.proto === IPPROTO_ICMP) {
    const what = p.icmpType === 0 ? 'echo-reply' : p.icmpType === 14 ? 'timestamp-reply' : p.icmpCode === 3 ? 'port-unreach' : p.icmpCode === 1 ? 'host-unreach' : 'admin-prohibited';
    return `${what} ttl ${p.ttl}`;
  }
  if (p.proto === IPPROTO_UDP) return `udp-response ttl ${p.ttl}`;
  return `${(p.flags & (TCP_SYN | TCP_ACK)) === (TCP_SYN | TCP_ACK) ? 'syn-ack' : 'reset'} ttl ${p.ttl}`;
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

function usage(ctx: ProcCtx, msg: string, code = 1): null {
  ctx.err(msg);
  ctx.exit(code);
  return null;
}

const SEE_HELP = 'See the output of nmap -h for a summary of options.';

export const nmap: Command = (argv, ctx) => {
  let tcpScan: TcpScan | null = null;
  let udp = false;
  let portText: string | null = null;
  const targets: string[] = [];
  let skipDiscovery = false;
  let numeric = false;
  let openOnly = false;
  let withReason = false;
  let verbose = false;
  /** -v's last line: raw packets and bytes sent and received. */
  const raw = { sent: 0, sentB: 0, rcvd: 0, rcvdB: 0 };
  /** What told nmap the host is up (--reason). */
  let hostReason = 'user-set';
  const args = argv.slice(1);
  if (args.length === 0 || args.includes('-h') || args.includes('--help')) {
    ctx.out(NMAP_HELP);
    ctx.exit(args.length === 0 ? 255 : 0);
    return null;
  }
  if (args.includes('-V') || args.includes('--version')) {
    ctx.out(NMAP_VERSION);
    ctx.exit(0);
    return null;
  }
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
      if (portText === null) return usage(ctx, `nmap: option requires an argument -- 'p'\n${SEE_HELP}`, 255);
    } else if (a.startsWith('-p')) portText = a.slice(2);
    else if (a === '-Pn') skipDiscovery = true;
    else if (a === '-n') numeric = true;
    else if (a === '--open') openOnly = true;
    else if (a === '--reason') withReason = true;
    else if (a === '-v' || a === '-vv') verbose = true;
    else if (/^-T[0-5]$/.test(a)) continue;
    else if (a.startsWith('-s')) return usage(ctx, `Scantype ${a.slice(2)} not supported in this lab (try -sS, -sA, -sX, -sN, -sF or -sU)\nQUITTING!`);
    else if (a.startsWith('-')) return usage(ctx, `nmap: unrecognized option '${a}'\n${SEE_HELP}`, 255);
    else targets.push(a);
  }
  if (!tcpScan && !udp) tcpScan = 'S';
  const date = nmapDate(ctx.now());
  ctx.out(`Starting Nmap 7.93 ( https://nmap.org ) at ${date}`);
  if (targets.length === 0) {
    ctx.out('WARNING: No targets were specified, so 0 hosts scanned.');
    ctx.out('Nmap done: 0 IP addresses (0 hosts up) scanned in 0.00 seconds');
    ctx.exit(0);
    return null;
  }
  const dst: Ipv4 | null = ctx.resolve(targets[0]);
  if (dst === null) {
    ctx.err(`Failed to resolve "${targets[0]}".`);
    ctx.err('WARNING: No targets were specified, so 0 hosts scanned.');
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
  let probeSport = sport;
  const ours = (port: number): boolean => port === sport || port === sport + RETRY_PORT_STEP;
  const start = ctx.now();
  let latency: number | null = null;
  const src = ctx.stack.env.sourceFor(dst);
  const elapsed = (): string => ((ctx.now() - start) / 1000).toFixed(2);
  const clock = (): string => nmapDate(ctx.now()).slice(11, 16);
  const scanName = udp && !tcpScan ? 'UDP Scan' : { S: 'SYN Stealth Scan', A: 'ACK Scan', X: 'XMAS Scan', N: 'NULL Scan', F: 'FIN Scan' }[tcpScan ?? 'S'];
  // the name nmap reports: the target's reverse name (/etc/hosts), or the name typed
  const ip = formatIpv4(dst);
  const reverse = numeric ? undefined : [...ctx.world.hostNames()].find(([, a]) => a === ip)?.[0];
  const name = reverse ?? (targets[0] !== ip ? targets[0] : null);
  const reportName = name ? `${name} (${ip})` : ip;

  const rawSend = (pkt: Packet): void => {
    raw.sent++;
    raw.sentB += pkt.len;
    ctx.stack.env.send(pkt);
  };
  const send = (p: Probe): void => {
    if (p.proto === 'tcp') {
      rawSend(
        makePacket({ src, dst, proto: IPPROTO_TCP, sport: probeSport, dport: p.port, flags: PROBE_FLAGS[tcpScan!], seq: ctx.world.rng.u32() | 0, win: NMAP_WIN, tcpOptLen: tcpScan === 'S' ? NMAP_SYN_OPTLEN : 0 }),
      );
    } else {
      const q = p.port === 53 ? encodeQuery({ id: ctx.world.rng.int(1, 65535), name: '.', type: 'A' }) : { text: '', size: 0 };
      rawSend(makePacket({ src, dst, proto: IPPROTO_UDP, sport: probeSport, dport: p.port, payload: q.text, payloadLen: q.size }));
    }
  };
  const find = (proto: 'tcp' | 'udp', port: number): Probe | undefined =>
    probes.find((p) => p.proto === proto && p.port === port && p.state === null);
  const sniff = (pkt: Packet): void => {
    if (pkt.src !== dst) return;
    let probe: Probe | undefined;
    let state: string | null = null;
    if (pkt.proto === IPPROTO_TCP && ours(pkt.dport) && tcpScan) {
      probe = find('tcp', pkt.sport);
      state = tcpAnswer(tcpScan, pkt);
    } else if (pkt.proto === IPPROTO_UDP && ours(pkt.dport)) {
      probe = find('udp', pkt.sport);
      state = 'open';
    } else if (pkt.proto === IPPROTO_ICMP && pkt.icmpType === 3 && pkt.inner && ours(pkt.inner.sport)) {
      const proto = pkt.inner.proto === IPPROTO_UDP ? 'udp' : 'tcp';
      probe = find(proto, pkt.inner.dport);
      state = proto === 'udp' && pkt.icmpCode === 3 ? 'closed' : 'filtered';
    }
    if (!probe || !state) return;
    probe.state = state;
    probe.reason = reasonOf(pkt);
    raw.rcvd++;
    raw.rcvdB += pkt.len;
    if (verbose && state === 'open') ctx.out(`Discovered open port ${probe.port}/${probe.proto} on ${ip}`);
    latency ??= ctx.now() - start;
    if (probes.every((p) => p.state !== null)) report();
  };
  let timer: { cancel(): void } | null = null;
  const report = (): void => {
    timer?.cancel();
    ctx.stack.sniffers.delete(sniff);
    for (const p of probes) p.state ??= silentState(p.proto, tcpScan ?? 'S');
    if (verbose) {
      const n = probes.length;
      ctx.out(`Completed ${scanName} at ${clock()}, ${((ctx.now() - scanStart) / 1000).toFixed(2)}s elapsed (${n} total ports)`);
    }
    ctx.out(`Nmap scan report for ${reportName}`);
    const why = withReason ? `, received ${hostReason}` : '';
    ctx.out(latency === null ? `Host is up${why}.` : `Host is up${why} (${(latency / 1000).toFixed(4)}s latency).`);
    // ports left out of the table: the most common state beyond 25 ports, or all but open ones with --open
    const counts = new Map<string, number>();
    for (const p of probes) counts.set(p.state!, (counts.get(p.state!) ?? 0) + 1);
    const hidden = new Set<string>();
    if (openOnly) for (const st of counts.keys()) if (st !== 'open') hidden.add(st);
    if (probes.length > 25) {
      const [state, n] = [...counts].sort((a, b) => b[1] - a[1])[0];
      if (n > 25) hidden.add(state);
    }
    const notShown = [...hidden].filter((st) => counts.has(st)).map((st) => {
      const n = counts.get(st)!;
      const proto = probes.find((p) => p.state === st)!.proto;
      return `${n} ${st} ${proto} port${n === 1 ? '' : 's'} (${st === 'closed' && proto === 'tcp' ? 'reset' : st === 'closed' ? 'port-unreach' : 'no-response'})`;
    });
    if (notShown.length) ctx.out(`Not shown: ${notShown.join(', ')}`);
    const rows = probes
      .filter((p) => !hidden.has(p.state!))
      .map((p) => [`${p.port}/${p.proto}`, p.state!, serviceName(p.proto, p.port), p.reason ?? 'no-response']);
    if (rows.length) {
      const w0 = Math.max(4, ...rows.map((r) => r[0].length));
      const w1 = Math.max(5, ...rows.map((r) => r[1].length));
      if (!notShown.length) ctx.out('');
      const w2 = Math.max(7, ...rows.map((r) => r[2].length));
      ctx.out(withReason ? `${'PORT'.padEnd(w0)} ${'STATE'.padEnd(w1)} ${'SERVICE'.padEnd(w2)} REASON` : `${'PORT'.padEnd(w0)} ${'STATE'.padEnd(w1)} SERVICE`);
      for (const r of rows) ctx.out(withReason ? `${r[0].padEnd(w0)} ${r[1].padEnd(w1)} ${r[2].padEnd(w2)} ${r[3]}` : `${r[0].padEnd(w0)} ${r[1].padEnd(w1)} ${r[2]}`);
    } else if (hidden.size) ctx.out(`All ${probes.length} scanned ports on ${reportName} are in ignored states.`);
    ctx.out('');
    if (verbose) ctx.out('Read data files from: /usr/bin/../share/nmap');
    ctx.out(`Nmap done: 1 IP address (1 host up) scanned in ${elapsed()} seconds`);
    if (verbose) ctx.out(`           Raw packets sent: ${raw.sent} (${raw.sentB}B) | Rcvd: ${raw.rcvd} (${raw.rcvdB}B)`);
    ctx.exit(0);
  };
  // a thousand probes leave in waves of BATCH a millisecond apart (nmap paces its sends too)
  const sendAll = (list: Probe[]): void => {
    list.slice(0, BATCH).forEach(send);
    if (list.length > BATCH) ctx.setTimer(ctx.now() + 1, () => sendAll(list.slice(BATCH)));
  };
  let scanStart = start;
  const scan = (): void => {
    scanStart = ctx.now();
    if (verbose) {
      const n = probes.length;
      ctx.out(`Initiating ${scanName} at ${clock()}`);
      ctx.out(`Scanning ${reportName} [${n} port${n === 1 ? '' : 's'}]`);
    }
    ctx.stack.sniffers.add(sniff);
    sendAll(probes);
    timer = ctx.setTimer(scanStart + RETRY_MS, () => {
      probeSport = sport + RETRY_PORT_STEP;
      sendAll(probes.filter((p) => p.state === null));
      timer = ctx.setTimer(scanStart + (latency === null ? GIVE_UP_MS : GIVE_UP_AFTER_DISCOVERY_MS), report);
    });
  };
  // a target on the scanner's own link is discovered by ARP, which the lab does not model
  const topo = ctx.world.topo;
  const onLink = topo.route(ctx.node.index, dst)?.next === topo.owner(dst);
  let discovery: { cancel(): void } | null = null;
  if (onLink && !skipDiscovery) hostReason = 'arp-response';
  if (skipDiscovery || onLink) scan();
  else {
    if (verbose) ctx.out(`Initiating Ping Scan at ${clock()}\nScanning ${ip} [4 ports]`);
    // discovery from a source port of its own, so that its answers are not taken for the scan's
    discovery = discoverHost(ctx, src, dst, ctx.world.rng.int(32768, 65000), (rtt, answer) => {
      discovery = null;
      if (rtt === null) {
        ctx.out('Note: Host seems down. If it is really up, but blocking our ping probes, try -Pn');
        ctx.out(`Nmap done: 1 IP address (0 hosts up) scanned in ${elapsed()} seconds`);
        ctx.exit(0);
        return;
      }
      latency = rtt;
      if (answer) hostReason = reasonOf(answer);
      // the four probes (echo 28, SYN 44, ACK 40, timestamp 40 bytes) and the first answer
      raw.sent += 4;
      raw.sentB += 152;
      raw.rcvd++;
      raw.rcvdB += answer?.len ?? 0;
      if (verbose) ctx.out(`Completed Ping Scan at ${clock()}, ${elapsed()}s elapsed (1 total hosts)`);
      scan();
    });
  }
  return {
    interrupt: () => {
      discovery?.cancel();
      timer?.cancel();
      ctx.stack.sniffers.delete(sniff);
    },
  };
};
