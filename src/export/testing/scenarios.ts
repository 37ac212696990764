/**
 * The sessions whose exports were checked with the real tools (scripts/export-check): the seed
 * example and three others, each typed into a headless simulator as a person would, then
 * shared. `traces/exports/<name>.json` holds what the real tools said of their exports.
 */
import type { SharedSession } from '../../sim/api';
import { defaultScenario } from '../../sim/defaultScenario';
import { engineSim } from '../../sim/testing/harness';
import type { Simulator } from '../../sim/simulator';

type Act = { node: string; line: string; wait: number } | { node: string; rules: string; wait: number };

export interface CheckScenario {
  name: string;
  title: string;
  build: () => SharedSession;
}

function play(sim: Simulator, acts: Act[]): SharedSession {
  for (const a of acts) {
    if ('line' in a) sim.command(a.node, a.line);
    else sim.setRules(a.node, a.rules);
    sim.runUntil(sim.now + a.wait);
  }
  return sim.share();
}

const FW_FTP_RULES = [
  'iptables -t raw -A PREROUTING -p tcp --dport 21 -j CT --helper ftp',
  'iptables -P FORWARD DROP',
  'iptables -A FORWARD -m state --state ESTABLISHED,RELATED -j ACCEPT',
  'iptables -A FORWARD -p tcp --dport 21 -m state --state NEW -j ACCEPT',
].join('\n');

export const CHECK_SCENARIOS: CheckScenario[] = [
  {
    name: 'seed',
    title: 'The seed example: labos-1 reaches labos-2, labos-2 times out against labos-1',
    build: () =>
      play(engineSim(), [
        { node: 'labos-1', line: 'nc -v 192.168.3.1 80', wait: 2000 },
        { node: 'labos-1', line: '^C', wait: 1000 },
        { node: 'labos-2', line: 'nc -v 192.168.1.1 80', wait: 12000 },
      ]),
  },
  {
    name: 'ftp-active',
    title: 'FTP active mode through a firewall with the ftp helper and stateful FORWARD rules',
    build: () => {
      const s = defaultScenario();
      s.nodes[0].rules = '';
      return play(engineSim(s), [
        { node: 'fw', rules: FW_FTP_RULES, wait: 500 },
        { node: 'labos-1', line: 'curl -P - ftp://192.168.3.1/readme.txt', wait: 3000 },
        { node: 'fw', line: 'conntrack -L expect', wait: 500 },
      ]);
    },
  },
  {
    name: 'udp-dns',
    title: 'A DNS query, then UDP to a closed port (ICMP port unreachable), UDP timeout 10 s on fw',
    build: () => {
      const s = defaultScenario();
      s.nodes[1].sysctl = { 'net.netfilter.nf_conntrack_udp_timeout': 10 };
      return play(engineSim(s), [
        { node: 'labos-1', line: 'dig @192.168.3.1 labos-2', wait: 2000 },
        { node: 'labos-1', line: 'echo hello | nc -u -v 192.168.3.1 9999', wait: 3000 },
      ]);
    },
  },
  {
    name: 'icmp',
    title: 'Pings through the firewall, and one to a network it has no route to (ICMP net unreachable)',
    build: () =>
      play(engineSim(), [
        { node: 'labos-1', line: 'ping -c 3 192.168.3.1', wait: 4000 },
        { node: 'labos-1', line: 'ping -c 1 -W 1 10.9.9.9', wait: 2000 },
      ]),
  },
];
