/** nmap's port lists (-p) and the service names of its nmap-services file, for the ports the lab meets. */

export const TOP_TCP = [21, 22, 23, 25, 80, 110, 139, 443, 445, 3389];
export const TOP_UDP = [53, 67, 123, 135, 137, 138, 161, 445, 631, 1434];
export const MAX_PORTS = 1024;

const TCP_NAMES: Record<number, string> = {
  20: 'ftp-data', 21: 'ftp', 22: 'ssh', 23: 'telnet', 25: 'smtp', 53: 'domain', 80: 'http', 81: 'hosts2-ns', 82: 'xfer',
  83: 'mit-ml-dev', 84: 'ctf', 85: 'mit-ml-dev', 110: 'pop3',
  111: 'rpcbind', 139: 'netbios-ssn', 143: 'imap', 443: 'https', 445: 'microsoft-ds', 993: 'imaps',
  995: 'pop3s', 3306: 'mysql', 3389: 'ms-wbt-server', 5432: 'postgresql', 8080: 'http-proxy',
};
const UDP_NAMES: Record<number, string> = {
  53: 'domain', 67: 'dhcps', 68: 'dhcpc', 69: 'tftp', 123: 'ntp', 135: 'msrpc', 137: 'netbios-ns',
  138: 'netbios-dgm', 161: 'snmp', 445: 'microsoft-ds', 514: 'syslog', 631: 'ipp', 1434: 'ms-sql-m',
};

export function serviceName(proto: 'tcp' | 'udp', port: number): string {
  return (proto === 'tcp' ? TCP_NAMES : UDP_NAMES)[port] ?? 'unknown';
}

/** Parses `22,80,8000-8010`; a message in nmap's words on error. */
export function parsePortList(text: string): { ok: true; ports: number[] } | { ok: false; error: string } {
  const ports = new Set<number>();
  for (const part of text.split(',')) {
    const m = /^(\d*)(?:(-)(\d*))?$/.exec(part.replace(/^[TU]:/, ''));
    if (!m || (m[1] === '' && !m[2])) return { ok: false, error: `Error #485: Your port specifications are illegal.  Example of proper form: "-100,200-1024,T:3000-4000,U:60000-"\nQUITTING!` };
    const lo = m[1] === '' ? 1 : Number(m[1]);
    const hi = m[2] ? (m[3] === '' ? 65535 : Number(m[3])) : lo;
    if (lo > 65535 || hi > 65535 || lo < 0) return { ok: false, error: `Ports specified must be between 0 and 65535 inclusive\nQUITTING!` };
    if (hi < lo) return { ok: false, error: `Your port range ${lo}-${hi} is backwards. Did you mean ${hi}-${lo}?\nQUITTING!` };
    if (hi - lo + 1 + ports.size > MAX_PORTS) return { ok: false, error: `This lab's nmap scans at most ${MAX_PORTS} ports at a time.\nQUITTING!` };
    for (let p = lo; p <= hi; p++) ports.add(p);
  }
  return { ok: true, ports: [...ports].sort((a, b) => a - b) };
}
