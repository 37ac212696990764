/**
 * The tests of xt_conntrack's conntrack_mt that look at the entry itself rather than the packet:
 * the four addresses (conntrack_addrcmp: ((entry ^ given) & mask) == 0), --ctproto and the four
 * ports (ct_proto_port_check_v3: the tuple's `u.all`, i.e. TCP/UDP ports, the ICMP id and
 * type<<8|code, 0 for protocols without ports), and --ctexpire (the entry's remaining lifetime
 * in whole seconds, nf_ct_expires / HZ). Each test is XORed with its `!`.
 *
 * --ctexpire on an unconfirmed entry (the packet that creates it, NEW or RELATED): the kernel
 * subtracts the current jiffies from the still relative timeout and clamps at 0, which is 0 on
 * any host that has been up for longer than the timeout plus 5 minutes (jiffies start 5 minutes
 * before 0); this engine always says 0 there.
 */
import type { Conn } from '../conn';
import { IPS_CONFIRMED } from '../status';
import type { ConntrackMatch, CtAddrOpt, CtPortOpt } from './model';

/** Which test failed (the tracer's codes, ruleMatch.ts): addresses, protocol, ports, expiry. */
export const CT_MISS_ADDR = 10;
export const CT_MISS_PROTO = 11;
export const CT_MISS_PORT = 12;
export const CT_MISS_EXPIRE = 13;

function addrOk(a: CtAddrOpt | null, v: number): boolean {
  return a === null || (((v ^ a.addr) & a.mask) === 0) !== a.inv;
}

function portOk(p: CtPortOpt | null, v: number): boolean {
  return p === null || (v >= p.lo && v <= p.hi) !== p.inv;
}

/** nf_ct_expires(ct) / HZ in seconds: 0 before confirmation (see above) and once expired. */
export function ctExpiresSeconds(ct: Conn, now: number): number {
  if ((ct.status & IPS_CONFIRMED) === 0) return 0;
  const left = ct.timeout - now;
  return left > 0 ? Math.floor(left / 1000) : 0;
}

/** The address/protocol/port part (checked before --ctstatus, as the kernel does): 0 or a CT_MISS code. */
export function ctTupleMiss(m: ConntrackMatch, ct: Conn): number {
  if (!addrOk(m.origsrc, ct.oSrc) || !addrOk(m.origdst, ct.oDst)) return CT_MISS_ADDR;
  if (!addrOk(m.replsrc, ct.rSrc) || !addrOk(m.repldst, ct.rDst)) return CT_MISS_ADDR;
  if (m.ctproto >= 0 && (ct.proto === m.ctproto) === m.invProto) return CT_MISS_PROTO;
  if (!portOk(m.origsrcport, ct.oSport) || !portOk(m.origdstport, ct.oDport)) return CT_MISS_PORT;
  if (!portOk(m.replsrcport, ct.rSport) || !portOk(m.repldstport, ct.rDport)) return CT_MISS_PORT;
  return 0;
}

/** The --ctexpire test (checked last): 0 or CT_MISS_EXPIRE. */
export function ctExpireMiss(m: ConntrackMatch, ct: Conn, now: number): number {
  const e = m.expire;
  if (e === null) return 0;
  const s = ctExpiresSeconds(ct, now);
  return (s >= e.min && s <= e.max) === e.inv ? CT_MISS_EXPIRE : 0;
}
