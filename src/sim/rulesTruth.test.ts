import { describe, expect, it } from 'vitest';
import { engineNetfilter } from './engineNetfilter';
import { SimSession } from './session';

const node = (s: SimSession, id: string) => s.batch().snapshot.nodes.find((n) => n.id === id)!;

describe('one truth for the rules: the editor and the consoles', () => {
  it("a rule added in a console is in the node's rules text at once, with a new revision", () => {
    const s = new SimSession(engineNetfilter);
    const before = node(s, 'labos-1');
    expect(before.rulesText).toBe(
      'iptables -A INPUT -m state --state RELATED,ESTABLISHED -j ACCEPT\niptables -A INPUT -j DROP\niptables -A OUTPUT -j ACCEPT\n',
    );
    s.handle({ type: 'command', node: 'labos-1', text: 'iptables -A INPUT -p tcp --dport 22 -j ACCEPT' });
    const after = node(s, 'labos-1');
    expect(after.rulesText).toContain('iptables -A INPUT -p tcp -m tcp --dport 22 -j ACCEPT\n');
    expect(after.rulesRev).toBeGreaterThan(before.rulesRev);
  });

  it('an editor text written against older rules is refused, so it never drops the console rule', () => {
    const s = new SimSession(engineNetfilter);
    const base = node(s, 'fw').rulesRev;
    s.handle({ type: 'command', node: 'fw', text: 'iptables -A FORWARD -p udp -j DROP' });
    s.handle({ type: 'setRules', node: 'fw', text: 'iptables -A FORWARD -p icmp -j DROP', check: 1, base });
    const b = s.batch();
    expect(b.rulesStale).toBe(true);
    expect(b.snapshot.nodes[1].rulesText).toBe('iptables -A FORWARD -p udp -j DROP\n');
    // written against the current revision (or "keep mine", without a base), it is applied
    s.handle({ type: 'setRules', node: 'fw', text: 'iptables -A FORWARD -p icmp -j DROP', check: 2, base: b.snapshot.nodes[1].rulesRev });
    const c = s.batch();
    expect(c.rulesStale).toBeUndefined();
    expect(c.snapshot.nodes[1].rulesText).toBe('iptables -A FORWARD -p icmp -j DROP\n');
    expect(c.rulesRev).toBe(c.snapshot.nodes[1].rulesRev);
  });

  it('while playing, the batch after a rules change carries the new text (not a partial one)', () => {
    const s = new SimSession(engineNetfilter);
    s.handle({ type: 'command', node: 'labos-1', text: 'sleep 1; iptables -A INPUT -p tcp --dport 22 -j ACCEPT' });
    const rev0 = s.batch().snapshot.nodes[0].rulesRev;
    let first = null;
    for (let i = 0; i < 60 && !first; i++) {
      s.tick(30);
      const b = s.batch();
      if (b.snapshot.nodes[0].rulesRev !== rev0) first = b;
    }
    expect(first?.partial).toBeUndefined();
    expect(first?.snapshot.nodes[0].rulesText).toContain('--dport 22');
  });
});
