import { describe, expect, it } from 'vitest';
import { findChain } from './model';
import { parseCommands } from './parseCommand';
import { applyCommands } from './rulesetDraft';
import { rulesetFrom } from './testUtil';

function commands(text: string) {
  const p = parseCommands(text);
  if (!p.ok) throw new Error(p.error.message);
  return p.value;
}

describe('applyCommands (a rules text as one transaction)', () => {
  it('leaves the ruleset it started from as it was', () => {
    const base = rulesetFrom(['-A FORWARD -p tcp -j ACCEPT', '-N X', '-A X -j DROP']);
    const before = JSON.stringify(base);
    const r = applyCommands(base, commands('iptables -A FORWARD -j X\niptables -I FORWARD -p udp -j DROP\niptables -A X -j RETURN\niptables -P FORWARD DROP'));
    expect(r.ok).toBe(true);
    expect(JSON.stringify(base)).toBe(before);
    if (!r.ok) return;
    expect(findChain(r.value.ruleset.tables.filter, 'FORWARD')!.rules.map((x) => x.text)).toEqual(['-p udp -j DROP', '-p tcp -j ACCEPT', '-j X']);
    expect(findChain(r.value.ruleset.tables.filter, 'X')!.rules.map((x) => x.text)).toEqual(['-j DROP', '-j RETURN']);
  });

  it('an error stops it with the position of the line at fault', () => {
    const r = applyCommands(rulesetFrom([]), commands('iptables -A FORWARD -j ACCEPT\niptables -A NOPE -j DROP'));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ line: 2, code: 'no-chain' });
  });

  it('an unknown jump target is refused at its line', () => {
    const r = applyCommands(rulesetFrom([]), commands('iptables -A FORWARD -j ACCEPT\niptables -A FORWARD -j NOPE'));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ line: 2, column: 24, code: 'unknown-target' });
  });
});
