/**
 * `curl URL`: HTTP GET (or -I HEAD) and FTP downloads (curlFtp.ts), with curl's error texts
 * (`curl: (28) Failed to connect to … after N ms: Timeout was reached`, `curl: (7) … Connection
 * refused`). -v shows the conversation as curl's verbose mode does ("> " sent, "< " received).
 * The lab's curl gives up connecting after 10 s unless --connect-timeout says otherwise.
 */
import { formatIpv4, type Ipv4 } from '../../engine/ipv4';
import { STRERROR, type Errno } from '../host/errno';
import type { TcpHandlers, TcpSocket } from '../host/tcpSocket';
import { curlFtp } from './curlFtp';
import { getopt } from './getopt';
import type { Command, Proc, ProcCtx } from './shell';

export const CURL_CONNECT_TIMEOUT_MS = 10000;

export interface CurlOpts {
  verbose: boolean;
  head: boolean;
  connectTimeoutMs: number;
  /** -P / --ftp-port given: active FTP (PORT). */
  ftpActive: boolean;
}

export interface Url {
  scheme: 'http' | 'ftp';
  host: string;
  addr: Ipv4;
  port: number;
  path: string;
}

function fail(ctx: ProcCtx, code: number, msg: string): null {
  ctx.err(`curl: (${code}) ${msg}`);
  ctx.exit(code);
  return null;
}

/**
 * Opens a TCP connection the way curl reports it: "*   Trying …" in verbose mode, code 28 when
 * the connect timeout passes, code 7 for a refusal or an ICMP error.
 */
export function curlConnect(
  ctx: ProcCtx,
  o: CurlOpts,
  addr: Ipv4,
  port: number,
  handlers: TcpHandlers,
  onConnected: (s: TcpSocket) => void,
  /** Instead of exiting: the caller cleans up (FTP's control connection) and exits. */
  onFail: (code: number, msg: string) => void = (code, msg) => void fail(ctx, code, msg),
): TcpSocket {
  const start = ctx.now();
  const where = `${formatIpv4(addr)} port ${port}`;
  if (o.verbose) ctx.err(`*   Trying ${formatIpv4(addr)}:${port}...`);
  let connected = false;
  const timer = ctx.setTimer(start + o.connectTimeoutMs, () => {
    sock.destroy();
    onFail(28, `Failed to connect to ${where} after ${ctx.now() - start} ms: Timeout was reached`);
  });
  const sock = ctx.stack.tcp.connect(addr, port, {
    ...handlers,
    onConnect: () => {
      connected = true;
      timer.cancel();
      if (o.verbose) ctx.err(`* Connected to ${formatIpv4(addr)} (${formatIpv4(addr)}) port ${port} (#0)`);
      onConnected(sock);
    },
    onError: (e: Errno) => {
      timer.cancel();
      if (!connected) onFail(7, `Failed to connect to ${where} after ${ctx.now() - start} ms: ${STRERROR[e]}`);
      else handlers.onError?.(e);
    },
  });
  return sock;
}

export function parseUrl(ctx: ProcCtx, text: string): Url | string {
  const m = /^(?:([a-zA-Z]+):\/\/)?([^/:\s]+)(?::(\d+))?(\/.*)?$/.exec(text);
  if (!m) return '(3) URL using bad/illegal format or missing URL';
  const scheme = (m[1] ?? 'http').toLowerCase();
  if (scheme !== 'http' && scheme !== 'ftp') return `(1) Protocol "${scheme}" not supported or disabled in libcurl`;
  const addr = ctx.resolve(m[2]);
  if (addr === null) return `(6) Could not resolve host: ${m[2]}`;
  const port = m[3] ? Number(m[3]) : scheme === 'ftp' ? 21 : 80;
  if (port < 1 || port > 65535) return '(3) URL using bad/illegal format or missing URL';
  return { scheme, host: m[2], addr, port, path: m[4] ?? '/' };
}

export const curl: Command = (argv, ctx) => {
  // Long-only options get letters nobody can type (\x01-\x03).
  const o = getopt('curl', argv.slice(1), 'vsIP:m:o:\x01:\x02\x03', {
    verbose: 'v',
    silent: 's',
    head: 'I',
    'ftp-port': 'P',
    'max-time': 'm',
    output: 'o',
    'connect-timeout': '\x01',
    'ftp-pasv': '\x02',
    'disable-epsv': '\x03',
  });
  if (!o.ok) {
    ctx.err(`${o.error.replace(/^curl: /, 'curl: option ')}\ncurl: try 'curl --help' or 'curl --manual' for more information`);
    ctx.exit(2);
    return null;
  }
  const p = o.value;
  if (p.args.length === 0) {
    ctx.err("curl: try 'curl --help' or 'curl --manual' for more information");
    ctx.exit(2);
    return null;
  }
  const ct = p.values.has('\x01') ? Number(p.values.get('\x01')) : CURL_CONNECT_TIMEOUT_MS / 1000;
  if (!Number.isFinite(ct) || ct <= 0) {
    ctx.err(`curl: option --connect-timeout: expected a proper numerical parameter`);
    ctx.exit(2);
    return null;
  }
  const opts: CurlOpts = {
    verbose: p.flags.has('v'),
    head: p.flags.has('I'),
    connectTimeoutMs: ct * 1000,
    ftpActive: p.values.has('P'),
  };
  const url = parseUrl(ctx, p.args[0]);
  if (typeof url === 'string') {
    ctx.err(`curl: ${url}`);
    ctx.exit(Number(/\((\d+)\)/.exec(url)![1]));
    return null;
  }
  if (url.scheme === 'ftp') return curlFtp(ctx, opts, url);
  return curlHttp(ctx, opts, url);
};

function curlHttp(ctx: ProcCtx, o: CurlOpts, url: Url): Proc {
  let buf = '';
  let done = false;
  const finish = (): void => {
    if (done) return;
    done = true;
    const i = buf.indexOf('\r\n\r\n');
    const head = i >= 0 ? buf.slice(0, i) : buf;
    const body = i >= 0 ? buf.slice(i + 4) : '';
    if (o.verbose) for (const l of head.split('\r\n')) ctx.err(`< ${l}`);
    if (o.head) ctx.out(head.split('\r\n').join('\n') + '\n');
    else if (body) ctx.out(body);
    sock.close();
    if (o.verbose) ctx.err(`* Closing connection 0`);
    ctx.exit(0);
  };
  const complete = (): boolean => {
    const i = buf.indexOf('\r\n\r\n');
    if (i < 0) return false;
    if (o.head) return true;
    const m = /content-length:\s*(\d+)/i.exec(buf.slice(0, i));
    return m !== null && buf.length - i - 4 >= Number(m[1]);
  };
  const sock = curlConnect(
    ctx,
    o,
    url.addr,
    url.port,
    {
      onData: (d) => {
        buf += d;
        if (complete()) finish();
      },
      onEof: finish,
      onError: (e) => {
        if (done) return;
        done = true;
        fail(ctx, 56, `Recv failure: ${STRERROR[e]}`);
      },
    },
    (s) => {
      const req =
        `${o.head ? 'HEAD' : 'GET'} ${url.path} HTTP/1.1\r\n` +
        `Host: ${url.host}${url.port === 80 ? '' : `:${url.port}`}\r\n` +
        'User-Agent: curl/7.61.1\r\nAccept: */*\r\n\r\n';
      if (o.verbose) for (const l of req.split('\r\n').slice(0, -1)) ctx.err(`> ${l}`);
      s.send(req);
    },
  );
  return {
    interrupt: () => {
      done = true;
      sock.close();
    },
  };
}
