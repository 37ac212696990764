/**
 * The text exports: each node's rules as `iptables-save` prints them and its table as
 * `conntrack -L` prints it, one section per node opened by a `# node <id> (<name>)` comment.
 * The rules section is iptables-save's text itself (iptables-restore reads it, comments and
 * all); conntrack's section ends with the line the tool writes to stderr.
 */
import type { SessionRecording } from './record';

function section(rec: SessionRecording, body: (id: string) => string): string {
  return rec.session.scenario.nodes.map((n) => `# node ${n.id} (${n.name}, ${n.kind})\n${body(n.id)}`).join('\n');
}

export function iptablesSaveText(rec: SessionRecording): string {
  return section(rec, (id) => rec.saves[id]);
}

/** conntrack-tools' summary line: "conntrack v1.4.7 (conntrack-tools): N flow entries have been shown." */
export function flowSummary(n: number): string {
  return `conntrack v1.4.7 (conntrack-tools): ${n} flow entries have been shown.`;
}

export function conntrackListText(rec: SessionRecording): string {
  const last = rec.tables[rec.tables.length - 1];
  return section(rec, (id) => [...last[id], `# ${flowSummary(last[id].length)}`].join('\n') + '\n');
}
