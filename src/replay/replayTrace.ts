/**
 * Replays a kernel trace through one engine node playing the recording's firewall: packets from
 * A enter on eth0 and leave by eth1, packets from B the other way; the rules are the trace's
 * iptables-save text; the sysctls are the recording's (loose=1, be_liberal=0) plus the trace's.
 * Output per packet, as the trace's `expect`: state, verdict, rule, table, expectations.
 */
import { NetfilterNode } from '../engine/netfilterNode';
import { parseIpv4 } from '../engine/ipv4';
import { tracePacketToPacket, traceWaitMs, type KernelTrace, type TraceExpect } from './kernelTrace';

export type ReplayResult = { ok: true; packets: TraceExpect[] } | { ok: false; error: string };

export function replayTrace(json: unknown): ReplayResult {
  try {
    if (typeof json !== 'object' || json === null || !Array.isArray((json as KernelTrace).packets)) {
      return { ok: false, error: 'a trace is an object with a "packets" array' };
    }
    const trace = json as KernelTrace;
    const node = new NetfilterNode({
      name: 'firewall',
      ifaces: [
        { name: 'eth0', addr: parseIpv4('10.99.1.254')! },
        { name: 'eth1', addr: parseIpv4('10.99.3.254')! },
      ],
    });
    for (const [name, value] of Object.entries(trace.sysctl ?? {})) {
      const r = node.setSysctl(name, value);
      if (!r.ok) return { ok: false, error: `sysctl ${name}: ${r.error}` };
    }
    if (trace.rules !== undefined) {
      if (typeof trace.rules !== 'string') return { ok: false, error: 'rules: expected iptables-save text' };
      const r = node.setRules(trace.rules);
      if (!r.ok) {
        const e = r.errors[0];
        return { ok: false, error: `rules line ${e.line}, column ${e.column}: ${e.message}` };
      }
    }
    let now = 0;
    const out: TraceExpect[] = [];
    trace.packets.forEach((p, i) => {
      now += traceWaitMs(p, i);
      const pkt = tracePacketToPacket(p, i);
      node.gc(now);
      const v = node.forward(pkt, now, false);
      out.push({
        state: v.state,
        // The recordings see the verdict in mangle POSTROUTING, which runs before the
        // conntrack helper at confirmation: a packet only the helper drops counts as ACCEPT.
        verdict: v.droppedBy === 'helper' ? 'ACCEPT' : v.verdict,
        rule: v.rule,
        // Sorted, as the recorder writes them: the kernel lists entries in hash order, and a
        // comparison that pairs lines which differ only by an ICMP id must see them in one order.
        table: node.conntrackList(now).sort(),
        expectations: node.expectList(now).sort(),
      });
    });
    return { ok: true, packets: out };
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
}
