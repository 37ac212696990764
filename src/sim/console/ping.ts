/**
 * `ping` as iputils 20221126 (Debian 12) prints it: one echo request per second (-i), -c COUNT,
 * -W TIMEOUT (how long to wait after the last request, 10 s by default), -w DEADLINE (then -c
 * counts replies), -n; replies with their icmp_seq, ttl and time, ICMP errors as "From … Destination
 * Port Unreachable", and the statistics when it is done or interrupted with ^C (recorded on the
 * reference machine: traces/tools).
 */
import { formatIpv4 } from '../../engine/ipv4';
import { IPPROTO_ICMP, makePacket, type Packet } from '../../engine/packet';
import { getopt } from './getopt';
import { PING_USAGE, PING_VERSION } from './referenceTexts';
import type { Command, ProcCtx } from './shell';

/** How long ping waits for late replies after the last request (iputils' MAXWAIT). */
const LINGER_MS = 10000;

const UNREACH_TEXT: Record<number, string> = {
  0: 'Destination Net Unreachable',
  1: 'Destination Host Unreachable',
  2: 'Destination Protocol Unreachable',
  3: 'Destination Port Unreachable',
  9: 'Destination Net Prohibited',
  10: 'Destination Host Prohibited',
  13: 'Packet filtered',
};

/** iputils prints times with 3 significant-ish decimals: 0.045, 1.23, 40.0, 112. */
export function pingTime(ms: number): string {
  if (ms < 1) return ms.toFixed(3);
  if (ms < 10) return ms.toFixed(2);
  if (ms < 100) return ms.toFixed(1);
  return ms.toFixed(0);
}

function usage(ctx: ProcCtx, msg: string, code = 1): null {
  ctx.err(msg);
  ctx.exit(code);
  return null;
}

export const ping: Command = (argv, ctx) => {
  const o = getopt('ping', argv.slice(1), 'hVnqc:i:W:w:s:t:');
  if (!o.ok) return usage(ctx, `${o.error}\n${PING_USAGE}`, 2);
  const { values, args, flags } = o.value;
  if (flags.has('h')) return usage(ctx, PING_USAGE, 2);
  if (flags.has('V')) {
    ctx.out(PING_VERSION);
    ctx.exit(0);
    return null;
  }
  const num = (k: string, min: number): number | null | 'bad' | 'range' => {
    if (!values.has(k)) return null;
    const t = values.get(k)!;
    if (!/^\d+(\.\d+)?$/.test(t)) return 'bad';
    const v = Number(t);
    return v >= min ? v : 'range';
  };
  const count = num('c', 1);
  if (count === 'bad') return usage(ctx, `ping: invalid argument: '${values.get('c')}'`);
  if (count === 'range') return usage(ctx, `ping: invalid argument: '${values.get('c')}': out of range: 1 <= value <= 9223372036854775807`);
  const interval = num('i', 0.002);
  if (interval === 'bad' || interval === 'range') return usage(ctx, `ping: bad timing interval: ${values.get('i')}`);
  const size = num('s', 0);
  if (size === 'bad' || size === 'range') return usage(ctx, `ping: invalid argument: '${values.get('s')}'`);
  const waitS = num('W', 0);
  if (waitS === 'bad' || waitS === 'range') return usage(ctx, `ping: bad linger time: ${values.get('W')}`);
  const deadlineS = num('w', 0);
  if (deadlineS === 'bad' || deadlineS === 'range') return usage(ctx, `ping: invalid argument: '${values.get('w')}'`);
  const ttlText = values.get('t');
  if (ttlText !== undefined && !/^\d+$/.test(ttlText)) return usage(ctx, `ping: invalid argument: '${ttlText}'`);
  const ttl = ttlText === undefined ? 64 : Number(ttlText);
  if (ttl > 255) return usage(ctx, `ping: invalid argument: '${ttlText}': out of range: 0 <= value <= 255`);
  if (ttl === 0) return usage(ctx, 'ping: cannot set unicast time-to-live: Invalid argument', 2);
  if (args.length === 0) return usage(ctx, 'ping: usage error: Destination address required');
  const dst = ctx.resolve(args[0]);
  if (dst === null) return usage(ctx, `ping: ${args[0]}: Name or service not known`, 2);
  const dataLen = size ?? 56;
  const step = (interval ?? 1) * 1000;
  const id = ctx.world.rng.int(1, 65535);
  const target = formatIpv4(dst);
  ctx.out(`PING ${args[0]} (${target}) ${dataLen}(${dataLen + 28}) bytes of data.`);
  const sentAt = new Map<number, number>();
  const rtts: number[] = [];
  let transmitted = 0;
  let errors = 0;
  let seq = 0;
  const start = ctx.now();
  let lastSend = start;
  let next: { cancel(): void } | null = null;
  let linger: { cancel(): void } | null = null;

  const done = (): void => {
    next?.cancel();
    linger?.cancel();
    deadline?.cancel();
    ctx.stack.icmp.echo.delete(id);
    const loss = transmitted ? Math.round(((transmitted - rtts.length) / transmitted) * 100) : 0;
    ctx.out('');
    ctx.out(`--- ${args[0]} ping statistics ---`);
    const errs = errors ? `, +${errors} errors` : '';
    ctx.out(`${transmitted} packets transmitted, ${rtts.length} received${errs}, ${loss}% packet loss, time ${Math.round(lastSend - start)}ms`);
    if (rtts.length) {
      const min = Math.min(...rtts);
      const max = Math.max(...rtts);
      const avg = rtts.reduce((a, b) => a + b, 0) / rtts.length;
      const mdev = Math.sqrt(rtts.reduce((a, b) => a + (b - avg) ** 2, 0) / rtts.length);
      ctx.out(`rtt min/avg/max/mdev = ${[min, avg, max, mdev].map((x) => x.toFixed(3)).join('/')} ms`);
    } else ctx.out('');
    ctx.exit(rtts.length ? 0 : 1);
  };
  // with a deadline (-w), -c counts replies and the requests go on until then
  const deadline = deadlineS === null ? null : ctx.setTimer(start + deadlineS * 1000, () => done());
  const finished = (): boolean =>
    count !== null && (deadline ? rtts.length >= count : rtts.length + errors >= count && transmitted >= count);

  const sendOne = (): void => {
    seq++;
    transmitted++;
    lastSend = ctx.now();
    sentAt.set(seq, ctx.now());
    const pkt = makePacket({
      src: ctx.stack.env.sourceFor(dst),
      dst,
      proto: IPPROTO_ICMP,
      icmpType: 8,
      ttl,
      icmpId: id,
      icmpSeq: seq,
      payloadLen: dataLen,
    });
    if (ctx.stack.env.send(pkt) === 'EPERM') {
      ctx.err('ping: sendmsg: Operation not permitted');
      errors++;
    }
    if (count !== null && transmitted >= count && !deadline) {
      next = null;
      if (finished()) done();
      else linger = ctx.setTimer(ctx.now() + (waitS === null ? LINGER_MS : waitS * 1000), done);
      return;
    }
    next = ctx.setTimer(ctx.now() + step, sendOne);
  };

  ctx.stack.icmp.echo.set(id, {
    onReply: (p: Packet) => {
      const t0 = sentAt.get(p.icmpSeq);
      if (t0 === undefined) return;
      const rtt = ctx.now() - t0;
      rtts.push(rtt);
      if (!flags.has('q')) {
        const from = args[0] === target || flags.has('n') ? target : `${args[0]} (${target})`;
        ctx.out(`${p.payloadLen + 8} bytes from ${from}: icmp_seq=${p.icmpSeq} ttl=${p.ttl} time=${pingTime(rtt)} ms`);
      }
      if (finished()) done();
    },
    onError: (p: Packet, inner: Packet) => {
      errors++;
      const what = p.icmpType === 11 ? 'Time to live exceeded' : UNREACH_TEXT[p.icmpCode] ?? `Dest Unreachable, Bad Code: ${p.icmpCode}`;
      if (!flags.has('q')) ctx.out(`From ${formatIpv4(p.src)} icmp_seq=${inner.icmpSeq} ${what}`);
      if (finished()) done();
    },
  });
  sendOne();
  return { interrupt: done };
};
