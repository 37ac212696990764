/**
 * The one-click conversations: each runs a command at a node's console, exactly as a student
 * could type it. Kept in one list so the lesson, the buttons and the tests agree.
 */
import type { MessageKey } from '../i18n/en';

export interface Preset {
  id: string;
  node: string;
  command: string;
  label: MessageKey;
  title?: MessageKey;
}

export const PRESETS: readonly Preset[] = [
  { id: 'seed-ok', node: 'labos-1', command: 'nc -v 192.168.3.1 80', label: 'preset.ncOut', title: 'preset.ncOut.title' },
  { id: 'seed-timeout', node: 'labos-2', command: 'nc -v 192.168.1.1 80', label: 'preset.ncIn', title: 'preset.ncIn.title' },
  { id: 'tcp-close', node: 'labos-1', command: 'curl http://192.168.3.1/', label: 'preset.tcpClose' },
  { id: 'udp-unreachable', node: 'labos-1', command: 'echo hello | nc -u -v 192.168.3.1 9999', label: 'preset.udp' },
  { id: 'ping', node: 'labos-1', command: 'ping -c 3 192.168.3.1', label: 'preset.ping' },
  { id: 'ftp-active', node: 'labos-1', command: 'curl -P - ftp://192.168.3.1/readme.txt', label: 'preset.ftpActive' },
  { id: 'ftp-passive', node: 'labos-1', command: 'curl ftp://192.168.3.1/readme.txt', label: 'preset.ftpPassive' },
  { id: 'nmap-xmas', node: 'labos-1', command: 'nmap -sX -p 21,22,80,443 192.168.3.1', label: 'preset.nmapXmas' },
];

/** Command names the consoles complete with Tab. */
export const COMMANDS: readonly string[] = [
  'clear',
  'conntrack',
  'curl',
  'dig',
  'echo',
  'help',
  'hping3',
  'iptables',
  'iptables-restore',
  'iptables-save',
  'nc',
  'ncat',
  'nmap',
  'ping',
  'ss',
  'sysctl',
];

/**
 * Tab completion of the first word: the single match completed with a space, or the longest
 * common prefix of several. Returns the new text and the candidates (to list when ambiguous).
 */
export function completeCommand(text: string, commands: readonly string[] = COMMANDS): { text: string; candidates: string[] } {
  if (/\s/.test(text.trimStart())) return { text, candidates: [] };
  const lead = text.length - text.trimStart().length;
  const word = text.trimStart();
  const candidates = commands.filter((c) => c.startsWith(word));
  if (candidates.length === 0) return { text, candidates };
  if (candidates.length === 1) return { text: `${text.slice(0, lead)}${candidates[0]} `, candidates };
  let prefix = candidates[0];
  for (const c of candidates) while (!c.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return { text: `${text.slice(0, lead)}${prefix}`, candidates };
}

/** Move through the history with ↑/↓: index -1 is the line being typed. */
export function historyStep(history: readonly string[], index: number, dir: 'up' | 'down'): number {
  if (history.length === 0) return -1;
  if (dir === 'up') return index === -1 ? history.length - 1 : Math.max(0, index - 1);
  if (index === -1) return -1;
  return index + 1 >= history.length ? -1 : index + 1;
}
