/**
 * `dig [@SERVER] NAME [A] [-p PORT]` as BIND 9.11's dig prints it: one UDP query, 5 s timeout,
 * 3 tries, then ";; connection timed out; no servers could be reached".
 */
import { formatIpv4, type Ipv4 } from '../../engine/ipv4';
import type { UdpSocket } from '../host/udp';
import { decodeAnswer, encodeQuery, type DnsAnswer } from '../services/dnsMessage';
import { parsePort } from './getopt';
import type { Command, ProcCtx } from './shell';

const TRY_MS = 5000;
const TRIES = 3;
const VERSION = '9.11.4-P2-RedHat-9.11.4-26.P2.el8';

/** When dig is given no @server it asks the resolver of /etc/resolv.conf: the lab uses 192.168.3.1. */
const DEFAULT_SERVER = '192.168.3.1';

function answerText(a: DnsAnswer, server: string, port: number, ms: number, size: number, argsText: string): string[] {
  const name = a.name.endsWith('.') ? a.name : `${a.name}.`;
  const out = [
    '',
    `; <<>> DiG ${VERSION} <<>> ${argsText}`,
    ...(argsText.includes('@') ? ['; (1 server found)'] : []),
    ';; global options: +cmd',
    ';; Got answer:',
    `;; ->>HEADER<<- opcode: QUERY, status: ${a.rcode}, id: ${a.id}`,
    `;; flags: qr aa rd ra; QUERY: 1, ANSWER: ${a.addr ? 1 : 0}, AUTHORITY: 0, ADDITIONAL: 1`,
    '',
    ';; OPT PSEUDOSECTION:',
    '; EDNS: version: 0, flags:; udp: 4096',
    ';; QUESTION SECTION:',
    `;${name}\t\t\tIN\tA`,
    '',
  ];
  if (a.addr) out.push(';; ANSWER SECTION:', `${name}\t\t${a.ttl}\tIN\tA\t${a.addr}`, '');
  out.push(
    `;; Query time: ${Math.round(ms)} msec`,
    `;; SERVER: ${server}#${port}(${server})`,
    `;; MSG SIZE  rcvd: ${size}`,
    '',
  );
  return out;
}

function usage(ctx: ProcCtx, msg: string): null {
  ctx.err(msg);
  ctx.exit(1);
  return null;
}

export const dig: Command = (argv, ctx) => {
  let server: Ipv4 | null = null;
  let port = 53;
  let name: string | null = null;
  const args = argv.slice(1);
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a.startsWith('@')) {
      server = ctx.resolve(a.slice(1));
      if (server === null) return usage(ctx, `dig: couldn't get address for '${a.slice(1)}': not found`);
    } else if (a === '-p') {
      const p = parsePort(args[++i] ?? '');
      if (p === null) return usage(ctx, `dig: invalid port '${args[i] ?? ''}'`);
      port = p;
    } else if (a.startsWith('+')) {
      continue; // query options are accepted and ignored
    } else if (a.toUpperCase() === 'A' || a.toUpperCase() === 'IN') {
      continue;
    } else if (a.startsWith('-')) {
      return usage(ctx, `Invalid option: ${a}\nUsage:  dig [@global-server] [domain] [q-type] [q-class] {q-opt}`);
    } else if (name === null) name = a;
    else return usage(ctx, `dig: only A queries are simulated in this lab ('${a}')`);
  }
  const dst = server ?? ctx.resolve(DEFAULT_SERVER)!;
  const qname = name ?? '.';
  const id = ctx.world.rng.int(1, 65535);
  const q = encodeQuery({ id, name: qname, type: 'A' });
  let tries = 0;
  let sentAt = 0;
  let timer: { cancel(): void } | null = null;
  const argsText = argv.slice(1).join(' ');
  const finish = (code: number): void => {
    timer?.cancel();
    sock.close();
    ctx.exit(code);
  };
  const sock: UdpSocket = ctx.stack.udp.bind(null, {
    onMessage: (_src, _sport, payload, pkt) => {
      const a = decodeAnswer(payload);
      if (!a || a.id !== id) return;
      ctx.out(answerText(a, formatIpv4(dst), port, ctx.now() - sentAt, pkt.payloadLen, argsText).join('\n'));
      finish(0);
    },
    onError: () => {
      ctx.out(`;; communications error to ${formatIpv4(dst)}#${port}: connection refused`);
      next();
    },
  });
  const next = (): void => {
    timer?.cancel();
    if (tries >= TRIES) {
      ctx.out(`\n; <<>> DiG ${VERSION} <<>> ${argsText}`);
      if (server) ctx.out('; (1 server found)');
      ctx.out(';; global options: +cmd');
      ctx.out(';; connection timed out; no servers could be reached');
      finish(9);
      return;
    }
    tries++;
    sentAt = ctx.now();
    sock.sendTo(dst, port, q.text, q.size);
    timer = ctx.setTimer(ctx.now() + TRY_MS, next);
  };
  next();
  return { interrupt: () => finish(130) };
};
