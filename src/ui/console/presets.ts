/**
 * The one-click conversations the console bars show: the simulation's presets (src/sim/presets.ts,
 * commands built from the scenario's addresses), named in our dictionaries by id. Presets
 * without a name here are not shown (the bar stays short); they can still be typed.
 */
import { COMMAND_NAMES } from '../../sim/console/commandNames';
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

/** Command names the consoles complete with Tab (the simulation's one list). */
export const COMMANDS: readonly string[] = COMMAND_NAMES;

/**
 * Tab completion as bash does it: the word under the cursor (the last one) is completed from the
 * command names when it is the first word, else from `words` (host names and addresses). A
 * single match is completed with a space, several to their longest common prefix. Returns the
 * new text and the candidates (to list when ambiguous).
 */
export function completeCommand(
  text: string,
  commands: readonly string[] = COMMANDS,
  words: readonly string[] = [],
): { text: string; candidates: string[] } {
  const m = /^(\s*)(\S*)$/.exec(text) ?? /^(.*\s)(\S*)$/.exec(text);
  if (!m) return { text, candidates: [] };
  const [, head, word] = m;
  const first = head.trim() === '' || /(?:[;&|]\s*)$/.test(head);
  if (!first && word === '') return { text, candidates: [] };
  const pool = first ? commands : words;
  const candidates = [...new Set(pool.filter((c) => c.startsWith(word)))];
  if (candidates.length === 0) return { text, candidates };
  if (candidates.length === 1) return { text: `${head}${candidates[0]} `, candidates };
  let prefix = candidates[0];
  for (const c of candidates) while (!c.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return { text: `${head}${prefix}`, candidates };
}

/** Adds a line to the history as bash with HISTCONTROL=ignoreboth: no blank line, no line with a leading space, no repeat of the last one. */
export function addToHistory(history: readonly string[], line: string): readonly string[] {
  if (line.trim() === '' || /^\s/.test(line) || history[history.length - 1] === line) return history;
  return [...history, line];
}

/** Move through the history with ↑/↓: index -1 is the line being typed. */
export function historyStep(history: readonly string[], index: number, dir: 'up' | 'down'): number {
  if (history.length === 0) return -1;
  if (dir === 'up') return index === -1 ? history.length - 1 : Math.max(0, index - 1);
  if (index === -1) return -1;
  return index + 1 >= history.length ? -1 : index + 1;
}
