/**
 * What the simulation needs from a node's netfilter (the engine's NetfilterNode): the seam
 * between src/sim and src/engine. `nullNetfilter` accepts everything and tracks nothing, so hosts
 * can be tested against each other without firewall logic.
 */
import type { CtStateName, InputError, NodeSpec, ReasonView, RuleStep } from './api';
import type { Packet } from '../engine/packet';

export interface NfVerdict {
  verdict: 'ACCEPT' | 'DROP';
  state: CtStateName;
  rule: number | null;
  steps: RuleStep[];
  decidingRule: string | null;
  reasons: ReasonView[];
  ctBefore: string | null;
  ctAfter: string | null;
  connId: number | null;
  tcpTransition: { from: string; to: string } | null;
  logs: string[];
  /** Packets a REJECT target generated (the reply travels back from this node). */
  emitted: Packet[];
}

export interface CtEntryView {
  id: number;
  line: string;
  proto: string;
  tcpState: string | null;
  expires: number;
  assured: boolean;
  unreplied: boolean;
}

export interface Netfilter {
  setRules(text: string): { ok: true } | { ok: false; errors: InputError[] };
  /** One `iptables ...` command line (argv without the leading `iptables`, or with it). */
  iptables(argv: string): { output: string; exitCode: number };
  iptablesSave(): string;
  /** The rules in the lab's rules text format (iptables command lines), as the engine holds them now. */
  rulesText(): string;
  /** Bumped on every change of the rules (an editor's text, a console's iptables); not by counters. */
  rulesRev(): number;
  setSysctl(name: string, value: number): { ok: true } | { ok: false; error: string };
  output(pkt: Packet, now: number, trace: boolean): NfVerdict;
  input(pkt: Packet, now: number, trace: boolean): NfVerdict;
  forward(pkt: Packet, now: number, trace: boolean): NfVerdict;
  conntrackList(now: number): string[];
  conntrackView(now: number): CtEntryView[];
  expectList(now: number): string[];
  /** Expires what is due at `now`; returns the `conntrack -E` lines of what went. */
  gc(now: number): string[];
  /** `conntrack -E` lines produced since the last call (packets and gc). */
  takeEvents(): string[];
  nextTimeout(): number | null;
  flush(): void;
  /** conntrack -F expect. */
  flushExpect(): void;
  /** conntrack -D: removes the entries whose `conntrack -L` line matches; returns their lines. */
  deleteConntrack(match: (line: string) => boolean, now: number): string[];
  /** True when any chain holds a rule or a non-ACCEPT policy. */
  hasRules(): boolean;
}

export type NetfilterFactory = (spec: NodeSpec) => Netfilter;

function accept(): NfVerdict {
  return {
    verdict: 'ACCEPT',
    state: 'UNTRACKED',
    rule: null,
    steps: [],
    decidingRule: null,
    reasons: [],
    ctBefore: null,
    ctAfter: null,
    connId: null,
    tcpTransition: null,
    logs: [],
    emitted: [],
  };
}

/** No rules, no tracking: every packet passes UNTRACKED. */
export function nullNetfilter(): Netfilter {
  let rules = '';
  let rev = 0;
  return {
    setRules: (text) => {
      rules = text;
      rev++;
      return { ok: true };
    },
    iptables: () => ({ output: '', exitCode: 0 }),
    iptablesSave: () => rules,
    rulesText: () => rules,
    rulesRev: () => rev,
    setSysctl: () => ({ ok: true }),
    output: accept,
    input: accept,
    forward: accept,
    conntrackList: () => [],
    conntrackView: () => [],
    expectList: () => [],
    gc: () => [],
    takeEvents: () => [],
    nextTimeout: () => null,
    flush: () => {},
    flushExpect: () => {},
    deleteConntrack: () => [],
    hasRules: () => rules.trim() !== '',
  };
}
