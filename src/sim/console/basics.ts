/** The shell's own small commands: help, clear, echo, hostname. */
import type { Command } from './shell';
import { pipeText } from './pipeText';

export const HELP = `Commands of this lab (type ^C to interrupt a running command, ^D to end its input):
  nc -v HOST PORT            open a TCP connection (Ncat 7.93); type lines to send them
  nc -u -v HOST PORT         the same over UDP;  -z: only test;  -w N: connect timeout (10 s)
  nc -l -v PORT              listen for one connection
  echo TEXT | nc HOST PORT   send TEXT, then close
  ping -c N HOST             ICMP echo requests, one per second
  curl http://HOST/          fetch the web page (-v: show the conversation, -I: headers only)
  curl ftp://HOST/readme.txt FTP download, passive mode (PASV, 227)
  curl -P - ftp://HOST/readme.txt   FTP download, active mode (PORT; the server connects back)
  dig @HOST NAME [TYPE]      DNS query over UDP (names: the machines, example.com; -x ADDR: reverse)
  nmap -sS|-sA|-sX|-sN|-sF|-sU -p 21,22,80 HOST   port scans
  hping3 -S -p 80 -c 1 HOST  one hand-made packet (-S -A -F -R -P -U flags, -2 UDP, -1 ICMP)
  traceroute HOST            the routers on the way (-I ICMP, -T TCP SYN, -n, -m HOPS, -q N, -w S, -p PORT)
  tcpdump -n [-i IF] [-c N] [FILTER]    watch this machine's packets until ^C (FILTER: host, port, tcp, and, or, not …)
  ss -tan / ss -tunap        this machine's sockets and their states (-p: which process)
  ip addr / ip route / ip -s link       this machine's interfaces, routes and counters
  iptables ... / iptables-save            show or change this machine's rules
  iptables-restore           paste iptables-save text, then ^D
  conntrack -L [expect] / -E / -F / -D    the connection tracking table (-p tcp --dport 80 --state …)
  sysctl net.netfilter.nf_conntrack_udp_timeout / sysctl -w NAME=VALUE / -n / -a -r PATTERN
  clear, hostname, help, history, sleep N, echo, printf
Shell: a; b   a && b   a || b   cmd &, jobs, fg %N, kill %N   cmd | grep|head|tail|wc|sort   > /dev/null
HOST is an address or a machine's name.`;

export const help: Command = (_argv, ctx) => {
  ctx.out(HELP);
  ctx.exit(0);
  return null;
};

export const clear: Command = (_argv, ctx) => {
  // into a pipe or /dev/null clear writes escape codes, which change no screen
  if (ctx.terminal !== null) ctx.world.clearConsole(ctx.node.index, ctx.terminal);
  ctx.exit(0);
  return null;
};

export const echo: Command = (argv, ctx) => {
  const noNl = argv[1] === '-n';
  ctx.out(argv.slice(noNl ? 2 : 1).join(' '));
  ctx.exit(0);
  return null;
};

export const hostname: Command = (_argv, ctx) => {
  ctx.out(ctx.node.spec.name);
  ctx.exit(0);
  return null;
};

/** printf FORMAT: the escapes \n \t \r \\ (no conversions). */
export const printf: Command = (argv, ctx) => {
  if (argv.length < 2) {
    ctx.err('printf: usage: printf [-v var] format [arguments]');
    ctx.exit(2);
    return null;
  }
  const text = pipeText(argv) ?? '';
  if (text !== '') ctx.out(text);
  ctx.exit(0);
  return null;
};
