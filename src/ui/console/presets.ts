/**
 * The one-click conversations the console bars show: the simulation's presets (src/sim/presets.ts,
 * commands built from the scenario's addresses), named in our dictionaries by id. Presets
 * without a name here are not shown (the bar stays short); they can still be typed.
 */
import type { MessageKey } from '../i18n/en';

export const PRESET_LABELS: Readonly<Record<string, { label: MessageKey; title?: MessageKey }>> = {
  'seed-ok': { label: 'preset.ncOut', title: 'preset.ncOut.title' },
  'seed-timeout': { label: 'preset.ncIn', title: 'preset.ncIn.title' },
  'tcp-close': { label: 'preset.tcpClose' },
  'udp-unreachable': { label: 'preset.udp' },
  ping: { label: 'preset.ping' },
  'ftp-active': { label: 'preset.ftpActive' },
  'ftp-passive': { label: 'preset.ftpPassive' },
  'nmap-xmas': { label: 'preset.nmapXmas' },
};

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
