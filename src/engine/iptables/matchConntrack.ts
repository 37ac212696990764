/**
 * `-m conntrack` (libxt_conntrack revision 3, matched by xt_conntrack.c conntrack_mt): every
 * option of iptables 1.8.9 — --ctstate, --ctproto, --ctorigsrc/--ctorigdst/--ctreplsrc/
 * --ctrepldst (address[/mask]), --ctorigsrcport/--ctorigdstport/--ctreplsrcport/--ctrepldstport
 * (port or range), --ctstatus, --ctexpire (seconds, value or range) and --ctdir. All but --ctdir
 * can be inverted; REPLY is stored by the kernel as an inverted direction flag. Argument syntax
 * in xtOptTypes.ts; printing follows conntrack_dump (one fixed order, whatever the input order).
 */
import { formatIpv4 } from '../ipv4';
import { maskBits } from './addr';
import type { ExtError, Extension } from './ext';
import { extError, onceError } from './ext';
import type { ConntrackMatch, CtAddrOpt, CtPortOpt } from './model';
import { bitsToNames, CTSTATE_NAMES, CTSTATUS_NAMES } from './names';
import { parseNameList } from './stateList';
import { parseHostMask, parsePortRc, parseProtocol, parseUint32Rc } from './xtOptTypes';

export const ADDR_OPTS = ['ctorigsrc', 'ctorigdst', 'ctreplsrc', 'ctrepldst'] as const;
export const PORT_OPTS = ['ctorigsrcport', 'ctorigdstport', 'ctreplsrcport', 'ctrepldstport'] as const;
type AddrOpt = (typeof ADDR_OPTS)[number];
type PortOpt = (typeof PORT_OPTS)[number];
export const ADDR_FIELD: Record<AddrOpt, 'origsrc' | 'origdst' | 'replsrc' | 'repldst'> = {
  ctorigsrc: 'origsrc', ctorigdst: 'origdst', ctreplsrc: 'replsrc', ctrepldst: 'repldst',
};
export const PORT_FIELD: Record<PortOpt, 'origsrcport' | 'origdstport' | 'replsrcport' | 'repldstport'> = {
  ctorigsrcport: 'origsrcport', ctorigdstport: 'origdstport', ctreplsrcport: 'replsrcport', ctrepldstport: 'repldstport',
};

/** Whether the match uses an option beyond --ctstate/--ctstatus/--ctdir (the slower test). */
export function hasCtTupleOptions(m: ConntrackMatch): boolean {
  return (
    m.ctproto >= 0 || m.origsrc !== null || m.origdst !== null || m.replsrc !== null || m.repldst !== null ||
    m.origsrcport !== null || m.origdstport !== null || m.replsrcport !== null || m.repldstport !== null ||
    m.expire !== null
  );
}

export const conntrackExt: Extension<ConntrackMatch> = {
  name: 'conntrack',
  options: [
    { name: 'ctstate', id: 'ctstate', args: 1, invertible: true },
    { name: 'ctproto', id: 'ctproto', args: 1, invertible: true },
    ...ADDR_OPTS.map((name) => ({ name, id: name, args: 1 as const, invertible: true })),
    { name: 'ctstatus', id: 'ctstatus', args: 1, invertible: true },
    { name: 'ctexpire', id: 'ctexpire', args: 1, invertible: true },
    ...PORT_OPTS.map((name) => ({ name, id: name, args: 1 as const, invertible: true })),
    { name: 'ctdir', id: 'ctdir', args: 1, invertible: false },
  ],
  init: () => ({
    kind: 'conntrack', ctstate: -1, invState: false, ctstatus: -1, invStatus: false, ctdir: null,
    ctproto: -1, invProto: false, origsrc: null, origdst: null, replsrc: null, repldst: null,
    origsrcport: null, origdstport: null, replsrcport: null, repldstport: null, expire: null,
  }),
  parse(m, id, args, inv, _ctx, seen) {
    if (seen.has(id)) return onceError('conntrack', id);
    const arg = args[0];
    const bad = (message: string): ExtError => extError('bad-value', message);
    if (id === 'ctstate') {
      const r = parseNameList(arg, CTSTATE_NAMES, 'ctstate');
      if (typeof r !== 'number') return r;
      m.ctstate = r;
      m.invState = inv;
    } else if (id === 'ctstatus') {
      const r = parseNameList(arg, CTSTATUS_NAMES, 'ctstatus');
      if (typeof r !== 'number') return r;
      m.ctstatus = r;
      m.invStatus = inv;
    } else if (id === 'ctproto') {
      const p = parseProtocol(arg);
      if (p === null) return extError('bad-value', `unknown protocol "${arg}" specified`, 'arg', 'expected a protocol name (tcp, udp, icmp, ...) or number');
      // libxt_conntrack tests protocol 0 against invert bit 0x40 (XT_INV_PROTO), which in its own
      // flags is --ctstatus's: "all" after a negated --ctstatus is refused, anywhere else accepted
      if (p === 0 && seen.has('ctstatus') && m.invStatus) {
        return extError('bad-value', 'conntrack: rule would never match protocol', 'option');
      }
      m.ctproto = p;
      m.invProto = inv;
    } else if (id === 'ctexpire') {
      const r = parseUint32Rc(arg, 'conntrack', id);
      if (typeof r === 'string') return bad(r);
      m.expire = { min: r[0], max: r[1], inv };
    } else if (id in ADDR_FIELD) {
      const r = parseHostMask(arg, 'conntrack', id);
      if (typeof r === 'string') return bad(r);
      m[ADDR_FIELD[id as AddrOpt]] = { addr: r.addr, mask: r.mask, inv };
    } else if (id in PORT_FIELD) {
      const r = parsePortRc(arg, 'conntrack', id);
      if (typeof r === 'string') return bad(r);
      m[PORT_FIELD[id as PortOpt]] = { lo: r[0], hi: r[1], inv };
    } else {
      const d = arg.toUpperCase();
      if (d !== 'ORIGINAL' && d !== 'REPLY') {
        return extError('bad-value', `conntrack: Bad value for "--ctdir" option: "${arg}"`, 'arg', 'expected ORIGINAL or REPLY');
      }
      m.ctdir = d;
    }
    return null;
  },
  final: (_m, seen) => (seen.size ? null : extError('missing-argument', 'conntrack: At least one option is required', 'option')),
  save: (m) => dump(m, '--', true),
  print: (m, numeric) => dump(m, '', numeric),
};

/** conntrack_dump_addr: `anywhere` for address 0 in -L without -n; the mask as a suffix unless /32. */
function addrText(a: CtAddrOpt, numeric: boolean): string {
  if (!numeric && a.addr === 0) return 'anywhere';
  const bits = maskBits(a.mask);
  const suffix = bits === 32 ? '' : bits >= 0 ? `/${bits}` : `/${formatIpv4(a.mask)}`;
  return formatIpv4(a.addr) + suffix;
}

/** conntrack_dump_ports: one number when the ends are equal (or the high end is 0). */
function portText(p: CtPortOpt): string {
  return p.hi === 0 || p.lo === p.hi ? `${p.lo}` : `${p.lo}:${p.hi}`;
}

function dump(m: ConntrackMatch, prefix: string, numeric: boolean): string {
  const not = (inv: boolean) => (inv ? ' !' : '');
  let s = '';
  if (m.ctstate >= 0) s += `${not(m.invState)} ${prefix}ctstate ${bitsToNames(m.ctstate, CTSTATE_NAMES)}`;
  if (m.ctproto >= 0) s += `${not(m.invProto)} ${prefix}ctproto ${m.ctproto}`;
  for (const opt of ADDR_OPTS) {
    const a = m[ADDR_FIELD[opt]];
    if (a) s += `${not(a.inv)} ${prefix}${opt} ${addrText(a, numeric)}`;
  }
  for (const opt of PORT_OPTS) {
    const p = m[PORT_FIELD[opt]];
    if (p) s += `${not(p.inv)} ${prefix}${opt} ${portText(p)}`;
  }
  if (m.ctstatus >= 0) {
    s += `${not(m.invStatus)} ${prefix}ctstatus ${m.ctstatus === 0 ? 'NONE' : bitsToNames(m.ctstatus, CTSTATUS_NAMES)}`;
  }
  if (m.expire) {
    const e = m.expire;
    s += `${not(e.inv)} ${prefix}ctexpire ${e.min === e.max ? `${e.min}` : `${e.min}:${e.max}`}`;
  }
  if (m.ctdir) s += ` ${prefix}ctdir ${m.ctdir}`;
  return s;
}

