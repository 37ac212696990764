/**
 * `dig [@SERVER] NAME [TYPE] [-x ADDR] [-p PORT] [+short]` as BIND 9.18's dig (Debian 12) prints it: one UDP
 * query per try from a socket of its own, with an EDNS cookie; 5 s timeout, 3 tries, a
 * ";; communications error" line for each failed one, then ";; no servers could be reached"
 * (recorded on the reference machine: traces/tools).
 */
import { formatIpv4, type Ipv4 } from '../../engine/ipv4';
import type { UdpSocket } from '../host/udp';
import { parseIpv4 } from '../../engine/ipv4';
import { decodeAnswer, DNS_TYPES, encodeQuery, type DnsAnswer, type DnsType } from '../services/dnsMessage';
import { parsePort } from './getopt';
import { DIG_HELP, DIG_SHORT_USAGE } from './referenceTexts';
import type { Command, ProcCtx } from './shell';

const TRY_MS = 5000;
const TRIES = 3;
const VERSION = '9.18.49-1~deb12u3-Debian';

/** When dig is given no @server it asks the resolver of /etc/resolv.conf: the lab uses 192.168.3.1. */
const DEFAULT_SERVER = '192.168.3.1';

/** dig's ";; WHEN:" date: the virtual clock from 2024-01-01 00:00 UTC. */
export function digDate(now: number): string {
  const d = new Date(Date.UTC(2024, 0, 1) + now);
  const day = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][d.getUTCDay()];
  const mon = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getUTCMonth()];
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${day} ${mon} ${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
}

function header(argsText: string, withServer: boolean): string[] {
  return ['', `; <<>> DiG ${VERSION} <<>> ${argsText}`, ...(withServer ? ['; (1 server found)'] : []), ';; global options: +cmd'];
}

/** Tabs that take BIND's text from column `col` to column `to` (its TTL column is 24, class 32). */
function tabsTo(col: number, to: number): string {
  let t = '';
  for (let c = col; c < to; c = (Math.floor(c / 8) + 1) * 8) t += '\t';
  return t || '\t';
}

function answerText(a: DnsAnswer, server: string, ms: number, size: number, argsText: string, withServer: boolean, when: string): string[] {
  const name = a.name.endsWith('.') ? a.name : `${a.name}.`;
  const out = [
    ...header(argsText, withServer),
    ';; Got answer:',
    `;; ->>HEADER<<- opcode: QUERY, status: ${a.rcode}, id: ${a.id}`,
    `;; flags: qr aa rd ra; QUERY: 1, ANSWER: ${a.addr ? 1 : 0}, AUTHORITY: 0, ADDITIONAL: 1`,
    '',
    ';; OPT PSEUDOSECTION:',
    '; EDNS: version: 0, flags:; udp: 4096',
    ';; QUESTION SECTION:',
    `;${name}${tabsTo(name.length, 24)}\tIN\t${a.type}`,
    '',
  ];
  if (a.addr) out.push(';; ANSWER SECTION:', `${name}${tabsTo(name.length, 24)}${a.ttl}\tIN\tA\t${a.addr}`, '');
  out.push(`;; Query time: ${Math.round(ms)} msec`, `;; SERVER: ${server} (UDP)`, `;; WHEN: ${when}`, `;; MSG SIZE  rcvd: ${size}`, '', '');
  return out;
}

function usage(ctx: ProcCtx, msg: string): null {
  ctx.err(msg);
  ctx.exit(1);
  return null;
}

export const dig: Command = (argv, ctx) => {
  let server: Ipv4 | null = null;
  let serverText: string | null = null;
  let port = 53;
  let name: string | null = null;
  let short = false;
  let type: DnsType = 'A';
  const args = argv.slice(1);
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-h') {
      ctx.out(DIG_HELP);
      ctx.exit(0);
      return null;
    }
    if (a === '-v') {
      ctx.err(`DiG ${VERSION}`);
      ctx.exit(0);
      return null;
    }
    if (a.startsWith('@')) {
      serverText = a.slice(1);
      server = ctx.resolve(serverText);
      if (server === null) return usage(ctx, `dig: couldn't get address for '${serverText}': not found`);
    } else if (a === '-p') {
      const p = parsePort(args[++i] ?? '');
      if (p === null) {
        ctx.out(`invalid port number '${args[i] ?? ''}': not a valid number`);
        return usage(ctx, "dig: Couldn't parse port number");
      }
      port = p;
    } else if (a === '+short') short = true;
    else if (a.startsWith('+')) continue; // other query options are accepted and ignored
    else if (a === '-x') {
      // a reverse lookup: the address's bytes backwards under in-addr.arpa, type PTR
      const addr = args[++i];
      if (addr === undefined || parseIpv4(addr) === null) return usage(ctx, `dig: '${addr ?? ''}' is not a legal IPv4 address\n${DIG_SHORT_USAGE}`);
      name = `${addr.split('.').reverse().join('.')}.in-addr.arpa`;
      type = 'PTR';
    } else if ((DNS_TYPES as readonly string[]).includes(a.toUpperCase()) && name !== null) type = a.toUpperCase() as DnsType;
    else if (a.toUpperCase() === 'IN') continue;
    else if (a.startsWith('-')) return usage(ctx, `Invalid option: ${a}\n${DIG_SHORT_USAGE}`);
    else if (name === null) name = a;
    else return usage(ctx, `dig: this lab's dig asks for one name at a time ('${a}' after '${name}')`);
  }
  const dst = server ?? ctx.resolve(DEFAULT_SERVER)!;
  const serverLabel = `${formatIpv4(dst)}#${port}(${serverText ?? formatIpv4(dst)})`;
  const qname = name ?? '.';
  const id = ctx.world.rng.int(1, 65535);
  const q = encodeQuery({ id, name: qname, type }, { cookie: true });
  let tries = 0;
  let sentAt = 0;
  let timer: { cancel(): void } | null = null;
  let sock: UdpSocket | null = null;
  const argsText = argv.slice(1).join(' ');
  const finish = (code: number): void => {
    timer?.cancel();
    sock?.close();
    ctx.exit(code);
  };
  const failed = (why: string): void => {
    ctx.out(`;; communications error to ${formatIpv4(dst)}#${port}: ${why}`);
    next();
  };
  const next = (): void => {
    timer?.cancel();
    sock?.close();
    if (tries >= TRIES) {
      if (!short) ctx.out([...header(argsText, server !== null), ';; no servers could be reached', ''].join('\n'));
      finish(9);
      return;
    }
    tries++;
    sentAt = ctx.now();
    // each try from a socket (and source port) of its own
    const s: UdpSocket = ctx.stack.udp.bind(null, {
      onMessage: (_src, _sport, payload, pkt) => {
        const a = decodeAnswer(payload);
        if (!a || a.id !== id) return;
        if (short) {
          if (a.addr) ctx.out(a.addr);
        } else ctx.out(answerText(a, serverLabel, ctx.now() - sentAt, pkt.payloadLen, argsText, server !== null, digDate(ctx.now())).join('\n'));
        finish(0);
      },
      onError: () => {
        if (sock === s) failed('connection refused');
      },
    });
    sock = s;
    s.sendTo(dst, port, q.text, q.size);
    timer = ctx.setTimer(ctx.now() + TRY_MS, () => failed('timed out'));
  };
  next();
  return { interrupt: () => finish(130) };
};
