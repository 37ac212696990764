/**
 * The names a console knows, in one list: the command table (commands.ts) must cover exactly
 * these (the type checker holds it to that), and the UI's Tab completion reads them from here
 * without loading the commands themselves.
 */
export const COMMAND_NAMES = [
  'clear', 'conntrack', 'curl', 'dig', 'echo', 'exit', 'false', 'fg', 'grep', 'head', 'help', 'history',
  'hostname', 'hping3', 'ip', 'iptables', 'iptables-restore', 'iptables-save', 'jobs', 'kill', 'nc', 'ncat',
  'nmap', 'ping', 'printf', 'sleep', 'sort', 'ss', 'sysctl', 'tail', 'tcpdump', 'traceroute', 'true', 'wc',
] as const;

export type CommandName = (typeof COMMAND_NAMES)[number];
