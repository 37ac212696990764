/** `-m multiport` revision 1 (xt_multiport.c): --sports, --dports, --ports with ranges. */
import type { Extension } from './ext';
import { extError, onceError } from './ext';
import type { MultiportMatch } from './model';
import { parseMultiPorts } from './ports';
import { portText } from './portPrint';

const LONG: Record<string, string> = { sports: 'source-ports', dports: 'destination-ports', ports: 'ports' };
const MULTIPORT_PROTOS = [6, 17, 136, 132, 33];

export const multiportExt: Extension<MultiportMatch> = {
  name: 'multiport',
  options: [
    { name: 'source-ports', id: 'sports', args: 1, invertible: true },
    { name: 'sports', id: 'sports', args: 1, invertible: true },
    { name: 'destination-ports', id: 'dports', args: 1, invertible: true },
    { name: 'dports', id: 'dports', args: 1, invertible: true },
    { name: 'ports', id: 'ports', args: 1, invertible: true },
  ],
  init: () => ({ kind: 'multiport', flavor: 'ports', ports: [], inv: false }),
  parse(m, id, args, inv, ctx, seen) {
    if (seen.has(id)) return onceError('multiport', LONG[id]);
    if (seen.size) {
      const old = [...seen][0];
      return extError('conflict', `multiport: option "--${LONG[id]}" cannot be used together with "--${LONG[old]}".`, 'option');
    }
    const r = parseMultiPorts(args[0], ctx.proto);
    if (typeof r === 'string') return extError('bad-value', r);
    m.flavor = id as MultiportMatch['flavor'];
    m.ports = r;
    m.inv = inv;
    return null;
  },
  final(_m, seen, ctx) {
    if (!seen.size) return extError('missing-argument', 'multiport expection an option', 'option');
    if (ctx.proto === 0 && !ctx.invProto) {
      return extError('conflict', "multiport needs `-p tcp', `-p udp', `-p udplite', `-p sctp' or `-p dccp'", 'option');
    }
    if (ctx.invProto || !MULTIPORT_PROTOS.includes(ctx.proto)) {
      return extError('conflict', 'multiport only works with TCP, UDP, UDPLITE, SCTP and DCCP', 'option');
    }
    return null;
  },
  save: (m) => `${m.inv ? ' !' : ''} --${m.flavor} ${list(m, true, 0)}`,
  print: (m, numeric, proto) => ` multiport ${m.flavor} ${m.inv ? ' !' : ''}${list(m, numeric, proto)}`,
};

function list(m: MultiportMatch, numeric: boolean, proto: number): string {
  return m.ports
    .map((r) => (r.lo === r.hi ? portText(r.lo, numeric, proto) : `${portText(r.lo, numeric, proto)}:${portText(r.hi, numeric, proto)}`))
    .join(',');
}
