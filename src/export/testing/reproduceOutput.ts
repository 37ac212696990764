/**
 * Reads what the Reproduce script printed (traces/exports/*.json): after each step, each
 * node's `conntrack -L`; and masks what truly varies between the app and a real run: the
 * seconds left, ephemeral ports (32768 and up: Linux's ip_local_port_range, the app's too),
 * ICMP ids.
 */

/** `steps[k][node]`: the entries printed after step k+1 (k = -1 is left out: the lab's start). */
export type StepTables = Record<string, string[]>[];

export function parseReproduceOutput(stdout: string): StepTables {
  const steps: StepTables = [];
  let cur: Record<string, string[]> | null = null;
  let node: string | null = null;
  for (const line of stdout.split('\n')) {
    if (line.startsWith('=== step ')) {
      cur = {};
      steps.push(cur);
      node = null;
      continue;
    }
    if (line.startsWith('=== ')) {
      cur = null;
      continue;
    }
    const m = /^--- conntrack -L (\S+)$/.exec(line);
    if (m && cur) {
      node = m[1];
      cur[node] = [];
      continue;
    }
    if (line.startsWith('--- ')) {
      node = null;
      continue;
    }
    if (cur && node && line && !line.startsWith('conntrack v')) cur[node].push(line);
  }
  return steps;
}

/** An entry with the seconds left, ephemeral ports and ICMP ids masked. */
export function maskEntry(line: string): string {
  return line
    .replace(/^(\S+\s+\d+\s+)\d+/, '$1S')
    .replace(/\b(sport|dport)=(\d+)/g, (all, k: string, v: string) => (Number(v) >= 32768 ? `${k}=P` : all))
    .replace(/\bid=\d+/g, 'id=X');
}

/** A table to compare: masked, sorted (conntrack -L prints in hash order). */
export function maskTable(lines: string[]): string[] {
  return lines.map(maskEntry).sort();
}
