/* eslint-disable @typescript-eslint/no-explicit-any -- the tests break raw JSON on purpose */
import { describe, expect, it } from 'vitest';
import { defaultScenario } from './defaultScenario';
import { parseScenario } from './parseScenario';

const base = (): Record<string, unknown> => JSON.parse(JSON.stringify(defaultScenario()));

function broken(edit: (s: any) => void): unknown {
  const s = base();
  edit(s);
  return s;
}

describe('parseScenario', () => {
  it('accepts the seed scenario and round-trips it', () => {
    const r = parseScenario(base());
    expect(r).toEqual({ ok: true, value: defaultScenario() });
  });

  it.each([
    [(s: any) => (s.nodes[1].ifaces[0].addr = '300.1.1.1'), 'nodes[1].ifaces[0].addr: "300.1.1.1" is not an IPv4 address'],
    [(s: any) => (s.version = 2), 'version: 2 is not a supported version (1)'],
    [(s: any) => s.nodes.pop(), 'nodes: expected 3 nodes (host, firewall, host), got 2'],
    [(s: any) => (s.nodes[0].kind = 'firewall'), 'nodes[0].kind: "firewall" should be "host" at this position'],
    [(s: any) => (s.nodes[2].services[1].port = 70000), 'nodes[2].services[1].port: 70000 is out of range 1..65535'],
    [(s: any) => (s.nodes[2].services[0].proto = 'sctp'), 'nodes[2].services[0].proto: "sctp" is not "tcp" or "udp"'],
    [(s: any) => (s.linkDelayMs = 'fast'), 'linkDelayMs: expected a whole number, got "fast"'],
    [(s: any) => (s.nodes[2].id = 'labos-1'), 'nodes[2].id: "labos-1" is used twice'],
    [(s: any) => (s.nodes[2].ifaces[0].addr = '10.0.0.1'), 'nodes[2].ifaces[0].addr: "10.0.0.1" is not in the subnet 192.168.3.254/24 of the firewall\'s eth1'],
    [(s: any) => (s.nodes[1].ifaces = [s.nodes[1].ifaces[0]]), 'nodes[1].ifaces: a firewall needs exactly 2 interfaces'],
    [(s: any) => (s.nodes[0].sysctl = { 'kernel.panic': 1 }), 'nodes[0].sysctl: "kernel.panic" is not a net.netfilter.nf_conntrack_* setting'],
    [(s: any) => (s.commands = [{ at: 0, node: 'nope', command: 'ls' }]), 'commands[0].node: "nope" is not one of labos-1, fw, labos-2'],
    [(s: any) => (s.nodes[0].rules = 42), 'nodes[0].rules: expected a string, got 42'],
  ])('names the place of the error: %#', (edit, message) => {
    expect(parseScenario(broken(edit))).toEqual({ ok: false, error: message });
  });

  it('never throws, whatever it is given', () => {
    for (const v of [null, undefined, 42, 'x', [], { nodes: {} }, { version: 1, nodes: [1, 2, 3] }]) {
      const r = parseScenario(v);
      expect(r.ok).toBe(false);
    }
    expect(parseScenario(null)).toEqual({ ok: false, error: 'scenario: expected an object, got null' });
  });
});
