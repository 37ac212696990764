/**
 * The rules half of the kernel recordings (traces/*.json, recorded on Linux 6.18 with
 * iptables 1.8.9, see scripts/kernel-oracle/README.md): for every packet of every trace that
 * has rules, the raw table must decide NOTRACK exactly when the kernel said UNTRACKED, and the
 * filter FORWARD chain, given the conntrack state the kernel reported, must reach the kernel's
 * verdict and report the same first matching rule. The connection's status bits and the
 * packet's direction are read from the `conntrack -L` lines recorded after the packet.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Conn } from '../conn';
import { CT_STATE_NAMES, DIR_ORIGINAL, DIR_REPLY, NF_ACCEPT } from '../ctinfo';
import type { CtState, Dir } from '../ctinfo';
import { parseIpv4 } from '../ipv4';
import type { Packet } from '../packet';
import { IPPROTO_ICMP, IPPROTO_TCP, IPPROTO_UDP, makePacket, parseTcpFlags } from '../packet';
import { IPS_ASSURED, IPS_CONFIRMED, IPS_SEEN_REPLY } from '../status';
import { makeIptVerdict, runHook } from './evalChain';
import { parseSave } from './parseSave';

const dir = join(__dirname, '../../../traces');
const A = parseIpv4('10.99.1.1')!;
const B = parseIpv4('10.99.3.1')!;

interface TracePacket {
  from: 'A' | 'B';
  src?: string;
  dst?: string;
  proto: string;
  sport?: number;
  dport?: number;
  flags?: string;
  seq?: number;
  ack?: number;
  len?: number;
  type?: number;
  code?: number;
  id?: number;
  icmpseq?: number;
  ttl?: number;
  inner?: TracePacket & { from?: 'A' | 'B' };
  expect: { state: string; verdict: string; rule: number | null; table: string[] };
}

const PROTOS: Record<string, number> = { tcp: IPPROTO_TCP, udp: IPPROTO_UDP, icmp: IPPROTO_ICMP };

function build(p: TracePacket, src: number, dst: number): Packet {
  if (p.src) src = parseIpv4(p.src)!;
  if (p.dst) dst = parseIpv4(p.dst)!;
  return makePacket({
    src, dst, proto: PROTOS[p.proto] ?? 47, sport: p.sport ?? 0, dport: p.dport ?? 0,
    flags: p.flags ? parseTcpFlags(p.flags)! : 0, seq: p.seq ?? 0, ack: p.ack ?? 0, payloadLen: p.len ?? 0,
    icmpType: p.type ?? 0, icmpCode: p.code ?? 0, icmpId: p.id ?? 0, icmpSeq: p.icmpseq ?? 0,
    inner: p.inner ? build(p.inner, dst, src) : null,
    iif: p.from === 'A' ? 'eth0' : 'eth1', oif: p.from === 'A' ? 'eth1' : 'eth0',
  });
}

/** The tuple part of a conntrack -L line (what stays the same while the entry lives). */
const tupleOf = (line: string) => [...line.matchAll(/(src|dst|sport|dport|type|code|id)=(\S+)/g)].map((m) => m[0]).join(' ');

/**
 * Status and direction from the conntrack -L line of the packet's connection. An entry that was
 * not in the table before the packet is the packet's own new one: FORWARD sees it unconfirmed.
 */
function connOf(pkt: Packet, lines: string[], before: string[]): { ct: Conn; dir: Dir } {
  const key = pkt.inner ?? pkt;
  const flip = pkt.inner !== null;
  const ct = new Conn();
  for (const line of lines) {
    const kv = [...line.matchAll(/(\w+)=(\S+)/g)].map((m) => [m[1], m[2]]);
    const get = (k: string, nth: number) => kv.filter(([n]) => n === k)[nth]?.[1];
    const oSrc = parseIpv4(get('src', 0) ?? '');
    const oSport = Number(get('sport', 0) ?? get('id', 0));
    const rSrc = parseIpv4(get('src', 1) ?? '');
    const rSport = Number(get('sport', 1) ?? get('id', 1));
    const port = key.proto === IPPROTO_ICMP ? key.icmpId : key.sport;
    const proto = Number(line.split(/\s+/)[1]);
    if (proto !== key.proto) continue;
    const oDst = parseIpv4(get('dst', 0) ?? '');
    const rDst = parseIpv4(get('dst', 1) ?? '');
    const dport = key.proto === IPPROTO_ICMP ? null : key.dport;
    const same = (s: number | null, sp: number, dd: number | null, dp: string | undefined) =>
      key.src === s && port === sp && key.dst === dd && (dport === null || dport === Number(dp ?? 0));
    let d: Dir | null = null;
    if (same(oSrc, oSport, oDst, get('dport', 0))) d = DIR_ORIGINAL;
    else if (same(rSrc, rSport, rDst, get('dport', 1))) d = DIR_REPLY;
    if (d === null) continue;
    const known = before.some((b) => tupleOf(b) === tupleOf(line));
    // the tuples, for --ctproto/--ctorigsrc/.../--ctrepldstport (ICMP: the id, type<<8|code)
    const icmpType = (nth: number) => (Number(get('type', nth)) << 8) | Number(get('code', nth));
    ct.proto = proto;
    ct.oSrc = oSrc!;
    ct.oDst = parseIpv4(get('dst', 0) ?? '')!;
    ct.rSrc = rSrc!;
    ct.rDst = parseIpv4(get('dst', 1) ?? '')!;
    ct.oSport = oSport || 0;
    ct.rSport = rSport || 0;
    ct.oDport = proto === IPPROTO_ICMP ? icmpType(0) : Number(get('dport', 0) ?? 0);
    ct.rDport = proto === IPPROTO_ICMP ? icmpType(1) : Number(get('dport', 1) ?? 0);
    ct.status = (known ? IPS_CONFIRMED : 0) | (line.includes('[UNREPLIED]') ? 0 : IPS_SEEN_REPLY) | (line.includes('[ASSURED]') ? IPS_ASSURED : 0);
    return { ct, dir: (flip ? 1 - d : d) as Dir };
  }
  // no line: the packet's own new entry, which the rules dropped (the tuples from the packet)
  const icmpType = (t: number, c: number) => (t << 8) | c;
  const replyType: Record<number, number> = { 8: 0, 13: 14, 15: 16, 17: 18 };
  ct.proto = key.proto;
  [ct.oSrc, ct.oDst, ct.rSrc, ct.rDst] = [key.src, key.dst, key.dst, key.src];
  if (key.proto === IPPROTO_ICMP) {
    [ct.oSport, ct.rSport] = [key.icmpId, key.icmpId];
    ct.oDport = icmpType(key.icmpType, key.icmpCode);
    ct.rDport = icmpType(replyType[key.icmpType] ?? 0, key.icmpCode);
  } else if (key.proto === IPPROTO_TCP || key.proto === IPPROTO_UDP) {
    [ct.oSport, ct.oDport, ct.rSport, ct.rDport] = [key.sport, key.dport, key.dport, key.sport];
  }
  return { ct, dir: DIR_ORIGINAL };
}

const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
const traces = files
  .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as { name: string; rules?: string; packets: TracePacket[] })
  .filter((t) => t.rules);

// --ctexpire needs the entry's lifetime as it was before the packet: only the full replay has it.
describe.each(traces.filter((t) => !t.rules!.includes('--ctexpire')))('kernel recording $name', (t) => {
  const parsed = parseSave(t.rules!);
  it('loads its rules', () => expect(parsed).toMatchObject({ ok: true }));
  if (!parsed.ok) return;
  const rs = parsed.value;
  const raw = makeIptVerdict();
  const filter = makeIptVerdict();
  it.each(t.packets.map((p, i) => [i + 1, p] as const))('packet %i', (_n, p) => {
    const pkt = build(p, p.from === 'A' ? A : B, p.from === 'A' ? B : A);
    runHook(rs, 'raw', 'PREROUTING', pkt, { ctstate: 3, ct: null, dir: 0, now: 0 }, raw);
    expect(raw.notrack).toBe(p.expect.state === 'UNTRACKED');
    const ctstate = CT_STATE_NAMES.indexOf(p.expect.state as never) as CtState;
    const i = t.packets.indexOf(p);
    const { ct, dir: d } = connOf(pkt, p.expect.table, i > 0 ? t.packets[i - 1].expect.table : []);
    const hasCt = ctstate <= 2;
    // A packet whose TTL runs out never reaches FORWARD (ip_forward drops it first): the
    // full replay (src/replay) covers it, the rules alone have nothing to say.
    if ((p.ttl ?? 64) <= 1) {
      expect({ verdict: p.expect.verdict, rule: p.expect.rule }).toEqual({ verdict: 'DROP', rule: null });
      return;
    }
    runHook(rs, 'filter', 'FORWARD', pkt, { ctstate, ct: hasCt ? ct : null, dir: d, now: 0 }, filter);
    expect({ verdict: filter.verdict === NF_ACCEPT ? 'ACCEPT' : 'DROP', rule: filter.rule || null }).toEqual({
      verdict: p.expect.verdict,
      rule: p.expect.rule,
    });
  });
});
