/**
 * An FTP server with vsftpd's replies: anonymous login, PASV (227, a data listener on a random
 * port) and PORT (active mode: the server connects from port 20 to the client), RETR and LIST
 * over a separate data connection. That second connection is what conntrack's FTP helper
 * expects and marks RELATED.
 */
import { formatIpv4, parseIpv4, type Ipv4 } from '../../engine/ipv4';
import { EPHEMERAL_HI, EPHEMERAL_LO } from '../host/hostEnv';
import type { HostStack } from '../host/hostStack';
import type { TcpHandlers, TcpSocket } from '../host/tcpSocket';
import { LineBuffer } from './lineBuffer';
import type { ServiceContext } from './serviceContext';

export const FTP_FILES: ReadonlyMap<string, string> = new Map(Object.entries({
  'readme.txt': 'Welcome to the Conntrack Lab FTP server.\nThis file came over a second connection, the FTP data connection. NEW or RELATED at the firewall? The event list says.\n',
  'motd.txt': 'Stateful firewalls remember connections.\n',
}));

function listing(): string {
  return [...FTP_FILES]
    .map(([n, c]) => `-rw-r--r--    1 0        0        ${String(c.length).padStart(8)} Jan 01 00:00 ${n}\r\n`)
    .join('');
}

type DataPlan = { kind: 'pasv'; port: number; sock: TcpSocket | null } | { kind: 'port'; addr: Ipv4; port: number } | null;

export function ftpServer(stack: HostStack, ctx: ServiceContext) {
  return (ctrl: TcpSocket): TcpHandlers => {
    const lines = new LineBuffer();
    let user = '';
    let loggedIn = false;
    let plan: DataPlan = null;
    /** A transfer waiting for the passive data connection to arrive. */
    let waiting: ((s: TcpSocket) => void) | null = null;
    const reply = (text: string): void => ctrl.send(`${text}\r\n`);
    ctrl.send('220 (vsFTPd 3.0.3)\r\n');

    const openPasv = (): number => {
      if (plan?.kind === 'pasv') stack.tcp.unlisten(plan.port);
      let port = ctx.rng.int(EPHEMERAL_LO, EPHEMERAL_HI);
      while (stack.tcp.isListening(port)) port = ctx.rng.int(EPHEMERAL_LO, EPHEMERAL_HI);
      const p: DataPlan = { kind: 'pasv', port, sock: null };
      stack.tcp.listen(port, (s) => {
        stack.tcp.unlisten(port);
        p.sock = s;
        if (waiting) {
          const w = waiting;
          waiting = null;
          w(s);
        }
        return {};
      });
      plan = p;
      return port;
    };

    const transfer = (what: string, body: string): void => {
      const p = plan;
      plan = null;
      const send = (data: TcpSocket): void => {
        reply(`150 ${what}`);
        data.send(body);
        data.close();
        reply('226 Transfer complete.');
      };
      if (!p) return reply('425 Use PORT or PASV first.');
      if (p.kind === 'pasv') {
        if (p.sock) send(p.sock);
        else waiting = send;
        return;
      }
      const data = stack.tcp.connect(p.addr, p.port, {}, 20);
      data.handlers = {
        onConnect: () => send(data),
        onError: () => reply('425 Failed to establish connection.'),
      };
    };

    const command = (line: string): void => {
      const sp = line.indexOf(' ');
      const verb = (sp < 0 ? line : line.slice(0, sp)).toUpperCase();
      const arg = sp < 0 ? '' : line.slice(sp + 1).trim();
      if (verb === 'QUIT') {
        reply('221 Goodbye.');
        ctrl.close();
        return;
      }
      if (verb === 'USER') {
        user = arg;
        return reply(user === 'anonymous' || user === 'ftp' ? '331 Please specify the password.' : '331 Please specify the password.');
      }
      if (verb === 'PASS') {
        if (!user) return reply('503 Login with USER first.');
        loggedIn = user === 'anonymous' || user === 'ftp';
        return reply(loggedIn ? '230 Login successful.' : '530 Login incorrect.');
      }
      if (!loggedIn) return reply('530 Please login with USER and PASS.');
      switch (verb) {
        case 'SYST':
          return reply('215 UNIX Type: L8');
        case 'PWD':
          return reply('257 "/" is the current directory');
        case 'TYPE':
          return reply(arg.toUpperCase() === 'A' ? '200 Switching to ASCII mode.' : '200 Switching to Binary mode.');
        case 'CWD':
          return reply('250 Directory successfully changed.');
        case 'SIZE': {
          const f = FTP_FILES.get(arg.replace(/^\//, ''));
          return reply(f ? `213 ${f.length}` : '550 Could not get file size.');
        }
        case 'PASV': {
          const port = openPasv();
          const a = formatIpv4(ctrl.laddr).replace(/\./g, ',');
          return reply(`227 Entering Passive Mode (${a},${port >> 8},${port & 255}).`);
        }
        case 'PORT': {
          const n = arg.split(',').map(Number);
          const addr = parseIpv4(n.slice(0, 4).join('.'));
          if (n.length !== 6 || n.some((x) => !Number.isInteger(x) || x < 0 || x > 255) || addr === null) {
            return reply('500 Illegal PORT command.');
          }
          if (plan?.kind === 'pasv') stack.tcp.unlisten(plan.port);
          plan = { kind: 'port', addr, port: n[4] * 256 + n[5] };
          return reply('200 PORT command successful. Consider using PASV.');
        }
        case 'RETR': {
          const name = arg.replace(/^\//, '');
          const f = FTP_FILES.get(name);
          if (f === undefined) return reply('550 Failed to open file.');
          return transfer(`Opening BINARY mode data connection for ${name} (${f.length} bytes).`, f);
        }
        case 'LIST':
        case 'NLST':
          return transfer('Here comes the directory listing.', verb === 'LIST' ? listing() : [...FTP_FILES.keys()].join('\r\n') + '\r\n');
        default:
          return reply('500 Unknown command.');
      }
    };

    return {
      onData: (data) => lines.push(data).forEach(command),
      onEof: () => ctrl.close(),
    };
  };
}
