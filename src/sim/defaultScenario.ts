/**
 * The seed example: labos-1 only accepts replies (ESTABLISHED,RELATED) on INPUT, the firewall
 * forwards everything, labos-2 has no rules. From labos-1 `nc -v 192.168.3.1 80` connects; from
 * labos-2 `nc -v 192.168.1.1 80` times out, because labos-1 drops the NEW SYNs.
 */
import type { NodeSpec, Scenario } from './api';

export const SEED_RULES_LABOS1 = [
  'iptables -A OUTPUT -j ACCEPT',
  'iptables -A INPUT -m state --state established,related -j ACCEPT',
  'iptables -A INPUT -j DROP',
].join('\n');

function host(id: string, addr: string, services: NodeSpec['services'], rules: string): NodeSpec {
  return { id, name: id, kind: 'host', ifaces: [{ name: 'eth0', addr, prefix: 24 }], services, rules, sysctl: {} };
}

export function defaultScenario(): Scenario {
  return {
    version: 1,
    title: 'Seed example: replies only',
    nodes: [
      host('labos-1', '192.168.1.1', [{ proto: 'tcp', port: 80, name: 'http' }], SEED_RULES_LABOS1),
      {
        id: 'fw',
        name: 'fw',
        kind: 'firewall',
        ifaces: [
          { name: 'eth0', addr: '192.168.1.254', prefix: 24 },
          { name: 'eth1', addr: '192.168.3.254', prefix: 24 },
        ],
        services: [],
        rules: '',
        sysctl: {},
      },
      host(
        'labos-2',
        '192.168.3.1',
        [
          { proto: 'tcp', port: 80, name: 'http' },
          { proto: 'tcp', port: 22, name: 'ssh' },
          { proto: 'tcp', port: 21, name: 'ftp' },
          { proto: 'udp', port: 53, name: 'dns' },
        ],
        '',
      ),
    ],
    linkDelayMs: 20,
    commands: [],
  };
}
