/**
 * Pure derivations from the store's plain data: what each panel draws. No React here, so the
 * functions are tested in node (derive.test.ts).
 */
import type { CtStateName, NodeVerdict, NodeView, PacketEvent, SimSnapshot } from '../../sim/api';
import type { EventFilters } from './store';

export type Outcome = 'ACCEPT' | 'DROP' | 'REJECT';

/** How the packet ended, as the event list's verdict column says it. */
export function outcome(ev: PacketEvent): Outcome {
  return ev.fate.kind === 'dropped' ? 'DROP' : ev.fate.kind === 'rejected' ? 'REJECT' : 'ACCEPT';
}

/**
 * The verdict that tells the packet's story: where it was dropped or rejected; otherwise the
 * firewall's, otherwise the receiving node's, otherwise the last one.
 */
export function keyVerdict(ev: PacketEvent, firewallId = 'fw'): NodeVerdict | null {
  if (ev.verdicts.length === 0) return null;
  if (ev.fate.kind !== 'delivered') {
    const at = ev.fate.at;
    const v = ev.verdicts.find((x) => x.node === at && x.verdict === 'DROP') ?? ev.verdicts.find((x) => x.node === at);
    if (v) return v;
  }
  return (
    ev.verdicts.find((x) => x.node === firewallId) ??
    ev.verdicts.find((x) => x.node === ev.to) ??
    ev.verdicts[ev.verdicts.length - 1]
  );
}

/** The conntrack state a packet card shows (null when no netfilter saw it). */
export function packetState(ev: PacketEvent, firewallId = 'fw'): CtStateName | null {
  return keyVerdict(ev, firewallId)?.state ?? null;
}

/** The rule that decided, or null for a policy / no verdict. */
export function decidingRule(ev: PacketEvent, firewallId = 'fw'): string | null {
  return keyVerdict(ev, firewallId)?.decidingRule ?? null;
}

/**
 * The rule column of the event list: the deciding rule or policy (`-P INPUT DROP`) of the
 * verdict that tells the story, with its node when the packet stopped there; null when no
 * chain decided anything (no rules on the way).
 */
export function ruleCell(ev: PacketEvent, firewallId = 'fw'): string | null {
  const v = keyVerdict(ev, firewallId);
  if (!v) return null;
  const text = v.decidingRule ?? v.steps.find((s) => s.decisive)?.text ?? null;
  if (!text) return null;
  return ev.fate.kind !== 'delivered' ? `${v.node}: ${text}` : text;
}

/** The connection ids a packet belongs to, on any node. */
export function connIds(ev: PacketEvent): number[] {
  const out: number[] = [];
  for (const v of ev.verdicts) if (v.connId !== null && !out.includes(v.connId)) out.push(v.connId);
  return out;
}

export function matchesFilters(ev: PacketEvent, f: EventFilters, followed: number | null, firewallId = 'fw'): boolean {
  if (f.state !== 'all' && packetState(ev, firewallId) !== f.state) return false;
  if (f.verdict !== 'all' && outcome(ev) !== f.verdict) return false;
  if (f.onlyFollowed && followed !== null && !connIds(ev).includes(followed)) return false;
  if (f.text) {
    const q = f.text.toLowerCase();
    const hay = `${ev.label} ${ev.summary} ${ev.from} ${ev.to} ${decidingRule(ev, firewallId) ?? ''}`.toLowerCase();
    if (!hay.includes(q)) return false;
  }
  return true;
}

/** The estimate of virtual now: the snapshot's, moved on by real time while playing. */
export function virtualNow(snap: SimSnapshot | null, snapshotAt: number, realNow: number, speed: number, maxAheadMs = 250): number {
  if (!snap) return 0;
  if (!snap.playing) return snap.now;
  const ff = snap.fastForward;
  const wall = Math.max(0, Math.min(realNow - snapshotAt, maxAheadMs));
  // a quiet stretch runs at its own speed and stops where something is due
  if (ff) return Math.min(snap.now + wall * ff.speed, ff.to);
  return snap.now + wall * speed;
}

/**
 * The packet the state diagram lights: the selected event; else, when a connection is followed,
 * its latest packet sent by `now`; else the latest packet sent by `now` that the firewall saw.
 */
export function currentPacket(
  packets: readonly PacketEvent[],
  now: number,
  selectedEventId: number | null,
  followed: number | null,
  firewallId = 'fw',
): PacketEvent | null {
  if (selectedEventId !== null) {
    const sel = packets.find((p) => p.id === selectedEventId);
    if (sel) return sel;
  }
  for (let i = packets.length - 1; i >= 0; i--) {
    const p = packets[i];
    if (p.tSend > now) continue;
    if (followed !== null) {
      if (connIds(p).includes(followed)) return p;
      continue;
    }
    if (p.verdicts.some((v) => v.node === firewallId)) return p;
  }
  return null;
}

/** The firewall's verdict on a packet (what the diagram shows). */
export function firewallVerdict(ev: PacketEvent | null, firewallId = 'fw'): NodeVerdict | null {
  if (!ev) return null;
  return ev.verdicts.find((v) => v.node === firewallId) ?? keyVerdict(ev, firewallId);
}

/** The firewall's id in a snapshot's node list (the middle node). */
export function firewallIdOf(nodes: readonly NodeView[] | undefined): string {
  return nodes?.find((n) => n.kind === 'firewall')?.id ?? 'fw';
}

/** Seconds left before an entry expires, as `conntrack -L` prints it (whole seconds, never negative). */
export function secondsLeft(expires: number, now: number): number {
  return Math.max(0, Math.ceil((expires - now) / 1000));
}

/** A `conntrack -L` line with its timeout field replaced by the countdown on the virtual clock. */
export function withCountdown(line: string, expires: number, now: number): string {
  return line.replace(/^(\s*\S+\s+\d+\s+)(\d+)(?=\s)/, (_m, head: string) => `${head}${secondsLeft(expires, now)}`);
}

/** Virtual time as the clock and the event list print it: seconds with milliseconds. */
export function formatTime(ms: number): string {
  const neg = ms < 0;
  const v = Math.abs(ms);
  const s = Math.floor(v / 1000);
  const rest = Math.floor(v % 1000);
  return `${neg ? '-' : ''}${s}.${String(rest).padStart(3, '0')}`;
}

/** A span of virtual ms as a short number of seconds: "0.96", "3.6", "10", "120". */
export function formatSeconds(ms: number): string {
  const s = ms / 1000;
  return s >= 100 ? s.toFixed(0) : s >= 10 ? s.toFixed(1).replace(/\.0$/, '') : s.toFixed(2).replace(/0$/, '').replace(/\.0$/, '');
}
