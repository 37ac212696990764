/**
 * The engine's NetfilterNode behind the simulation's Netfilter seam: one per machine, with its
 * interfaces (REJECT answers from the address facing the sender), `conntrack -E` lines formatted
 * as the events happen, and the view data the snapshot needs.
 */
import type { NodeSpec } from './api';
import { formatCtEvent, formatExpectEvent, protoName } from '../engine/conntrackPrint';
import { parseIpv4 } from '../engine/ipv4';
import { rulesText } from '../engine/iptables/rulesText';
import { NetfilterNode, type PacketVerdict } from '../engine/netfilterNode';
import type { Packet } from '../engine/packet';
import type { Netfilter, NfVerdict } from './netfilter';

function view(v: PacketVerdict): NfVerdict {
  return {
    verdict: v.verdict,
    state: v.state,
    rule: v.rule,
    steps: v.steps.map((s) => ({ table: s.table, chain: s.chain, index: s.index, text: s.text, matched: s.matched, decisive: s.decisive })),
    decidingRule: v.decidingRule,
    reasons: v.reasons.map((r) => (r.params ? { code: r.code, params: r.params, text: r.text } : { code: r.code, text: r.text })),
    ctBefore: v.ctBefore,
    ctAfter: v.ctAfter,
    connId: v.connId,
    tcpTransition: v.tcpTransition,
    logs: [...v.logs],
    emitted: v.emitted,
  };
}

export function engineNetfilter(spec: NodeSpec): Netfilter {
  const node = new NetfilterNode({
    name: spec.name,
    ifaces: spec.ifaces.map((f) => ({ name: f.name, addr: parseIpv4(f.addr) ?? 0 })),
  });
  let clock = 0;
  let events: string[] = [];
  node.conntrack.listener = {
    ctEvent: (e) => void events.push(formatCtEvent(e.type, e.ct, clock)),
    expectEvent: (e) => void events.push(formatExpectEvent(e, clock)),
  };
  const take = (): string[] => {
    const e = events;
    events = [];
    return e;
  };
  const run = (path: 'output' | 'input' | 'forward', pkt: Packet, now: number, trace: boolean): NfVerdict => {
    clock = now;
    return view(node[path](pkt, now, trace));
  };
  // the rules' revision: the ruleset object is new on every structural change (counters change in place)
  let seen = node.ruleset;
  let rev = 0;
  let text: { rs: typeof seen; text: string } | null = null;
  const revNow = (): number => {
    if (node.ruleset !== seen) {
      seen = node.ruleset;
      rev++;
    }
    return rev;
  };
  return {
    setRules: (t) => node.setRules(t),
    rulesText: () => {
      if (text?.rs !== node.ruleset) text = { rs: node.ruleset, text: rulesText(node.ruleset) };
      return text.text;
    },
    rulesRev: revNow,
    iptables: (argv) => node.iptables(argv),
    iptablesSave: () => node.iptablesSave(),
    setSysctl: (name, value) => node.setSysctl(name, value),
    output: (p, now, t) => run('output', p, now, t),
    input: (p, now, t) => run('input', p, now, t),
    forward: (p, now, t) => run('forward', p, now, t),
    conntrackList: (now) => node.conntrackList(now),
    conntrackView: (now) => node.conntrackView(now).map((c) => ({ ...c, proto: protoName(c.proto) })),
    expectList: (now) => node.expectList(now),
    gc: (now) => {
      clock = now;
      node.gc(now);
      return take();
    },
    takeEvents: take,
    nextTimeout: () => node.nextTimeout(),
    flush: () => node.flush(),
    flushExpect: () => node.flushExpect(),
    deleteConntrack: (match, now) => {
      clock = now;
      return node.deleteWhere(match, now);
    },
    hasRules: () =>
      Object.values(node.ruleset.tables).some((t) => t.chains.some((c) => c.rules.length > 0 || (c.policy !== null && c.policy !== 'ACCEPT'))),
  };
}

export const defaultNetfilter = engineNetfilter;
