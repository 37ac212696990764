/** `-m udp` (libxt_udp / xt_tcpudp.c udp_mt): --sport, --dport. */
import type { Extension } from './ext';
import { extError, onceError } from './ext';
import type { UdpMatch } from './model';
import { parsePortRange } from './ports';
import { printPorts, savePorts } from './portPrint';

export const udpExt: Extension<UdpMatch> = {
  name: 'udp',
  options: [
    { name: 'source-port', id: 'sport', args: 1, invertible: true },
    { name: 'sport', id: 'sport', args: 1, invertible: true },
    { name: 'destination-port', id: 'dport', args: 1, invertible: true },
    { name: 'dport', id: 'dport', args: 1, invertible: true },
  ],
  init: () => ({ kind: 'udp', sport: { lo: 0, hi: 0xffff }, dport: { lo: 0, hi: 0xffff }, invSport: false, invDport: false }),
  parse(m, id, args, inv, _ctx, seen) {
    if (seen.has(id)) return onceError('udp', id === 'sport' ? 'source-port' : 'destination-port');
    const r = parsePortRange(args[0], 17);
    if (typeof r === 'string') return extError('bad-value', r);
    if (id === 'sport') {
      m.sport = r;
      m.invSport = inv;
    } else {
      m.dport = r;
      m.invDport = inv;
    }
    return null;
  },
  final: () => null,
  save: (m) => savePorts('--sport', m.sport, m.invSport) + savePorts('--dport', m.dport, m.invDport),
  print: (m, numeric) =>
    ' udp' + printPorts('spt', m.sport, m.invSport, numeric, 17) + printPorts('dpt', m.dport, m.invDport, numeric, 17),
};
