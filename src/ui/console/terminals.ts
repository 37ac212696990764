/**
 * Which terminals the consoles panel shows: each host's first terminal, the others the sim
 * knows of (typed into, or replayed from a link) or the person opened, less the ones closed;
 * the firewall's only once opened. Pure: derived from the snapshot and two lists of keys.
 */
import { MAX_TERMINALS, type ConsoleLine, type NodeView } from '../../sim/api';

export interface TerminalRef {
  node: string;
  tty: number;
  /** `labos-1`, `labos-1#2`: the key of its console lines in the store. */
  key: string;
}

export function terminalKey(node: string, tty: number): string {
  return tty === 1 ? node : `${node}#${tty}`;
}

export function consoleKeyOf(line: ConsoleLine): string {
  return terminalKey(line.node, line.tty ?? 1);
}

/** The terminals to draw, node by node in the topology's order. */
export function visibleTerminals(nodes: readonly NodeView[], opened: readonly string[], closed: readonly string[]): TerminalRef[] {
  const out: TerminalRef[] = [];
  for (const n of nodes) {
    const ttys = new Set<number>();
    if (n.kind === 'host' || opened.includes(terminalKey(n.id, 1))) ttys.add(1);
    for (const t of n.terminals ?? []) ttys.add(t.tty);
    for (let tty = 2; tty <= MAX_TERMINALS; tty++) if (opened.includes(terminalKey(n.id, tty))) ttys.add(tty);
    for (const tty of [...ttys].sort((a, b) => a - b)) {
      const key = terminalKey(n.id, tty);
      if (!closed.includes(key)) out.push({ node: n.id, tty, key });
    }
  }
  return out;
}

/**
 * The terminal "New terminal on <node>" opens: the first one if it is not shown (the firewall),
 * else the next number never used; null when the node has MAX_TERMINALS already.
 */
export function nextTerminal(node: NodeView, opened: readonly string[], closed: readonly string[]): number | null {
  const first = terminalKey(node.id, 1);
  if (node.kind !== 'host' && !opened.includes(first) && !closed.includes(first)) return 1;
  // numbers of closed terminals are not reused: their lines are still in the store
  let used = 1;
  for (const t of node.terminals ?? []) used = Math.max(used, t.tty);
  for (let tty = 2; tty <= MAX_TERMINALS; tty++) {
    const key = terminalKey(node.id, tty);
    if (opened.includes(key) || closed.includes(key)) used = Math.max(used, tty);
  }
  return used < MAX_TERMINALS ? used + 1 : null;
}
