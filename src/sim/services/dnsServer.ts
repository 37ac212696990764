/** A DNS server (named's answers for the lab's small zone) on a UDP socket. */
import type { HostStack } from '../host/hostStack';
import { decodeQuery, encodeAnswer, resolveName } from './dnsMessage';
import type { ServiceContext } from './serviceContext';

export function dnsServer(stack: HostStack, port: number, ctx: ServiceContext): void {
  const sock = stack.udp.bind(port, {
    onMessage: (src, sport, payload) => {
      const q = decodeQuery(payload);
      if (!q) return; // not a query the lab knows: named would answer FORMERR; stay quiet
      // the zone holds A records only: another type of a known name is answered empty (NOERROR)
      const known = resolveName(q.name, ctx.names);
      const addr = q.type === 'A' || q.type === 'ANY' ? known : null;
      const a = encodeAnswer({ ...q, rcode: known ? 'NOERROR' : 'NXDOMAIN', addr, ttl: 300 });
      sock.sendTo(src, sport, a.text, a.size);
    },
  });
}
