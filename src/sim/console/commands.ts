/** Every command a node's console knows, by the name typed. */
import { clear, echo, help, hostname, printf } from './basics';
import { exit, falseCmd, fg, history, jobs, kill, sleep, trueCmd } from './builtins';
import { grep, head, sort, tail, wc } from './textFilters';
import { conntrack } from './conntrackCmd';
import { curl } from './curl';
import { dig } from './dig';
import { hping3 } from './hping3';
import { ip } from './ipCmd';
import { iptables, iptablesSave } from './iptablesCmd';
import { iptablesRestore } from './iptablesRestore';
import { nc } from './nc';
import { nmap } from './nmap';
import { ping } from './ping';
import type { Command, CommandTable } from './shell';
import type { CommandName } from './commandNames';
import { ss } from './ssCmd';
import { sysctl } from './sysctlCmd';
import { tcpdump } from './tcpdump';
import { traceroute } from './traceroute';

const TABLE: Record<CommandName, Command> = {
  nc,
  ncat: nc,
  ping,
  curl,
  dig,
  nmap,
  hping3,
  ss,
  iptables,
  'iptables-save': iptablesSave,
  'iptables-restore': iptablesRestore,
  conntrack,
  sysctl,
  tcpdump,
  traceroute,
  ip,
  help,
  clear,
  echo,
  printf,
  hostname,
  jobs,
  fg,
  kill,
  history,
  sleep,
  true: trueCmd,
  false: falseCmd,
  exit,
  grep,
  head,
  tail,
  wc,
  sort,
};

export const COMMANDS: CommandTable = new Map(Object.entries(TABLE));
