/**
 * The TCP tracker alone against the kernel recordings in traces/ (Linux 6.18): for the TCP
 * traces without rules, a minimal stand-in for the core (lookup by tuple, confirm, SEEN_REPLY,
 * expiry, kill, repeat) drives tcpPacket and compares what -m state saw and the TCP lines of
 * `conntrack -L` (state, timeout within 2 s, [UNREPLIED], [ASSURED]) after every packet.
 * The real end-to-end replay (rules, NAT of nothing, printing) is the core's test; this one
 * pins the tracker's own decisions to the kernel's.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Conn } from '../conn';
import { NF_INVALID, NF_REPEAT } from '../ctinfo';
import type { Dir } from '../ctinfo';
import { makePacket, parseTcpFlags } from '../packet';
import { DEFAULT_SETTINGS, sysctlKey } from '../settings';
import type { CtSettings } from '../settings';
import { IPS_ASSURED, IPS_CONFIRMED, IPS_SEEN_REPLY } from '../status';
import { TCP_STATE_NAMES } from './tcpStates';
import { tcpPacket } from './tcpTracker';

interface TracePacket {
  from: 'A' | 'B';
  wait?: number;
  proto: string | number;
  sport?: number;
  dport?: number;
  flags?: string;
  seq?: number;
  ack?: number;
  win?: number;
  wscale?: number;
  len?: number;
  payload?: string;
  expect: { state: string; table: string[] };
}
interface Trace {
  name: string;
  sysctl?: Record<string, number>;
  rules?: string;
  packets: TracePacket[];
}

// the repository's traces/, wherever the tests are started from
const DIR = fileURLToPath(new URL('../../../traces', import.meta.url));
const traces: Trace[] = existsSync(DIR)
  ? readdirSync(DIR)
      .filter((f) => f.endsWith('.json'))
      .map((f) => JSON.parse(readFileSync(join(DIR, f), 'utf8')) as Trace)
      .filter((t) => !t.rules && t.packets.some((p) => p.proto === 'tcp'))
      .filter((t) => t.packets.every((p) => p.proto === 'tcp' || !('inner' in p)))
  : [];

/** "sport/dport STATE timeout [UNREPLIED] [ASSURED]" for one entry. */
function describeEntry(sport: number, dport: number, state: string, timeout: number, status: number): string {
  return `${sport}/${dport} ${state} ${timeout}${status & IPS_SEEN_REPLY ? '' : ' UNREPLIED'}${
    status & IPS_ASSURED ? ' ASSURED' : ''
  }`;
}

function kernelLines(table: string[]): string[] {
  const out: string[] = [];
  for (const l of table) {
    const m = /^tcp\s+6\s+(\d+)\s+(\w+)\s+src=\S+ dst=\S+ sport=(\d+) dport=(\d+)/.exec(l);
    if (!m) continue;
    const status = (l.includes('[UNREPLIED]') ? 0 : IPS_SEEN_REPLY) | (l.includes('[ASSURED]') ? IPS_ASSURED : 0);
    out.push(describeEntry(+m[3], +m[4], m[2], +m[1], status));
  }
  return out.sort();
}

/** Timeouts agree within 2 s, as compare-traces.py allows; the rest must be equal. */
function sameEntries(mine: string[], kernel: string[]): boolean {
  if (mine.length !== kernel.length) return false;
  return mine.every((line, i) => {
    const a = line.split(' ');
    const b = kernel[i].split(' ');
    return a.length === b.length && a.every((w, j) => (j === 2 ? Math.abs(+w - +b[j]) <= 2 : w === b[j]));
  });
}

function replay(trace: Trace): { i: number; mine: string; kernel: string }[] {
  const settings: CtSettings = { ...DEFAULT_SETTINGS };
  for (const [name, v] of Object.entries(trace.sysctl ?? {})) {
    const key = sysctlKey(name);
    if (key) settings[key] = v;
  }
  // entries by "sender:sport>dport" for both directions
  const table = new Map<string, { ct: Conn; origKey: string }>();
  let now = 0;
  const diffs: { i: number; mine: string; kernel: string }[] = [];
  trace.packets.forEach((p, i) => {
    now += (p.wait ?? 0) * 1000;
    for (const [k, e] of table) if (e.ct.timeout <= now) table.delete(k);
    if (p.proto !== 'tcp') return;
    const key = `${p.from}:${p.sport}>${p.dport}`;
    const revKey = `${p.from === 'A' ? 'B' : 'A'}:${p.dport}>${p.sport}`;
    const pkt = makePacket({
      sport: p.sport,
      dport: p.dport,
      flags: parseTcpFlags(p.flags ?? '') ?? 0,
      seq: (p.seq ?? 0) | 0,
      ack: (p.ack ?? 0) | 0,
      win: p.win ?? 64240,
      wscale: p.wscale ?? -1,
      payloadLen: p.len ?? (p.payload ? p.payload.length : 0),
    });
    let state = 'INVALID';
    for (let attempt = 0; attempt < 2; attempt++) {
      let e = table.get(key);
      const isNew = e === undefined;
      if (!e) e = { ct: new Conn(), origKey: key };
      const dir: Dir = e.origKey === key ? 0 : 1;
      let killed = false;
      const ctx = {
        now,
        settings,
        trace: null,
        kill: (ct: Conn) => {
          for (const [k, x] of table) if (x.ct === ct) table.delete(k);
          killed = true;
          return true;
        },
      };
      const v = tcpPacket(e.ct, pkt, dir, ctx);
      if (v === NF_REPEAT) continue;
      if (v === NF_INVALID) break;
      state = isNew ? 'NEW' : dir === 1 || e.ct.status & IPS_SEEN_REPLY ? 'ESTABLISHED' : 'NEW';
      if (isNew && !killed) {
        e.ct.status |= IPS_CONFIRMED;
        table.set(key, e);
        table.set(revKey, e);
      }
      if (dir === 1 && !killed) e.ct.status |= IPS_SEEN_REPLY;
      break;
    }
    const mine = [...table.entries()]
      .filter(([k, x]) => k === x.origKey)
      .map(([k, x]) => {
        const [sport, dport] = k.split(':')[1].split('>').map(Number);
        return describeEntry(sport, dport, TCP_STATE_NAMES[x.ct.tcpState], Math.round((x.ct.timeout - now) / 1000), x.ct.status);
      })
      .sort();
    const kernel = kernelLines(p.expect.table);
    if (state !== p.expect.state || !sameEntries(mine, kernel)) {
      diffs.push({ i, mine: `${state} | ${mine.join(' ; ')}`, kernel: `${p.expect.state} | ${kernel.join(' ; ')}` });
    }
  });
  return diffs;
}

describe.runIf(traces.length > 0)('the TCP tracker against kernel recordings', () => {
  it.each(traces.map((t) => [t.name, t] as const))('%s', (_name, trace) => {
    expect(replay(trace)).toEqual([]);
  });
});
