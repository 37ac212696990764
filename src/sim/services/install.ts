/** Starts the daemons a scenario lists on a machine: each ServiceSpec becomes a listening socket. */
import type { ServiceSpec } from '../api';
import type { HostStack } from '../host/hostStack';
import { dnsServer } from './dnsServer';
import { ftpServer } from './ftpServer';
import { httpServer } from './http';
import type { ServiceContext } from './serviceContext';
import { echoServer, sinkServer, sshServer } from './simpleServices';

export function installServices(stack: HostStack, services: ServiceSpec[], ctx: ServiceContext): void {
  for (const s of services) {
    if (s.proto === 'udp') {
      if (s.name === 'dns' || s.name === 'domain') dnsServer(stack, s.port, ctx);
      else if (s.name === 'echo') {
        const sock = stack.udp.bind(s.port, { onMessage: (src, sport, data) => sock.sendTo(src, sport, data) });
      } else stack.udp.bind(s.port, {});
      continue;
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
