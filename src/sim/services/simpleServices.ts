/** Services that need only a few lines: sshd's banner, echo, and a silent sink for anything else. */
import type { TcpHandlers, TcpSocket } from '../host/tcpSocket';

export function sshServer() {
  return (sock: TcpSocket): TcpHandlers => {
    sock.send('SSH-2.0-OpenSSH_8.0\r\n');
    return {
      onData: (data) => {
        if (!data.startsWith('SSH-')) {
          sock.send('Invalid SSH identification string.\r\n');
          sock.close();
        }
      },
      onEof: () => sock.close(),
    };
  };
}

export function echoServer() {
  return (sock: TcpSocket): TcpHandlers => ({
    onData: (data) => sock.send(data),
    onEof: () => sock.close(),
  });
}

/** Accepts, reads and says nothing (a service the lab does not model). */
export function sinkServer() {
  return (sock: TcpSocket): TcpHandlers => ({ onEof: () => sock.close() });
}
