/**
 * `-m tcp` (libxt_tcp / xt_tcpudp.c tcp_mt): --sport, --dport, --syn, --tcp-flags.
 * --tcp-option is not simulated.
 */
import type { Extension } from './ext';
import { extError } from './ext';
import type { TcpMatch } from './model';
import { TCP_FLAG_NAMES } from './names';
import { parsePortRange } from './ports';
import { printPorts, savePorts } from './portPrint';

export const SYN_MASK = 0x17; // FIN,SYN,RST,ACK

function parseFlags(text: string): number | string {
  let flags = 0;
  for (const part of text.split(',')) {
    if (part === '') continue;
    const f = TCP_FLAG_NAMES.find(([n]) => n === part.toUpperCase());
    if (!f) return `Unknown TCP flag \`${part}'`;
    flags |= f[1];
  }
  return flags;
}

/** print_tcpf: flag names joined by ',', or NONE. */
export function tcpFlagsText(flags: number): string {
  const out: string[] = [];
  let f = flags & 0xff;
  while (f) {
    const e = TCP_FLAG_NAMES.find(([, b]) => (f & b) !== 0);
    if (!e) break;
    out.push(e[0]);
    f &= ~e[1];
  }
  return out.length ? out.join(',') : 'NONE';
}

const hex = (n: number) => '0x' + n.toString(16).toUpperCase().padStart(2, '0');

export const tcpExt: Extension<TcpMatch> = {
  name: 'tcp',
  options: [
    { name: 'source-port', id: 'sport', args: 1, invertible: true },
    { name: 'sport', id: 'sport', args: 1, invertible: true },
    { name: 'destination-port', id: 'dport', args: 1, invertible: true },
    { name: 'dport', id: 'dport', args: 1, invertible: true },
    { name: 'syn', id: 'syn', args: 0, invertible: true },
    { name: 'tcp-flags', id: 'tcp-flags', args: 2, invertible: true },
  ],
  init: () => ({
    kind: 'tcp', sport: { lo: 0, hi: 0xffff }, dport: { lo: 0, hi: 0xffff }, invSport: false,
    invDport: false, flagsMask: 0, flagsCmp: 0, invFlags: false,
  }),
  parse(m, id, args, inv, _ctx, seen) {
    if (id === 'sport' || id === 'dport') {
      if (seen.has(id)) {
        return extError('conflict', `Only one \`--${id === 'sport' ? 'source' : 'destination'}-port' allowed`, 'option');
      }
      const r = parsePortRange(args[0], 6);
      if (typeof r === 'string') return extError('bad-value', r);
      if (id === 'sport') {
        m.sport = r;
        m.invSport = inv;
      } else {
        m.dport = r;
        m.invDport = inv;
      }
      return null;
    }
    if (seen.has('syn') || seen.has('tcp-flags')) {
      return extError('conflict', "Only one of `--syn' or `--tcp-flags'  allowed", 'option');
    }
    if (id === 'syn') {
      m.flagsMask = SYN_MASK;
      m.flagsCmp = 0x02;
      m.invFlags = inv;
      return null;
    }
    const mask = parseFlags(args[0]);
    if (typeof mask === 'string') return extError('bad-value', mask);
    const cmp = parseFlags(args[1]);
    if (typeof cmp === 'string') return extError('bad-value', cmp);
    m.flagsMask = mask;
    m.flagsCmp = cmp;
    m.invFlags = inv;
    return null;
  },
  final: () => null,
  save(m) {
    let s = savePorts('--sport', m.sport, m.invSport) + savePorts('--dport', m.dport, m.invDport);
    if (m.flagsMask || m.invFlags) {
      s += `${m.invFlags ? ' !' : ''} --tcp-flags ${tcpFlagsText(m.flagsMask)} ${tcpFlagsText(m.flagsCmp)}`;
    }
    return s;
  },
  print(m, numeric) {
    let s = ' tcp' + printPorts('spt', m.sport, m.invSport, numeric, 6) + printPorts('dpt', m.dport, m.invDport, numeric, 6);
    if (m.flagsMask || m.invFlags) {
      s += ` flags:${m.invFlags ? '!' : ''}`;
      s += numeric ? `${hex(m.flagsMask)}/${hex(m.flagsCmp)}` : `${tcpFlagsText(m.flagsMask)}/${tcpFlagsText(m.flagsCmp)}`;
    }
    return s;
  },
};
