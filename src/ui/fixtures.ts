/**
 * Hand-written data in the simulation's shapes, for unit tests and for `?fixture` (a static
 * demo of the layout, not a simulation). Not engine logic: nothing here is computed.
 */
import type { NodeView, NodeVerdict, PacketEvent, SimBatch } from '../sim/api';

const verdict = (v: Partial<NodeVerdict> & Pick<NodeVerdict, 'node' | 'state' | 'verdict'>): NodeVerdict => ({
  path: 'PREROUTING>FORWARD>POSTROUTING',
  decidingRule: null,
  steps: [],
  reasons: [],
  ctBefore: null,
  ctAfter: null,
  connId: null,
  tcpTransition: null,
  logs: [],
  ...v,
});

export function fixturePacket(p: Partial<PacketEvent> & Pick<PacketEvent, 'id' | 'from' | 'to'>): PacketEvent {
  return {
    tSend: p.id * 10,
    tArrive: p.id * 10 + 10,
    label: 'SYN',
    summary: '192.168.1.1:45000 → 192.168.3.1:80 [SYN] seq=0 win=64240',
    proto: 'tcp',
    src: '192.168.1.1',
    dst: '192.168.3.1',
    headers: [
      { name: 'Internet Protocol Version 4', value: '192.168.1.1 → 192.168.3.1', children: [{ name: 'TTL', value: '64' }] },
      { name: 'Transmission Control Protocol', value: '45000 → 80', children: [{ name: 'Flags', value: 'SYN' }] },
    ],
    verdicts: [],
    fate: { kind: 'delivered' },
    isRejectReply: false,
    ...p,
  };
}

const SYN_CT = 'tcp      6 120 SYN_SENT src=192.168.1.1 dst=192.168.3.1 sport=45000 dport=80 [UNREPLIED] src=192.168.3.1 dst=192.168.1.1 sport=80 dport=45000 mark=0 use=1';
const EST_CT = 'tcp      6 432000 ESTABLISHED src=192.168.1.1 dst=192.168.3.1 sport=45000 dport=80 src=192.168.3.1 dst=192.168.1.1 sport=80 dport=45000 [ASSURED] mark=0 use=1';

export const fixturePackets: PacketEvent[] = [
  fixturePacket({
    id: 1,
    from: 'labos-1',
    to: 'fw',
    tSend: 0,
    tArrive: 400,
    verdicts: [
      verdict({ node: 'labos-1', path: 'OUTPUT>POSTROUTING', state: 'NEW', verdict: 'ACCEPT', connId: 1, ctAfter: SYN_CT, tcpTransition: { from: 'NONE', to: 'SYN_SENT' } }),
      verdict({
        node: 'fw',
        state: 'NEW',
        verdict: 'ACCEPT',
        connId: 11,
        ctAfter: SYN_CT,
        tcpTransition: { from: 'NONE', to: 'SYN_SENT' },
        reasons: [{ code: 'tcp.new-syn', params: { end: 1, win: 64240, wscale: 7 }, text: 'A SYN creates the entry in SYN_SENT' }],
      }),
    ],
  }),
  fixturePacket({
    id: 2,
    from: 'labos-2',
    to: 'fw',
    label: 'SYN',
    tSend: 900,
    tArrive: 1300,
    src: '192.168.3.1',
    dst: '192.168.1.1',
    summary: '192.168.3.1:51000 → 192.168.1.1:80 [SYN] seq=0 win=64240',
    verdicts: [verdict({ node: 'fw', state: 'NEW', verdict: 'ACCEPT', connId: 12, tcpTransition: { from: 'NONE', to: 'SYN_SENT' } })],
  }),
  fixturePacket({
    id: 3,
    from: 'fw',
    to: 'labos-1',
    label: 'SYN',
    tSend: 1300,
    tArrive: 1700,
    src: '192.168.3.1',
    dst: '192.168.1.1',
    summary: '192.168.3.1:51000 → 192.168.1.1:80 [SYN] seq=0 win=64240',
    fate: { kind: 'dropped', at: 'labos-1' },
    verdicts: [
      verdict({
        node: 'labos-1',
        path: 'PREROUTING>INPUT',
        state: 'NEW',
        verdict: 'DROP',
        connId: 2,
        steps: [
          { table: 'filter', chain: 'INPUT', index: 1, text: '-A INPUT -m state --state ESTABLISHED,RELATED -j ACCEPT', matched: false, decisive: false },
          { table: 'filter', chain: 'INPUT', index: 0, text: '-P INPUT DROP', matched: true, decisive: true },
        ],
      }),
    ],
  }),
];

const node = (n: Partial<NodeView> & Pick<NodeView, 'id' | 'name' | 'kind'>): NodeView => ({
  addrs: [],
  services: [],
  hasRules: false,
  conntrack: [],
  expectations: [],
  rulesListing: '',
  rulesText: '',
  rulesRev: 0,
  sockets: [],
  ...n,
});

export const fixtureNodes: NodeView[] = [
  node({
    id: 'labos-1',
    name: 'labos-1',
    kind: 'host',
    addrs: ['192.168.1.1/24'],
    hasRules: true,
    conntrack: [{ id: 1, line: EST_CT, proto: 'tcp', tcpState: 'ESTABLISHED', expires: 432_000_000, assured: true, unreplied: false }],
    rulesListing: 'Chain INPUT (policy DROP 1 packets, 60 bytes)\n pkts bytes target     prot opt in     out     source               destination\n    3   180 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            state RELATED,ESTABLISHED',
  }),
  node({
    id: 'fw',
    name: 'fw',
    kind: 'firewall',
    addrs: ['192.168.1.254/24', '192.168.3.254/24'],
    conntrack: [
      { id: 11, line: SYN_CT, proto: 'tcp', tcpState: 'SYN_SENT', expires: 120_000, assured: false, unreplied: true },
      { id: 12, line: EST_CT, proto: 'tcp', tcpState: 'ESTABLISHED', expires: 432_000_000, assured: true, unreplied: false },
    ],
  }),
  node({ id: 'labos-2', name: 'labos-2', kind: 'host', addrs: ['192.168.3.1/24'], services: [{ proto: 'tcp', port: 80, name: 'http' }] }),
];

export const fixtureBatch: SimBatch = {
  snapshot: { now: 2000, cursor: 2, playing: false, nextTimeout: 120_000, nodes: fixtureNodes },
  packets: fixturePackets,
  console: [
    { node: 'labos-1', t: 0, kind: 'input', text: 'nc -v 192.168.3.1 80' },
    { node: 'labos-1', t: 1200, kind: 'output', text: 'Ncat: Connected to 192.168.3.1:80.' },
  ],
  reset: true,
  rulesErrors: [],
  rulesChecked: 0,
};
