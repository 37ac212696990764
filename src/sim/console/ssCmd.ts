/** `ss -tan` (and -t/-u, -a, -l, -n in any order) for the node's sockets. */
import { ssTan } from '../host/ss';
import { getopt } from './getopt';
import type { Command } from './shell';

export const ss: Command = (argv, ctx) => {
  const o = getopt('ss', argv.slice(1), 'tuanlp');
  if (!o.ok) {
    ctx.err(`${o.error}\nUsage: ss [ OPTIONS ]`);
    ctx.exit(1);
    return null;
  }
  const f = o.value.flags;
  const udp = f.has('u') && !f.has('t');
  if (udp) {
    const rows = ['State   Recv-Q  Send-Q  Local Address:Port  Peer Address:Port'];
    for (const s of ctx.stack.udp.sockets.values()) rows.push(`UNCONN  0       0       0.0.0.0:${s.port}  0.0.0.0:*`);
    ctx.out(rows.join('\n'));
    ctx.exit(0);
    return null;
  }
  let lines = ssTan(ctx.stack.tcp);
  const [head, ...rest] = lines;
  if (f.has('l')) lines = [head, ...rest.filter((l) => l.startsWith('LISTEN'))];
  else if (!f.has('a')) lines = [head, ...rest.filter((l) => !l.startsWith('LISTEN'))];
  ctx.out(lines.join('\n'));
  ctx.exit(0);
  return null;
};
