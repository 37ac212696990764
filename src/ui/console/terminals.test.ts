import { describe, expect, it } from 'vitest';
import type { NodeView } from '../../sim/api';
import { nextTerminal, visibleTerminals } from './terminals';

const node = (id: string, kind: 'host' | 'firewall', terminals: NodeView['terminals'] = []): NodeView => ({
  id,
  name: id,
  kind,
  addrs: [],
  services: [],
  hasRules: false,
  conntrack: [],
  expectations: [],
  rulesListing: '',
  rulesText: '',
  rulesRev: 0,
  sockets: [],
  terminals,
});

describe('terminals', () => {
  const nodes = [node('labos-1', 'host'), node('fw', 'firewall'), node('labos-2', 'host', [{ tty: 3, busy: null }])];
  it("shows the hosts' first terminals, the sim's others, the opened ones, not the closed ones", () => {
    expect(visibleTerminals(nodes, [], []).map((t) => t.key)).toEqual(['labos-1', 'labos-2', 'labos-2#3']);
    expect(visibleTerminals(nodes, ['fw', 'labos-1#2'], ['labos-2#3']).map((t) => t.key)).toEqual(['labos-1', 'labos-1#2', 'fw', 'labos-2']);
  });
  it('opens the firewall first terminal, then numbers never used, up to the limit', () => {
    expect(nextTerminal(nodes[1], [], [])).toBe(1);
    expect(nextTerminal(nodes[1], ['fw'], [])).toBe(2);
    expect(nextTerminal(nodes[0], [], [])).toBe(2);
    expect(nextTerminal(nodes[2], [], [])).toBe(4);
    expect(nextTerminal(nodes[0], ['labos-1#2'], ['labos-1#3'])).toBe(4);
    expect(nextTerminal(nodes[0], ['labos-1#4'], [])).toBeNull();
  });
});
