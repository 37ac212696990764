/**
 * A small web server (Apache httpd's behaviour at the socket level): reads a request up to the
 * blank line, answers 200 with a short page for `/`, 404 otherwise, 400 for garbage; closes
 * after HTTP/1.0 or `Connection: close`, otherwise after 5 s of keep-alive idleness.
 */
import type { TcpHandlers, TcpSocket } from '../host/tcpSocket';
import type { Timer } from '../host/hostEnv';
import { LineBuffer } from './lineBuffer';
import type { ServiceContext } from './serviceContext';

export const KEEPALIVE_MS = 5000;

export function httpPage(host: string): string {
  return `<html><body><h1>It works!</h1><p>Served by ${host}.</p></body></html>\n`;
}

function response(status: string, body: string, close: boolean): string {
  return (
    `HTTP/1.1 ${status}\r\n` +
    'Server: Apache/2.4.37 (centos)\r\n' +
    `Content-Length: ${body.length}\r\n` +
    (close ? 'Connection: close\r\n' : 'Keep-Alive: timeout=5, max=100\r\nConnection: Keep-Alive\r\n') +
    'Content-Type: text/html; charset=UTF-8\r\n' +
    `\r\n${body}`
  );
}

export function httpServer(ctx: ServiceContext) {
  return (sock: TcpSocket): TcpHandlers => {
    const lines = new LineBuffer();
    let req: string[] = [];
    let idle: Timer | null = null;
    const arm = (): void => {
      idle?.cancel();
      idle = ctx.setTimer(ctx.now() + KEEPALIVE_MS, () => sock.close());
    };
    arm();
    return {
      onData: (data) => {
        for (const line of lines.push(data)) {
          if (line !== '' || req.length === 0) {
            if (line !== '') req.push(line);
            continue;
          }
          const m = /^(GET|HEAD|POST) (\S+) HTTP\/(1\.[01])$/.exec(req[0]);
          const headers = req.slice(1).join('\n').toLowerCase();
          req = [];
          if (!m) {
            sock.send(response('400 Bad Request', '<html><body><h1>Bad Request</h1></body></html>\n', true));
            idle?.cancel();
            sock.close();
            return;
          }
          const close = m[3] === '1.0' ? !headers.includes('connection: keep-alive') : headers.includes('connection: close');
          const found = m[2] === '/' || m[2] === '/index.html';
          const body = found ? httpPage(ctx.hostName) : '<html><body><h1>Not Found</h1></body></html>\n';
          const text = response(found ? '200 OK' : '404 Not Found', m[1] === 'HEAD' ? '' : body, close);
          sock.send(text);
          if (close) {
            idle?.cancel();
            sock.close();
          } else arm();
        }
      },
      onEof: () => {
        idle?.cancel();
        sock.close();
      },
      onError: () => idle?.cancel(),
    };
  };
}
