/**
 * Socket errors as a Linux process sees them, and how ICMP destination-unreachable codes map to
 * them (the kernel's `icmp_err_convert[]` in net/ipv4/icmp.c).
 */

export type Errno =
  | 'ECONNREFUSED'
  | 'ETIMEDOUT'
  | 'ECONNRESET'
  | 'EHOSTUNREACH'
  | 'ENETUNREACH'
  | 'ENOPROTOOPT'
  | 'EHOSTDOWN'
  | 'ENONET'
  | 'EMSGSIZE'
  | 'EOPNOTSUPP'
  | 'EPERM';

export const STRERROR: Record<Errno, string> = {
  ECONNREFUSED: 'Connection refused',
  ETIMEDOUT: 'Connection timed out',
  ECONNRESET: 'Connection reset by peer',
  EHOSTUNREACH: 'No route to host',
  ENETUNREACH: 'Network is unreachable',
  ENOPROTOOPT: 'Protocol not available',
  EHOSTDOWN: 'Host is down',
  ENONET: 'Machine is not on the network',
  EMSGSIZE: 'Message too long',
  EOPNOTSUPP: 'Operation not supported',
  EPERM: 'Operation not permitted',
};

const UNREACH: Errno[] = [
  'ENETUNREACH', // 0 net unreachable
  'EHOSTUNREACH', // 1 host unreachable
  'ENOPROTOOPT', // 2 protocol unreachable
  'ECONNREFUSED', // 3 port unreachable
  'EMSGSIZE', // 4 fragmentation needed
  'EOPNOTSUPP', // 5 source route failed
  'ENETUNREACH', // 6 net unknown
  'EHOSTDOWN', // 7 host unknown
  'ENONET', // 8 source host isolated
  'ENETUNREACH', // 9 net prohibited
  'EHOSTUNREACH', // 10 host prohibited
  'ENETUNREACH', // 11 net unreachable for TOS
  'EHOSTUNREACH', // 12 host unreachable for TOS
  'EHOSTUNREACH', // 13 communication administratively prohibited
  'EHOSTUNREACH', // 14 host precedence violation
  'EHOSTUNREACH', // 15 precedence cutoff
];

/** The errno an ICMP error reports to a socket; null for types that are not errors for it. */
export function icmpErrno(type: number, code: number): Errno | null {
  if (type === 3) return UNREACH[code] ?? 'EHOSTUNREACH';
  if (type === 11) return 'EHOSTUNREACH';
  return null;
}
