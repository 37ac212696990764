/**
 * curl's FTP download: a control connection to port 21 (USER, PASS, PWD, PASV or PORT, TYPE I,
 * RETR or LIST, QUIT) and a data connection, opened by curl to the port the 227 reply names
 * (passive, the default) or by the server from port 20 to the port curl announced with PORT
 * (active, `-P -`). Like curl 7.88 it tries EPSV (EPRT) first and falls back to PASV (PORT) when
 * the server answers 500, as the lab's vsftpd does, so the FTP helper's classic cases show; it
 * asks the file's SIZE before RETR (a 550 there: "The file does not exist", code 78).
 */
import { formatIpv4 } from '../../engine/ipv4';
import type { TcpSocket } from '../host/tcpSocket';
import { LineBuffer } from '../services/lineBuffer';
import { curlConnect, type CurlOpts, type Url } from './curl';
import type { Proc, ProcCtx } from './shell';

export function curlFtp(ctx: ProcCtx, o: CurlOpts, url: Url): Proc {
  const lines = new LineBuffer();
  const path = url.path.replace(/^\//, '');
  const isDir = path === '' || path.endsWith('/');
  let step = 'banner';
  let data: TcpSocket | null = null;
  let listenPort: number | null = null;
  let content = '';
  let dataDone = false;
  let transferDone = false;
  let finished = false;

  const end = (code: number, msg?: string): void => {
    if (finished) return;
    finished = true;
    if (listenPort !== null) ctx.stack.tcp.unlisten(listenPort);
    if (code !== 0) {
      data?.close();
      ctrl.close();
    }
    if (msg) ctx.err(`curl: (${code}) ${msg}`);
    ctx.exit(code);
  };
  const send = (cmd: string): void => {
    if (o.verbose) ctx.err(`> ${cmd}`);
    ctrl.send(`${cmd}\r\n`);
  };
  const maybeQuit = (): void => {
    if (!dataDone || !transferDone || step === 'quit') return;
    if (content) ctx.out(content);
    // the transfer is over for curl's verbose report; QUIT goes at its clean-up, unreported
    if (o.verbose) ctx.err(`* Connection #0 to host ${url.host} left intact`);
    step = 'quit';
    ctrl.send('QUIT\r\n');
  };
  /** curl's own verbose lines ("* …"). */
  const note = (...ls: string[]): void => {
    if (o.verbose) for (const l of ls) ctx.err(`* ${l}`);
  };
  let size: string | null = null;
  const dataHandlers = {
    onData: (d: string) => void (content += d),
    onEof: () => {
      data?.close();
      dataDone = true;
      maybeQuit();
    },
  };
  const retr = (): void => {
    step = 'retr';
    send(isDir ? 'LIST' : `RETR ${path}`);
  };

  const reply = (line: string): void => {
    if (o.verbose && step !== 'quit') ctx.err(`< ${line}`);
    const code = Number(line.slice(0, 3));
    if (line[3] === '-') return;
    switch (step) {
      case 'banner':
        if (code !== 220) return end(8, `Got a ${code} ftp-server response when 220 was expected`);
        step = 'user';
        return send('USER anonymous');
      case 'user':
        if (code === 230) return (step = 'pwd'), send('PWD');
        if (code !== 331) return end(67, `Access denied: ${code}`);
        step = 'pass';
        return send('PASS ftp@example.com');
      case 'pass':
        if (code !== 230) return end(67, `Access denied: ${code}`);
        step = 'pwd';
        return send('PWD');
      case 'pwd':
        if (o.ftpActive) {
          listenPort = ctx.stack.tcp.ephemeralPort(0, 0);
          ctx.stack.tcp.listen(listenPort, (s) => {
            if (listenPort !== null) ctx.stack.tcp.unlisten(listenPort);
            listenPort = null;
            data = s;
            return dataHandlers;
          });
          step = 'eprt';
          return send(`EPRT |1|${formatIpv4(ctrl.laddr)}|${listenPort}|`);
        }
        note(`Entry path is '/'`, 'Request has same path as previous transfer');
        if (o.noEpsv) {
          step = 'pasv';
          return send('PASV');
        }
        step = 'epsv';
        send('EPSV');
        return note('Connect data stream passively', 'ftp_perform ends with SECONDARY: 0');
      case 'epsv':
        if (code === 229) return end(13, 'Weird EPSV reply');
        note('Failed EPSV attempt. Disabling EPSV');
        step = 'pasv';
        return send('PASV');
      case 'eprt': {
        if (code === 200) return (step = 'type'), send('TYPE I');
        step = 'port';
        const a = formatIpv4(ctrl.laddr).replace(/\./g, ',');
        return send(`PORT ${a},${listenPort! >> 8},${listenPort! & 255}`);
      }
      case 'pasv': {
        const m = /(\d+),(\d+),(\d+),(\d+),(\d+),(\d+)/.exec(line);
        if (code !== 227 || !m) return end(13, `Weird PASV reply`);
        const addr = ctx.resolve(`${m[1]}.${m[2]}.${m[3]}.${m[4]}`)!;
        const port = Number(m[5]) * 256 + Number(m[6]);
        note(`Skip ${m[1]}.${m[2]}.${m[3]}.${m[4]} for data connection, re-use ${formatIpv4(url.addr)} instead`, `Connecting to ${formatIpv4(url.addr)} (${formatIpv4(url.addr)}) port ${port}`);
        data = curlConnect(
          ctx,
          o,
          addr,
          port,
          dataHandlers,
          () => {
            step = 'type';
            send('TYPE I');
          },
          (c, msg) => end(c, msg),
          url.port,
        );
        return;
      }
      case 'port':
        if (code !== 200) return end(30, 'FTP: command PORT failed');
        step = 'type';
        return send('TYPE I');
      case 'type':
        if (code !== 200) return end(17, `Couldn't set desired mode`);
        if (isDir) return retr();
        step = 'size';
        return send(`SIZE ${path}`);
      case 'size':
        if (code === 550) return end(78, 'The file does not exist');
        size = line.slice(4);
        return retr();
      case 'retr':
        if (code === 150 || code === 125) {
          note('Maxdownload = -1', ...(size !== null ? [`Getting file with size: ${size}`] : []), 'Remembering we are in dir ""');
          return;
        }
        if (code === 226) {
          transferDone = true;
          return maybeQuit();
        }
        if (code === 550) return end(78, `RETR response: ${code}`);
        return end(19, `RETR response: ${code}`);
      case 'quit':
        ctrl.close();
        return end(0);
    }
  };

  const ctrl = curlConnect(
    ctx,
    o,
    url.addr,
    url.port,
    {
      onData: (d) => lines.push(d).forEach(reply),
      onEof: () => {
        ctrl.close();
        if (step !== 'quit') end(56, 'Recv failure: Connection reset by peer');
        else end(0);
      },
      onError: () => end(56, 'Recv failure: Connection reset by peer'),
    },
    () => undefined,
  );
  return {
    interrupt: () => {
      finished = true;
      if (listenPort !== null) ctx.stack.tcp.unlisten(listenPort);
      data?.close();
      ctrl.close();
    },
  };
}
