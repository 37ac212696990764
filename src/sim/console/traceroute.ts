/**
 * `traceroute` as Modern traceroute for Linux 2.1.2 (Debian 12) runs and prints it (recorded:
 * traces/tools): probes with TTL 1, 2, … (UDP to port 33434 + n by default, `-I` ICMP echo, `-T`
 * TCP SYN to port 80), `-q` per hop, up to 16 in flight (do_it's window: it slides as hops are
 * done, and stops past the hop that reached the destination), each waiting up to `-w` MAX seconds,
 * or HERE times the RTT of its hop's answer, or NEAR times a later hop's. The answers are ICMP
 * time exceeded from the routers, then port unreachable (UDP), an echo reply (ICMP) or SYN-ACK /
 * RST (TCP) from the destination; `*` where nothing came back.
 */
import { formatIpv4, type Ipv4 } from '../../engine/ipv4';
import { IPPROTO_ICMP, IPPROTO_TCP, IPPROTO_UDP, makePacket, TCP_RST, TCP_SYN, type Packet } from '../../engine/packet';
import { EPHEMERAL_HI, EPHEMERAL_LO } from '../host/hostEnv';
import { TRACEROUTE_HELP, TRACEROUTE_VERSION } from './referenceTexts';
import type { Command, ProcCtx } from './shell';

type Method = 'udp' | 'icmp' | 'tcp';

interface Opts {
  method: Method;
  numeric: boolean;
  first: number;
  maxHops: number;
  queries: number;
  simProbes: number;
  /** -w MAX,HERE,NEAR (seconds, factors). */
  wait: [number, number, number];
  port: number | null;
  host: string;
}

/** Probe bytes: an IP header plus 40 (UDP 8 + 32 of data, ICMP 8 + 32, TCP 20 + 20 of options). */
const PACKET_LEN = 60;
const DEF_WAIT_PREC_MS = 1;
const DEFAULT_UDP_PORT = 33434;

const VALUE_OPTS = new Set(['f', 'g', 'i', 'm', 'N', 'p', 't', 'l', 'w', 'q', 's', 'z', 'M', 'O', 'P']);
const FLAG_OPTS = new Set(['4', '6', 'd', 'F', 'I', 'T', 'n', 'r', 'e', 'A', 'U', 'D', 'V']);
const LONG_VALUE: Record<string, string> = {
  first: 'f', gateway: 'g', interface: 'i', 'max-hops': 'm', 'sim-queries': 'N', port: 'p', tos: 't', flowlabel: 'l',
  wait: 'w', queries: 'q', source: 's', sendwait: 'z', module: 'M', options: 'O', protocol: 'P',
};
const LONG_FLAG: Record<string, string> = { icmp: 'I', tcp: 'T', udp: 'U', debug: 'd', 'dont-fragment': 'F', extensions: 'e', version: 'V', help: 'help' };

type Parsed = { kind: 'run'; o: Opts } | { kind: 'text'; text: string; code: number };

const int = (s: string): number | null => (/^\d+$/.test(s) ? Number(s) : null);

/** traceroute's own command-line parser (clif): its words for each mistake, with the argument's index. */
function parse(args: string[]): Parsed {
  const o: Opts = { method: 'udp', numeric: false, first: 1, maxHops: 30, queries: 3, simProbes: 16, wait: [5, 3, 10], port: null, host: '' };
  const rest: { text: string; argc: number }[] = [];
  const value = (letter: string, v: string, argc: number): string | null => {
    const bad = `Cannot handle \`-${letter}' option with arg \`${v}' (argc ${argc})`;
    const n = int(v);
    switch (letter) {
      case 'f':
        if (n === null) return bad;
        o.first = n;
        return null;
      case 'm':
        if (n === null) return bad;
        o.maxHops = n;
        return null;
      case 'q':
        if (n === null) return bad;
        o.queries = n;
        return null;
      case 'N':
        if (n === null) return bad;
        o.simProbes = n;
        return null;
      case 'p':
        if (n === null || n > 65535) return bad;
        o.port = n;
        return null;
      case 'w': {
        const parts = v.split(',');
        if (parts.length > 3 || parts.some((x) => !/^(\d+\.?\d*|\.\d+)$/.test(x))) return bad;
        parts.forEach((x, i) => (o.wait[i] = Number(x)));
        return null;
      }
      case 'z':
        return /^(\d+\.?\d*|\.\d+)$/.test(v) ? null : bad;
      default:
        return `This lab's traceroute has no option -${letter} (only -I -T -n -m -q -w -p -f -N)`;
    }
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const argc = i + 1;
    if (a === '--help') return { kind: 'text', text: TRACEROUTE_HELP, code: 0 };
    if (a.startsWith('--') && a.length > 2) {
      const [name, inline] = a.slice(2).split(/=(.*)/s, 2);
      if (Object.hasOwn(LONG_FLAG, name)) {
        const l = LONG_FLAG[name];
        if (l === 'V') return { kind: 'text', text: TRACEROUTE_VERSION, code: 0 };
        if (l === 'help') return { kind: 'text', text: TRACEROUTE_HELP, code: 0 };
        if (l === 'I') o.method = 'icmp';
        else if (l === 'T') o.method = 'tcp';
        continue;
      }
      if (Object.hasOwn(LONG_VALUE, name)) {
        const v = inline ?? args[++i];
        if (v === undefined) return { kind: 'text', text: `Option \`--${name}' (argc ${argc}) requires an argument: \`--${name}=${name}'`, code: 2 };
        const e = value(LONG_VALUE[name], v, inline === undefined ? argc + 1 : argc);
        if (e) return { kind: 'text', text: e, code: 2 };
        continue;
      }
      return { kind: 'text', text: `Bad option \`${a}' (argc ${argc})`, code: 2 };
    }
    if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j];
        if (VALUE_OPTS.has(c)) {
          const attached = a.slice(j + 1);
          const v = attached || args[++i];
          if (v === undefined) return { kind: 'text', text: `Option \`-${c}' (argc ${argc}) requires an argument: \`-${c} ${c === 'w' ? 'MAX,HERE,NEAR' : 'value'}'`, code: 2 };
          const e = value(c, v, attached ? argc : argc + 1);
          if (e) return { kind: 'text', text: e, code: 2 };
          break;
        }
        if (!FLAG_OPTS.has(c)) return { kind: 'text', text: `Bad option \`-${c}' (argc ${argc})`, code: 2 };
        if (c === 'V') return { kind: 'text', text: TRACEROUTE_VERSION, code: 0 };
        if (c === 'I') o.method = 'icmp';
        else if (c === 'T') o.method = 'tcp';
        else if (c === 'n') o.numeric = true;
      }
      continue;
    }
    rest.push({ text: a, argc });
  }
  if (rest.length === 0) return { kind: 'text', text: TRACEROUTE_HELP, code: 0 };
  if (rest.length > 2) return { kind: 'text', text: `Too many arguments \`${rest[2].text}' (argc ${rest[2].argc})`, code: 2 };
  if (rest.length === 2 && int(rest[1].text) === null) {
    return { kind: 'text', text: `Cannot handle "packetlen" cmdline arg \`${rest[1].text}' on position 2 (argc ${rest[1].argc})`, code: 2 };
  }
  o.host = rest[0].text;
  if (o.maxHops > 255) return { kind: 'text', text: 'max hops cannot be more than 255', code: 2 };
  if (o.first < 1 || o.first > o.maxHops) return { kind: 'text', text: 'first hop out of range', code: 2 };
  if (o.queries < 1 || o.queries > 10) return { kind: 'text', text: 'no more than 10 probes per hop', code: 2 };
  if (o.simProbes < 1) o.simProbes = 1;
  return { kind: 'run', o };
}

interface Probe {
  ttl: number;
  sent: number | null;
  recv: number | null;
  from: Ipv4 | null;
  done: boolean;
  final: boolean;
  mark: string;
  /** What identifies the answer: UDP destination port, ICMP sequence, or TCP source port. */
  key: number;
}

/** The `!H`-style mark of an ICMP destination unreachable (parse_icmp_res); port unreachable is the destination's answer. */
function unreachMark(code: number): string {
  const marks: Record<number, string> = { 0: '!N', 1: '!H', 2: '!P', 3: '', 4: '!F', 5: '!S', 9: '!X', 10: '!X', 13: '!X', 14: '!V', 15: '!C' };
  return marks[code] ?? `!<${code}>`;
}

export const traceroute: Command = (argv, ctx) => {
  const p = parse(argv.slice(1));
  if (p.kind === 'text') {
    ctx.err(p.text);
    ctx.exit(p.code);
    return null;
  }
  const o = p.o;
  const dst = ctx.resolve(o.host);
  if (dst === null) {
    ctx.err(`${o.host}: Name or service not known\nCannot handle "host" cmdline arg \`${o.host}' on position 1 (argc ${argv.indexOf(o.host)})`);
    ctx.exit(2);
    return null;
  }
  return new Trace(ctx, o, dst).start();
};

class Trace {
  private readonly probes: Probe[] = [];
  private first = 0;
  private end: number;
  private line = '';
  private timer: { at: number; cancel(): void } | null = null;
  private readonly icmpId: number;
  private readonly src: Ipv4;
  private finished = false;
  private readonly tap = (pkt: Packet) => this.answer(pkt);

  constructor(
    private readonly ctx: ProcCtx,
    private readonly o: Opts,
    private readonly dst: Ipv4,
  ) {
    const n = (o.maxHops - o.first + 1) * o.queries;
    this.end = n;
    this.icmpId = ctx.world.rng.int(1, 65535);
    this.src = ctx.stack.env.sourceFor(dst);
    const base = o.port ?? (o.method === 'icmp' ? 1 : DEFAULT_UDP_PORT);
    for (let i = 0; i < n; i++) {
      const key = o.method === 'tcp' ? 0 : (base + i) & 0xffff;
      this.probes.push({ ttl: Math.floor(i / o.queries) + o.first, sent: null, recv: null, from: null, done: false, final: false, mark: '', key });
    }
  }

  start() {
    this.ctx.out(`traceroute to ${this.o.host} (${formatIpv4(this.dst)}), ${this.o.maxHops} hops max, ${PACKET_LEN} byte packets`);
    this.ctx.stack.raw.add(this.tap);
    this.loop();
    return { interrupt: () => this.stop(130) };
  }

  private stop(code: number): void {
    if (this.finished) return;
    this.finished = true;
    this.timer?.cancel();
    this.ctx.stack.raw.delete(this.tap);
    if (this.line) this.ctx.out(this.line);
    this.ctx.exit(code);
  }

  /** How long a probe is waited for (get_timeout): HERE × its hop's RTT, NEAR × a later hop's, or MAX. */
  private timeoutMs(n: number): number {
    const [max, here, near] = this.o.wait;
    const maxMs = max * 1000;
    const q = this.o.queries;
    const rtt = (p: Probe) => (p.done && p.recv !== null && p.sent !== null ? p.recv - p.sent : 0);
    if (here) {
      for (let i = n - (n % q); i < n - (n % q) + q; i++) {
        const v = rtt(this.probes[i]);
        if (v > 0) return Math.min(here * (v + DEF_WAIT_PREC_MS), maxMs);
      }
    }
    if (near) {
      for (let i = n + 1; i < this.probes.length && this.probes[i].sent !== null; i++) {
        const v = rtt(this.probes[i]);
        if (v > 0) return Math.min(near * (v + DEF_WAIT_PREC_MS), maxMs);
      }
    }
    return maxMs;
  }

  /** One turn of do_it: expire, print what is done in order, send while the window allows, sleep. */
  private loop(): void {
    if (this.finished) return;
    this.timer = null;
    const now = this.ctx.now();
    let num = 0;
    let wake = Infinity;
    for (let n = this.first; n < this.end; n++) {
      const pb = this.probes[n];
      if (!pb.done && pb.sent !== null && now - pb.sent >= this.timeoutMs(n)) pb.done = true;
      if (pb.done) {
        if (n === this.first) {
          this.print(n);
          this.first++;
        }
        if (pb.final) this.end = (Math.floor(n / this.o.queries) + 1) * this.o.queries;
        continue;
      }
      if (pb.sent === null && !this.send(n)) return;
      wake = Math.min(wake, pb.sent! + this.timeoutMs(n));
      if (++num >= this.o.simProbes) break;
    }
    if (this.first >= this.end) {
      this.stop(0);
      return;
    }
    if (wake < Infinity) this.wakeAt(wake);
  }

  private wakeAt(at: number): void {
    if (this.timer && this.timer.at <= at) return;
    this.timer?.cancel();
    const t = this.ctx.setTimer(at, () => this.loop());
    this.timer = { at, cancel: () => t.cancel() };
  }

  private send(n: number): boolean {
    const pb = this.probes[n];
    const rng = this.ctx.world.rng;
    let pkt: Packet;
    if (this.o.method === 'udp') {
      pkt = makePacket({ src: this.src, dst: this.dst, proto: IPPROTO_UDP, ttl: pb.ttl, sport: rng.int(EPHEMERAL_LO, EPHEMERAL_HI), dport: pb.key, payloadLen: 32 });
    } else if (this.o.method === 'icmp') {
      pkt = makePacket({ src: this.src, dst: this.dst, proto: IPPROTO_ICMP, ttl: pb.ttl, icmpType: 8, icmpId: this.icmpId, icmpSeq: pb.key, payloadLen: 32 });
    } else {
      pb.key = rng.int(EPHEMERAL_LO, EPHEMERAL_HI);
      pkt = makePacket({
        src: this.src, dst: this.dst, proto: IPPROTO_TCP, ttl: pb.ttl, sport: pb.key, dport: this.o.port ?? 80,
        flags: TCP_SYN, seq: rng.u32(), win: 64240, wscale: 7, tcpOptLen: 20,
      });
    }
    pb.sent = this.ctx.now();
    if (this.ctx.stack.env.send(pkt) === 'EPERM') {
      this.ctx.err('send: Operation not permitted');
      this.stop(1);
      return false;
    }
    return true;
  }

  /** Which probe an answer is about, if it is one of ours. */
  private probeFor(pkt: Packet): number {
    const find = (ok: (p: Probe) => boolean) => this.probes.findIndex((p) => p.sent !== null && !p.done && ok(p));
    const inner = pkt.inner;
    if (pkt.proto === IPPROTO_ICMP && inner && inner.src === this.src && inner.dst === this.dst) {
      if (this.o.method === 'udp' && inner.proto === IPPROTO_UDP) return find((p) => p.key === inner.dport);
      if (this.o.method === 'icmp' && inner.proto === IPPROTO_ICMP && inner.icmpId === this.icmpId) return find((p) => p.key === inner.icmpSeq);
      if (this.o.method === 'tcp' && inner.proto === IPPROTO_TCP) return find((p) => p.key === inner.sport);
      return -1;
    }
    if (pkt.src !== this.dst) return -1;
    if (this.o.method === 'icmp' && pkt.proto === IPPROTO_ICMP && pkt.icmpType === 0 && pkt.icmpId === this.icmpId) return find((p) => p.key === pkt.icmpSeq);
    if (this.o.method === 'tcp' && pkt.proto === IPPROTO_TCP && (pkt.flags & (TCP_SYN | TCP_RST)) !== 0) return find((p) => p.key === pkt.dport);
    return -1;
  }

  private answer(pkt: Packet): void {
    if (this.finished) return;
    const n = this.probeFor(pkt);
    if (n < 0) return;
    const pb = this.probes[n];
    pb.done = true;
    pb.recv = this.ctx.now();
    pb.from = pkt.src;
    if (pkt.proto === IPPROTO_ICMP && pkt.inner) {
      if (pkt.icmpType === 3) {
        pb.final = true;
        pb.mark = unreachMark(pkt.icmpCode);
      }
    } else pb.final = true;
    // UDP probes each have a socket and one poll reads them all; ICMP and TCP share one raw socket, read a packet a turn
    if (this.o.method === 'udp') this.wakeAt(this.ctx.now() + 1);
    else this.loop();
  }

  private name(a: Ipv4): string {
    const ip = formatIpv4(a);
    if (this.o.numeric) return ip;
    const name = [...this.ctx.world.hostNames()].find(([, x]) => x === ip)?.[0] ?? ip;
    return `${name} (${ip})`;
  }

  /** print_probe: the hop number first, the address when it changes, the time or `*`, a mark. */
  private print(n: number): void {
    const q = this.o.queries;
    const pb = this.probes[n];
    const k = n % q;
    if (k === 0) this.line = `${String(pb.ttl).padStart(2)} `;
    if (pb.from !== null) {
      const prev = this.probes.slice(n - k, n).reverse().find((p) => p.from !== null);
      if (!prev || prev.from !== pb.from) this.line += ` ${this.name(pb.from)}`;
    }
    this.line += pb.recv !== null ? `  ${(pb.recv - pb.sent!).toFixed(3)} ms` : ' *';
    if (pb.mark) this.line += ` ${pb.mark}`;
    if (k === q - 1) {
      this.ctx.out(this.line);
      this.line = '';
    }
  }
}
