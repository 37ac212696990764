/**
 * `tcpdump` as 4.99.3 (libpcap 1.10.3, Debian 12) runs on one of the machine's interfaces
 * (recorded: traces/tools): `-i IFACE` (the first one by default; `any` for all), `-n`, `-c N`,
 * `-v`, `-e`, a filter expression (tcpdumpFilter.ts); it prints what comes in before PREROUTING and
 * what goes out after POSTROUTING, runs until ^C or N packets, then its counts on stderr.
 */
import { formatIpv4, type Ipv4 } from '../../engine/ipv4';
import type { Capture } from '../host/hostStack';
import { macOf } from '../host/mac';
import { TCPDUMP_USAGE, TCPDUMP_VERSION } from './referenceTexts';
import type { Command, ProcCtx } from './shell';
import { compileFilter } from './tcpdumpFilter';
import { TcpdumpPrinter } from './tcpdumpFormat';

const FLAGS = 'AbdDefhHIJKlLnNOpqStuUvxX#';
const WITH_VALUE = 'BcCEFGijMQrsTVwWyzZ';
const LONG_FLAGS = new Set(['immediate-mode', 'number', 'print', 'micro', 'nano', 'count']);

function fail(ctx: ProcCtx, text: string, code = 1): null {
  ctx.err(text);
  ctx.exit(code);
  return null;
}

export const tcpdump: Command = (argv, ctx) => {
  let numeric = false;
  let verbose = false;
  let ether = false;
  let count: number | null = null;
  let iface: string | null = null;
  const expr: string[] = [];
  const args = argv.slice(1);
  const badOption = (what: string) => fail(ctx, `tcpdump: ${what}\n${TCPDUMP_VERSION}\n${TCPDUMP_USAGE}`);
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--version') {
      ctx.out(TCPDUMP_VERSION);
      ctx.exit(0);
      return null;
    }
    if (a === '--help') {
      ctx.out(`${TCPDUMP_VERSION}\n${TCPDUMP_USAGE}`);
      ctx.exit(0);
      return null;
    }
    if (a.startsWith('--') && a.length > 2) {
      if (LONG_FLAGS.has(a.slice(2))) continue;
      return badOption(`unrecognized option '${a}'`);
    }
    if (!a.startsWith('-') || a === '-') {
      expr.push(a);
      continue;
    }
    for (let j = 1; j < a.length; j++) {
      const c = a[j];
      if (WITH_VALUE.includes(c)) {
        const v = a.slice(j + 1) || args[++i];
        if (v === undefined) return badOption(`option requires an argument -- '${c}'`);
        if (c === 'c') {
          if (!/^\d+$/.test(v) || Number(v) < 1) return fail(ctx, `tcpdump: invalid packet count ${v}`);
          count = Number(v);
        } else if (c === 'i') iface = v;
        else if (c === 'r' || c === 'w' || c === 'F' || c === 'V') return fail(ctx, `tcpdump: ${v}: this lab's machines have no files (-${c})`);
        break;
      }
      if (!FLAGS.includes(c)) return badOption(`invalid option -- '${c}'`);
      if (c === 'h') {
        ctx.out(`${TCPDUMP_VERSION}\n${TCPDUMP_USAGE}`);
        ctx.exit(0);
        return null;
      }
      if (c === 'n') numeric = true;
      else if (c === 'v') verbose = true;
      else if (c === 'e') ether = true;
      else if (c === 'D') {
        const eths = ctx.world.topo.ifaces[ctx.node.index].map((f, k) => `${k + 1}.${f.name} [Up, Running, Connected]`);
        const k = eths.length;
        ctx.out([...eths, `${k + 1}.any (Pseudo-device that captures on all interfaces) [Up, Running]`, `${k + 2}.lo [Up, Running, Loopback]`].join('\n'));
        ctx.exit(0);
        return null;
      }
    }
  }
  const ifaces = ctx.world.topo.ifaces[ctx.node.index].map((f) => f.name);
  const dev = iface ?? ifaces[0];
  if (dev !== 'any' && dev !== 'lo' && !ifaces.includes(dev)) return fail(ctx, `tcpdump: ${dev}: No such device exists\n(No such device exists)`);
  const names = ctx.world.hostNames();
  const filter = compileFilter(expr.join(' '), (n) => ctx.resolve(n));
  if (!filter.ok) return fail(ctx, `tcpdump: ${filter.error}`);
  const nameOf = (a: Ipv4): string | null => {
    const ip = formatIpv4(a);
    for (const [n, x] of names) if (x === ip) return n;
    return null;
  };
  const printer = new TcpdumpPrinter(numeric, verbose, nameOf);
  const link = dev === 'any' ? 'LINUX_SLL (Linux cooked v1)' : 'EN10MB (Ethernet)';
  const topo = ctx.world.topo;
  const me = ctx.node.index;
  /** -e's link-level header: the MACs of both ends of the veth (on `any`: the way and the sender's). */
  const linkHeader = (len: number, way: 'In' | 'Out', on: string): string | null => {
    if (!ether) return null;
    const k = topo.ifaces[me].findIndex((f) => f.name === on);
    const f = topo.ifaces[me][k];
    const peer = f ? topo.ifaces[f.peer].findIndex((g) => g.peer === me) : -1;
    const mine = macOf(me, k);
    const theirs = f ? macOf(f.peer, peer) : mine;
    const [src, dst] = way === 'Out' ? [mine, theirs] : [theirs, mine];
    if (dev === 'any') return `${way === 'Out' ? 'Out' : ' In'} ${src} ethertype IPv4 (0x0800), length ${len + 16}: `;
    return `${src} > ${dst}, ethertype IPv4 (0x0800), length ${len + 14}: `;
  };
  if (!verbose) ctx.err('tcpdump: verbose output suppressed, use -v[v]... for full protocol decode');
  ctx.err(`${verbose ? 'tcpdump: ' : ''}listening on ${dev}, link-type ${link}, snapshot length 262144 bytes`);
  let captured = 0;
  let done = false;
  const finish = (interrupted: boolean): void => {
    if (done) return;
    done = true;
    ctx.stack.captures.delete(cap);
    if (interrupted) ctx.out('');
    const n = (k: number, what: string) => `${k} packet${k === 1 ? '' : 's'} ${what}`;
    ctx.err([n(captured, 'captured'), n(captured, 'received by filter'), n(0, 'dropped by kernel')].join('\n'));
    ctx.exit(0);
  };
  const cap: Capture = (pkt, way, on) => {
    if (done || (dev !== 'any' && on !== dev) || !filter.value(pkt)) return;
    captured++;
    for (const l of printer.lines(pkt, ctx.now(), linkHeader(pkt.len, way, on))) ctx.out(l);
    if (count !== null && captured >= count) finish(false);
  };
  ctx.stack.captures.add(cap);
  return { interrupt: () => finish(true) };
};
