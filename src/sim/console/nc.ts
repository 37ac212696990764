/**
 * `nc` / `ncat` as Ncat 7.70 behaves: connect (TCP or -u UDP), print what arrives, send what is
 * typed, -z to only test the connection, -w for the connect timeout (10 s by default, which is
 * why an unanswered connection reports "Ncat: Connection timed out." after SYNs at 0, 1, 3, 7 s),
 * -l to listen. Messages go to stderr as Ncat writes them.
 */
import { formatIpv4 } from '../../engine/ipv4';
import { STRERROR, type Errno } from '../host/errno';
import type { TcpSocket } from '../host/tcpSocket';
import type { UdpSocket } from '../host/udp';
import { getopt, parsePort } from './getopt';
import type { Command, Proc, ProcCtx } from './shell';

export const NCAT_CONNECT_TIMEOUT_MS = 10000;
const VERSION = 'Ncat: Version 7.70 ( https://nmap.org/ncat )';
const QUIT = 'QUITTING.';

function usage(ctx: ProcCtx, msg: string): null {
  ctx.err(msg);
  ctx.exit(2);
  return null;
}

function parseSecs(s: string): number | null {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(s);
  if (!m) return null;
  const n = Number(m[1]);
  return m[2] === 'ms' ? n : m[2] === 'm' ? n * 60000 : n * 1000;
}

export const nc: Command = (argv, ctx) => {
  const o = getopt('ncat', argv.slice(1), 'vznu4lkw:i:p:', { verbose: 'v', udp: 'u', listen: 'l', wait: 'w', 'idle-timeout': 'i' });
  if (!o.ok) return usage(ctx, `${o.error}\nNcat: Try \`--help' or man(1) ncat for more information, usage options and help. ${QUIT}`);
  const { flags, values, args } = o.value;
  const verbose = flags.has('v');
  const waitMs = values.has('w') ? parseSecs(values.get('w')!) : NCAT_CONNECT_TIMEOUT_MS;
  if (waitMs === null || waitMs <= 0) return usage(ctx, `Ncat: Invalid -w timeout (must be greater than 0). ${QUIT}`);
  const idleMs = values.has('i') ? parseSecs(values.get('i')!) : null;
  if (flags.has('l')) return listen(ctx, flags.has('u'), verbose, values.get('p') ?? args[0]);
  if (args.length < 1) return usage(ctx, `Ncat: You must specify a host to connect to. ${QUIT}`);
  if (args.length < 2) return usage(ctx, `Ncat: You must specify a port to connect to. ${QUIT}`);
  const dst = ctx.resolve(args[0]);
  if (dst === null) return usage(ctx, `Ncat: Could not resolve hostname "${args[0]}": Name or service not known. ${QUIT}`);
  const port = parsePort(args[1]);
  if (port === null) return usage(ctx, `Ncat: Invalid port number "${args[1]}". ${QUIT}`);
  if (verbose) ctx.err(VERSION);
  const target = `${formatIpv4(dst)}:${port}`;
  const start = ctx.now();
  let sent = 0;
  let received = 0;
  const stats = (): void => {
    if (verbose) ctx.err(`Ncat: ${sent} bytes sent, ${received} bytes received in ${((ctx.now() - start) / 1000).toFixed(2)} seconds.`);
  };
  const fail = (e: Errno): void => {
    ctx.err(`Ncat: ${STRERROR[e]}.`);
    ctx.exit(1);
  };
  let idle: { cancel(): void } | null = null;
  const armIdle = (close: () => void): void => {
    if (idleMs === null) return;
    idle?.cancel();
    idle = ctx.setTimer(ctx.now() + idleMs, () => {
      ctx.err(`Ncat: Idle timeout expired (${idleMs} ms).`);
      close();
      ctx.exit(1);
    });
  };

  if (flags.has('u')) {
    // UDP "connects" at once; errors (ICMP port unreachable) show up on the next read.
    const sock: UdpSocket = ctx.stack.udp.bind(null, {
      onMessage: (_s, _p, data) => {
        received += data.length;
        ctx.out(data);
        armIdle(() => sock.close());
      },
      onError: (e) => {
        sock.close();
        fail(e);
      },
    });
    if (verbose) ctx.err(`Ncat: Connected to ${target}.`);
    const send = (d: string): void => {
      if (sock.sendTo(dst, port, d) === 'EPERM') {
        sock.close();
        return fail('EPERM');
      }
      sent += d.length;
    };
    if (flags.has('z')) {
      send('X');
      stats();
      sock.close();
      ctx.exit(0);
      return null;
    }
    if (ctx.piped) send(ctx.piped);
    armIdle(() => sock.close());
    return {
      stdin: send,
      interrupt: () => sock.close(),
      eof: () => undefined,
    };
  }

  let connected = false;
  let sock: TcpSocket | null = null;
  /** Lines typed (and ^D) before the connection was up. */
  const early: string[] = [];
  let earlyEof = false;
  const timer = ctx.setTimer(ctx.now() + waitMs, () => {
    if (connected) return;
    sock?.destroy();
    fail('ETIMEDOUT');
  });
  const send = (d: string): void => {
    if (!sock) return;
    sent += d.length;
    sock.send(d);
    armIdle(() => sock?.close());
  };
  sock = ctx.stack.tcp.connect(dst, port, {
    onConnect: () => {
      connected = true;
      timer.cancel();
      if (verbose) ctx.err(`Ncat: Connected to ${target}.`);
      if (flags.has('z')) {
        sock?.close();
        stats();
        ctx.exit(0);
        return;
      }
      armIdle(() => sock?.close());
      if (ctx.piped !== null) {
        send(ctx.piped);
        sock?.close(); // end of the pipe: Ncat shuts down its sending side
        return;
      }
      // what was typed while connecting waited in the terminal: Ncat reads it now
      for (const line of early.splice(0)) send(line);
      if (earlyEof) sock?.close();
    },
    onData: (d) => {
      received += d.length;
      ctx.out(d);
      armIdle(() => sock?.close());
    },
    onEof: () => {
      idle?.cancel();
      sock?.close();
      stats();
      ctx.exit(0);
    },
    onError: (e) => {
      timer.cancel();
      idle?.cancel();
      fail(e);
    },
  });
  const proc: Proc = {
    stdin: (line) => {
      if (connected) send(line);
      else early.push(line);
    },
    eof: () => {
      if (connected) sock?.close();
      else earlyEof = true;
    },
    interrupt: () => {
      timer.cancel();
      idle?.cancel();
      if (sock && sock.state !== 'CLOSED') sock.close();
    },
  };
  return proc;
};

/** `nc -l [-u] [-p] PORT`: wait for one connection (or datagram), then talk over it. */
function listen(ctx: ProcCtx, udp: boolean, verbose: boolean, portText: string | undefined): Proc | null {
  const port = portText === undefined ? 31337 : parsePort(portText);
  if (port === null) return usage(ctx, `Ncat: Invalid port number "${portText}". ${QUIT}`);
  if (verbose) ctx.err(`${VERSION}\nNcat: Listening on 0.0.0.0:${port}`);
  if (udp) {
    let peer: { a: number; p: number } | null = null;
    const sock = ctx.stack.udp.bind(port, {
      onMessage: (a, p, data) => {
        if (!peer) {
          peer = { a, p };
          if (verbose) ctx.err(`Ncat: Connection from ${formatIpv4(a)}.`);
        }
        ctx.out(data);
      },
    });
    return {
      stdin: (d) => void (peer && sock.sendTo(peer.a, peer.p, d)),
      interrupt: () => sock.close(),
    };
  }
  if (ctx.stack.tcp.isListening(port)) {
    ctx.err(`Ncat: bind to 0.0.0.0:${port}: Address already in use. ${QUIT}`);
    ctx.exit(2);
    return null;
  }
  let conn: TcpSocket | null = null;
  ctx.stack.tcp.listen(port, (s) => {
    conn = s;
    ctx.stack.tcp.unlisten(port);
    if (verbose) ctx.err(`Ncat: Connection from ${formatIpv4(s.raddr)}.\nNcat: Connection from ${formatIpv4(s.raddr)}:${s.rport}.`);
    return {
      onData: (d) => ctx.out(d),
      onEof: () => {
        s.close();
        ctx.exit(0);
      },
      onError: () => ctx.exit(1),
    };
  });
  return {
    stdin: (d) => conn?.send(d),
    eof: () => conn?.close(),
    interrupt: () => {
      ctx.stack.tcp.unlisten(port);
      conn?.close();
    },
  };
}
