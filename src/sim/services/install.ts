/** Starts the daemons a scenario lists on a machine: each ServiceSpec becomes a listening socket. */
import type { ServiceSpec } from '../api';
import type { HostStack } from '../host/hostStack';
import { dnsServer } from './dnsServer';
import { ftpServer } from './ftpServer';
import { httpServer } from './http';
import type { ServiceContext } from './serviceContext';
import { echoServer, sinkServer, sshServer } from './simpleServices';

/** The daemon `ss -p` names for a service (the lab's stand-ins for them answer as these do). */
const DAEMONS: Record<string, string> = { http: 'apache2', ssh: 'sshd', ftp: 'vsftpd', dns: 'named', domain: 'named' };

export function installServices(stack: HostStack, services: ServiceSpec[], ctx: ServiceContext): void {
  services.forEach((s, k) => {
    const process = { name: DAEMONS[s.name] ?? s.name, pid: 400 + 37 * k, fd: 3 };
    const udpBefore = new Set(stack.udp.sockets.keys());
    install(stack, s, ctx);
    if (s.proto === 'udp') for (const [port, sock] of stack.udp.sockets) if (!udpBefore.has(port)) sock.process = process;
    const l = stack.tcp.sockets.find((x) => x.state === 'LISTEN' && x.lport === s.port);
    if (s.proto !== 'udp' && l) l.process = process;
  });
}

function install(stack: HostStack, s: ServiceSpec, ctx: ServiceContext): void {
  {
    if (s.proto === 'udp') {
      if (s.name === 'dns' || s.name === 'domain') dnsServer(stack, s.port, ctx);
      else if (s.name === 'echo') {
        const sock = stack.udp.bind(s.port, { onMessage: (src, sport, data) => sock.sendTo(src, sport, data) });
      } else stack.udp.bind(s.port, {});
      return;
    }
    const accept =
      s.name === 'http'
        ? httpServer(ctx)
        : s.name === 'ssh'
          ? sshServer()
          : s.name === 'ftp'
            ? ftpServer(stack, ctx)
            : s.name === 'echo'
              ? echoServer()
              : sinkServer();
    stack.tcp.listen(s.port, accept);
  }
}
