/**
 * `hping3` (3.0.0-alpha-2, Debian 12), the packet crafter students know: TCP with chosen flags
 * (-S -A -F -R -P -U -X -Y) to -p PORT, -2 UDP, -1 ICMP echo; -c COUNT, -i uN / N interval;
 * answers are read at the interface like hping's libpcap, and printed in its format, the
 * statistics on stderr (recorded on the reference machine: traces/tools).
 */
import { formatIpv4 } from '../../engine/ipv4';
import {
  IPPROTO_ICMP,
  IPPROTO_TCP,
  IPPROTO_UDP,
  makePacket,
  TCP_ACK,
  TCP_CWR,
  TCP_ECE,
  TCP_FIN,
  TCP_PSH,
  TCP_RST,
  TCP_SYN,
  TCP_URG,
  type Packet,
} from '../../engine/packet';
import { pingTime } from './ping';
import { HPING3_HELP, HPING3_VERSION } from './referenceTexts';
import type { Command, ProcCtx } from './shell';

const FLAG_OPTS: Record<string, number> = { S: TCP_SYN, A: TCP_ACK, F: TCP_FIN, R: TCP_RST, P: TCP_PSH, U: TCP_URG, X: TCP_ECE, Y: TCP_CWR };
const PRINT_ORDER: [number, string][] = [
  [TCP_FIN, 'F'], [TCP_SYN, 'S'], [TCP_RST, 'R'], [TCP_PSH, 'P'], [TCP_ACK, 'A'], [TCP_URG, 'U'], [TCP_ECE, 'X'], [TCP_CWR, 'Y'],
];
/** The long names of the TCP flag options. */
const LONG_FLAGS: Record<string, string> = { '--syn': 'S', '--ack': 'A', '--fin': 'F', '--rst': 'R', '--push': 'P', '--urg': 'U', '--xmas': 'X', '--ymas': 'Y' };
/** After the last packet hping waits this long for answers (COUNTREACHED_TIMEOUT). */
const LINGER_MS = 1000;

function flagText(f: number): string {
  return PRINT_ORDER.filter(([b]) => f & b).map(([, l]) => l).join('') || 'none';
}

function usage(ctx: ProcCtx, msg: string): null {
  ctx.err(msg);
  ctx.exit(1);
  return null;
}

export const hping3: Command = (argv, ctx) => {
  let mode: 'tcp' | 'udp' | 'icmp' = 'tcp';
  let flags = 0;
  let dport = 0;
  let count: number | null = null;
  let interval = 1000;
  let base: number | null = null;
  let target: string | null = null;
  const args = argv.slice(1);
  const num = (v: string | undefined, lo: number, hi: number): number | null =>
    v !== undefined && /^\d+$/.test(v) && Number(v) >= lo && Number(v) <= hi ? Number(v) : null;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-h' || a === '--help' || a === '-v' || a === '--version') {
      ctx.out(a === '-h' || a === '--help' ? HPING3_HELP : HPING3_VERSION);
      ctx.exit(0);
      return null;
    }
    if (a === '-1' || a === '--icmp') mode = 'icmp';
    else if (a === '-2' || a === '--udp') mode = 'udp';
    else if (/^-[SAFRPUXY]+$/.test(a)) for (const c of a.slice(1)) flags |= FLAG_OPTS[c];
    else if (Object.hasOwn(LONG_FLAGS, a)) flags |= FLAG_OPTS[LONG_FLAGS[a]];
    else if (a === '-p' || a === '--destport') {
      const p = num(args[++i]?.replace(/^\+/, ''), 0, 65535);
      if (p === null) return usage(ctx, `hping3: invalid destination port '${args[i] ?? ''}'`);
      dport = p;
    } else if (a === '-s' || a === '--baseport') {
      base = num(args[++i], 0, 65535);
      if (base === null) return usage(ctx, `hping3: invalid source port '${args[i] ?? ''}'`);
    } else if (a === '-c' || a === '--count') {
      count = num(args[++i], 1, 1000000);
      if (count === null) {
        ctx.out('Option error: count must > 0');
        ctx.exit(1);
        return null;
      }
    } else if (a === '-i' || a === '--interval') {
      const v = args[++i] ?? '';
      const us = /^u(\d+)$/.exec(v);
      const n = us ? Number(us[1]) / 1000 : num(v, 1, 3600) !== null ? Number(v) * 1000 : null;
      if (n === null || n < 1) return usage(ctx, `hping3: invalid interval '${v}'`);
      interval = n;
    } else if (a === '--fast') interval = 100;
    else if (a.startsWith('-')) return usage(ctx, `hping3: unrecognized option \`${a}'\nTry hping3 --help`);
    else target = a;
  }
  if (target === null) return usage(ctx, 'Warning: Unable to guess the output interface\n[main] no target host specified');
  const dst = ctx.resolve(target);
  if (dst === null) return usage(ctx, `Unable to resolve '${target}'`);
  const src = ctx.stack.env.sourceFor(dst);
  const sportBase = base ?? ctx.world.rng.int(1024, 65000);
  const icmpId = ctx.world.rng.int(1, 65535);
  const what = mode === 'tcp' ? `${flagText(flags) === 'none' ? 'NO FLAGS are set' : `${flagText(flags)} set`}, 40 headers` : mode === 'udp' ? 'udp mode set, 28 headers' : 'icmp mode set, 28 headers';
  ctx.out(`HPING ${target} (eth0 ${formatIpv4(dst)}): ${what} + 0 data bytes`);
  const sentAt: number[] = [];
  const rtts: number[] = [];
  let seq = 0;
  let next: { cancel(): void } | null = null;
  const send = (): void => {
    const i = seq++;
    sentAt[i] = ctx.now();
    const common = { src, dst, ipId: ctx.world.rng.int(1, 65535) };
    const pkt =
      mode === 'tcp'
        ? makePacket({ ...common, proto: IPPROTO_TCP, sport: (sportBase + i) & 0xffff, dport, flags, seq: ctx.world.rng.u32() | 0, win: 512 })
        : mode === 'udp'
          ? makePacket({ ...common, proto: IPPROTO_UDP, sport: (sportBase + i) & 0xffff, dport })
          : makePacket({ ...common, proto: IPPROTO_ICMP, icmpType: 8, icmpId, icmpSeq: i });
    ctx.stack.env.send(pkt);
    if (count !== null && seq >= count) next = ctx.setTimer(ctx.now() + LINGER_MS, done);
    else next = ctx.setTimer(ctx.now() + interval, send);
  };
  const indexOf = (p: Packet): number | null => {
    if (p.src !== dst) return null;
    if (mode === 'icmp' && p.proto === IPPROTO_ICMP && p.icmpType === 0 && p.icmpId === icmpId) return p.icmpSeq;
    const inner = p.proto === IPPROTO_ICMP ? p.inner : null;
    const port = inner ? inner.sport : p.proto !== IPPROTO_ICMP ? p.dport : -1;
    const i = (port - sportBase) & 0xffff;
    return i < seq && (inner ? inner.dport === dport : p.sport === dport) ? i : null;
  };
  const sniff = (p: Packet): void => {
    const i = indexOf(p);
    if (i === null) return;
    const rtt = pingTime(ctx.now() - sentAt[i]);
    rtts.push(ctx.now() - sentAt[i]);
    if (p.proto === IPPROTO_TCP) {
      ctx.out(`len=${p.len} ip=${formatIpv4(p.src)} ttl=${p.ttl} DF id=${p.ipId} sport=${p.sport} flags=${flagText(p.flags)} seq=${i} win=${p.win} rtt=${rtt} ms`);
    } else if (p.proto === IPPROTO_UDP) {
      ctx.out(`len=${p.len} ip=${formatIpv4(p.src)} ttl=${p.ttl} id=${p.ipId} seq=${i} rtt=${rtt} ms`);
    } else if (p.icmpType === 0) {
      ctx.out(`len=${p.len} ip=${formatIpv4(p.src)} ttl=${p.ttl} id=${p.ipId} icmp_seq=${i} rtt=${rtt} ms`);
    } else {
      const name = p.icmpType === 3 && p.icmpCode === 3 ? 'Port Unreachable' : p.icmpType === 3 ? 'Destination Unreachable' : `type ${p.icmpType}`;
      // hping writes "get hostname..." and erases it with backspaces once the name is known: the terminal shows the name
      const ip = formatIpv4(p.src);
      const host = [...ctx.world.hostNames()].find(([, a]) => a === ip)?.[0] ?? 'UNKNOWN';
      ctx.out(`ICMP ${name} from ip=${ip} name=${host}`);
      if (p.inner) ctx.out(`status=0 port=${p.inner.sport} seq=${i}`);
    }
    // every packet answered: hping stops at once
    if (count !== null && seq >= count && rtts.length >= count) done();
  };
  const done = (): void => {
    next?.cancel();
    ctx.stack.sniffers.delete(sniff);
    const loss = seq ? Math.round(((seq - rtts.length) / seq) * 100) : 0;
    ctx.err('');
    ctx.err(`--- ${target} hping statistic ---`);
    ctx.err(`${seq} packets transmitted, ${rtts.length} packets received, ${loss}% packet loss`);
    const f = (x: number): string => x.toFixed(1);
    const avg = rtts.length ? rtts.reduce((a, b) => a + b, 0) / rtts.length : 0;
    ctx.err(`round-trip min/avg/max = ${f(rtts.length ? Math.min(...rtts) : 0)}/${f(avg)}/${f(rtts.length ? Math.max(...rtts) : 0)} ms`);
    ctx.exit(rtts.length ? 0 : 1);
  };
  ctx.stack.sniffers.add(sniff);
  send();
  return { interrupt: done };
};
