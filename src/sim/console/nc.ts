/**
 * `nc` / `ncat` as Ncat 7.93 (Debian 12) behaves: connect (TCP or -u UDP), print what arrives,
 * send what is typed, -z to only test the connection, -w for the connect timeout (10 s by
 * default, which is why an unanswered connection reports "Ncat: TIMEOUT." after the kernel's SYNs
 * at 0, 1, 2, 3, 4, 5, 7 s), -l to listen, port 31337 when none is given; after the peer's FIN it
 * goes on until the input ends too (^D). Messages go to stderr
 * as Ncat writes them (recorded on the reference machine: traces/tools).
 */
import { formatIpv4 } from '../../engine/ipv4';
import { STRERROR, type Errno } from '../host/errno';
import type { TcpSocket } from '../host/tcpSocket';
import type { UdpSocket } from '../host/udp';
import { getopt, parsePort } from './getopt';
import { NCAT_HELP } from './referenceTexts';
import type { Command, Proc, ProcCtx } from './shell';

export const NCAT_CONNECT_TIMEOUT_MS = 10000;
const VERSION = 'Ncat: Version 7.93 ( https://nmap.org/ncat )';
/** Ncat's port when none is given. */
const DEFAULT_PORT = 31337;
/** `ncat -u -z`: how long it waits for an ICMP error after its one-byte datagram. */
const UDP_ZERO_IO_WAIT_MS = 2000;
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
  const o = getopt(argv[0], argv.slice(1), 'vznu4lkhCw:i:p:\x01', {
    crlf: 'C',
    verbose: 'v',
    udp: 'u',
    listen: 'l',
    wait: 'w',
    'idle-timeout': 'i',
    help: 'h',
    nodns: 'n',
    'keep-open': 'k',
    'source-port': 'p',
    version: '\x01',
  });
  if (!o.ok) return usage(ctx, `${o.error}\nNcat: Try \`--help' or man(1) ncat for more information, usage options and help. ${QUIT}`);
  const { flags, values, args } = o.value;
  if (flags.has('h')) {
    ctx.out(NCAT_HELP);
    ctx.exit(0);
    return null;
  }
  if (flags.has('\x01')) {
    ctx.err(VERSION);
    ctx.exit(0);
    return null;
  }
  const verbose = flags.has('v');
  const waitMs = values.has('w') ? parseSecs(values.get('w')!) : NCAT_CONNECT_TIMEOUT_MS;
  if (waitMs === null || waitMs <= 0) {
    return usage(ctx, `Ncat: Invalid -w timeout "${values.get('w')}" (must be greater than 0 and less than 2147483s). ${QUIT}`);
  }
  const idleMs = values.has('i') ? parseSecs(values.get('i')!) : null;
  if (verbose) ctx.err(VERSION);
  if (flags.has('l')) return listen(ctx, flags.has('u'), verbose, values.get('p') ?? args[0]);
  if (args.length < 1) return usage(ctx, `Ncat: You must specify a host to connect to. ${QUIT}`);
  const dst = ctx.resolve(args[0]);
  if (dst === null) return usage(ctx, `Ncat: Could not resolve hostname "${args[0]}": Name or service not known. ${QUIT}`);
  const port = args.length < 2 ? DEFAULT_PORT : parsePort(args[1]);
  if (port === null) return usage(ctx, `Ncat: Invalid port number "${args[1]}". ${QUIT}`);
  // -p in connect mode: the local (source) port, as ncat binds it before connecting
  const sport = values.has('p') ? parsePort(values.get('p')!) : undefined;
  if (sport === null) return usage(ctx, `Ncat: Invalid source port number "${values.get('p')}". ${QUIT}`);
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
    const sock: UdpSocket = ctx.stack.udp.bind(sport ?? null, {
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
      if (verbose) ctx.err('Ncat: UDP packet sent successfully');
      const t = ctx.setTimer(ctx.now() + UDP_ZERO_IO_WAIT_MS, () => {
        stats();
        sock.close();
        ctx.exit(0);
      });
      return { interrupt: () => (t.cancel(), sock.close()) };
    }
    // the end of the input ends a UDP "connection"
    const end = (): void => {
      idle?.cancel();
      stats();
      sock.close();
      ctx.exit(0);
    };
    if (ctx.piped) send(ctx.piped);
    armIdle(() => sock.close());
    return {
      stdin: send,
      interrupt: () => sock.close(),
      eof: end,
    };
  }

  let connected = false;
  let sock: TcpSocket | null = null;
  /** Lines typed (and ^D) before the connection was up. */
  const early: string[] = [];
  let earlyEof = false;
  // Ncat 7.93 half-closes: it ends when both the input (EOF, ^D) and the peer (FIN) are done
  let inputDone = ctx.piped !== null;
  let peerDone = false;
  const endIfBoth = (): void => {
    if (!inputDone || !peerDone) return;
    idle?.cancel();
    stats();
    ctx.exit(0);
  };
  const timer = ctx.setTimer(ctx.now() + waitMs, () => {
    if (connected) return;
    sock?.destroy();
    ctx.err('Ncat: TIMEOUT.');
    ctx.exit(1);
  });
  const send = (text: string): void => {
    if (!sock) return;
    // -C: the line endings typed go out as CRLF
    const d = flags.has('C') ? text.replace(/\r?\n/g, '\r\n') : text;
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
      peerDone = true;
      endIfBoth();
    },
    onError: (e) => {
      timer.cancel();
      idle?.cancel();
      fail(e);
    },
  }, sport);
  sock.process = { name: argv[0], pid: ctx.pid, fd: 3 };
  const proc: Proc = {
    stdin: (line) => {
      if (connected) send(line);
      else early.push(line);
    },
    eof: () => {
      inputDone = true;
      if (connected) sock?.close();
      else earlyEof = true;
      endIfBoth();
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
  const port = portText === undefined ? DEFAULT_PORT : parsePort(portText);
  if (port === null) return usage(ctx, `Ncat: Invalid port number "${portText}". ${QUIT}`);
  // Ncat binds [::] first, then 0.0.0.0 (the IPv6 socket binds even with IPv6 off)
  if (verbose) ctx.err(`Ncat: Listening on :::${port}`);
  if (udp) {
    if (verbose) ctx.err(`Ncat: Listening on 0.0.0.0:${port}`);
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
  if (verbose) ctx.err(`Ncat: Listening on 0.0.0.0:${port}`);
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
