/**
 * `curl URL` as curl 7.88.1 (Debian 12): HTTP GET (or -I HEAD) and FTP downloads (curlFtp.ts),
 * with curl's error texts (`curl: (28) Failed to connect to … after N ms: Timeout was reached`,
 * `curl: (7) … Couldn't connect to server`, `curl: (28) Connection timed out after N
 * milliseconds` for -m). -v shows the conversation as curl's verbose mode does ("> " sent, "< "
 * received). Without --connect-timeout curl waits 300 s, so the kernel's 131 s of SYNs end a
 * connection attempt first (recorded on the reference machine: traces/tools).
 */
import { formatIpv4, type Ipv4 } from '../../engine/ipv4';
import { STRERROR, type Errno } from '../host/errno';
import type { TcpHandlers, TcpSocket } from '../host/tcpSocket';
import { curlFtp } from './curlFtp';
import { getopt } from './getopt';
import { CURL_HELP, CURL_VERSION } from './referenceTexts';
import type { Command, Proc, ProcCtx } from './shell';

/** getopt's complaint in curl 7.88's words. */
function curlOptionError(e: string): string {
  const long = /unrecognized option '(--[^']+)'/.exec(e);
  if (long) return `curl: option ${long[1]}: is unknown`;
  const short = /invalid option -- '(.)'/.exec(e);
  if (short) return `curl: option -${short[1]}: is unknown`;
  const needs = /option requires an argument -- '(.)'|option '(--[^']+)' requires an argument/.exec(e);
  if (needs) return `curl: option ${needs[1] ? `-${needs[1]}` : needs[2]}: requires parameter`;
  return e;
}

/** curl's CURL_DEFAULT_CONNECT_TIMEOUT. */
export const CURL_CONNECT_TIMEOUT_MS = 300000;
const TRY_HELP = "curl: try 'curl --help' or 'curl --manual' for more information";
/** The protocols curl 7.88 on Debian speaks (`curl -V`): their URLs are resolved before anything else. */
const KNOWN_SCHEMES = new Set('dict file ftp ftps gopher gophers http https imap imaps ldap ldaps mqtt pop3 pop3s rtmp rtsp scp sftp smb smbs smtp smtps telnet tftp'.split(' '));

export interface CurlOpts {
  verbose: boolean;
  head: boolean;
  connectTimeoutMs: number;
  /** -m: the whole operation's limit (ms), or null. */
  maxTimeMs: number | null;
  /** -o FILE: the body goes to the file, not to the terminal. */
  toFile: boolean;
  /** --disable-epsv: PASV at once (curl tries EPSV first, EPRT before PORT). */
  noEpsv: boolean;
  /** -P / --ftp-port given: active FTP (PORT). */
  ftpActive: boolean;
  /** -X: the HTTP method instead of GET. */
  method: string | null;
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
  /** The port "* Connected to" names (curl 7.88 names the control connection's for FTP data). */
  shownPort = port,
): TcpSocket {
  const start = ctx.now();
  const where = `${formatIpv4(addr)} port ${port}`;
  if (o.verbose) ctx.err(`*   Trying ${formatIpv4(addr)}:${port}...`);
  let connected = false;
  const limited = o.maxTimeMs !== null && o.maxTimeMs < o.connectTimeoutMs;
  const timer = ctx.setTimer(start + (limited ? o.maxTimeMs! : o.connectTimeoutMs), () => {
    sock.destroy();
    onFail(28, limited ? `Connection timed out after ${ctx.now() - start} milliseconds` : `Failed to connect to ${where} after ${ctx.now() - start} ms: Timeout was reached`);
  });
  const sock = ctx.stack.tcp.connect(addr, port, {
    ...handlers,
    onConnect: () => {
      connected = true;
      timer.cancel();
      if (o.verbose) ctx.err(`* Connected to ${formatIpv4(addr)} (${formatIpv4(addr)}) port ${shownPort} (#0)`);
      onConnected(sock);
    },
    onError: (e: Errno) => {
      timer.cancel();
      if (!connected) onFail(7, `Failed to connect to ${where} after ${ctx.now() - start} ms: Couldn't connect to server`);
      else handlers.onError?.(e);
    },
  });
  return sock;
}

export function parseUrl(ctx: ProcCtx, text: string): Url | string {
  const m = /^(?:([a-zA-Z]+):\/\/)?([^/:\s]+)(?::(\d+))?(\/.*)?$/.exec(text);
  if (!m) return '(3) URL using bad/illegal format or missing URL';
  const scheme = (m[1] ?? 'http').toLowerCase();
  if (!KNOWN_SCHEMES.has(scheme)) return `(1) Protocol "${scheme}" not supported or disabled in libcurl`;
  const addr = ctx.resolve(m[2]);
  if (addr === null) return `(6) Could not resolve host: ${m[2]}`;
  if (scheme !== 'http' && scheme !== 'ftp') return `(1) Protocol "${scheme}" is not simulated in this lab`;
  const port = m[3] ? Number(m[3]) : scheme === 'ftp' ? 21 : 80;
  if (port < 1 || port > 65535) return '(3) URL using bad/illegal format or missing URL';
  return { scheme, host: m[2], addr, port, path: m[4] ?? '/' };
}

export const curl: Command = (argv, ctx) => {
  // Long-only options get letters nobody can type (\x01-\x03).
  const o = getopt('curl', argv.slice(1), 'vsSLOX:IP:m:o:\x01:\x02\x03hV', {
    'show-error': 'S',
    location: 'L',
    'remote-name': 'O',
    request: 'X',
    help: 'h',
    version: 'V',
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
    ctx.err(`${curlOptionError(o.error)}\n${TRY_HELP}`);
    ctx.exit(2);
    return null;
  }
  const p = o.value;
  if (p.flags.has('h') || p.flags.has('V')) {
    ctx.out(p.flags.has('h') ? CURL_HELP : CURL_VERSION);
    ctx.exit(0);
    return null;
  }
  if (p.args.length === 0) {
    ctx.err(TRY_HELP);
    ctx.exit(2);
    return null;
  }
  const ct = p.values.has('\x01') ? Number(p.values.get('\x01')) : CURL_CONNECT_TIMEOUT_MS / 1000;
  if (!Number.isFinite(ct) || ct <= 0) {
    ctx.err(`curl: option --connect-timeout: expected a proper numerical parameter\n${TRY_HELP}`);
    ctx.exit(2);
    return null;
  }
  const mt = p.values.has('m') ? Number(p.values.get('m')) : null;
  if (mt !== null && (!Number.isFinite(mt) || mt < 0)) {
    ctx.err(`curl: option -m: expected a proper numerical parameter\n${TRY_HELP}`);
    ctx.exit(2);
    return null;
  }
  const opts: CurlOpts = {
    verbose: p.flags.has('v'),
    head: p.flags.has('I'),
    toFile: p.values.has('o'),
    noEpsv: p.flags.has('\x03'),
    connectTimeoutMs: ct * 1000,
    maxTimeMs: mt === null ? null : mt * 1000,
    ftpActive: p.values.has('P'),
    method: p.values.get('X') ?? null,
  };
  // -s: no progress and no error messages, unless -S asks for the errors
  if (p.flags.has('s') && !p.flags.has('S')) {
    const err = ctx.err;
    ctx = { ...ctx, err: (t: string) => (t.startsWith('curl: (') ? undefined : err(t)) };
  }
  if (p.flags.has('O')) {
    const name = /[^/]*$/.exec(p.args[0].replace(/[?#].*$/, ''))![0];
    ctx.err(
      name === '' || /^[a-z]+:\/\/[^/]*$/i.test(p.args[0])
        ? 'curl: Remote file name has no length!\ncurl: (23) Failed writing received data to disk/application'
        : `curl: (23) Failed writing received data to disk/application (this lab has no file system to write ${name} into; use -o /dev/null)`,
    );
    ctx.exit(23);
    return null;
  }
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
    if (o.verbose) for (const l of [...head.split('\r\n'), '']) ctx.err(`< ${l}`);
    if (o.toFile) {
      // written to the file
    } else if (o.head) ctx.out(head.split('\r\n').join('\n') + '\n');
    else if (body) ctx.out(body);
    sock.close();
    // a keep-alive answer leaves the connection open until curl exits
    if (o.verbose) ctx.err(/^connection: close/im.test(head) ? '* Closing connection 0' : `* Connection #0 to host ${url.host} left intact`);
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
        `${o.method ?? (o.head ? 'HEAD' : 'GET')} ${url.path} HTTP/1.1\r\n` +
        `Host: ${url.host}${url.port === 80 ? '' : `:${url.port}`}\r\n` +
        'User-Agent: curl/7.88.1\r\nAccept: */*\r\n\r\n';
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
