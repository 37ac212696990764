import { describe, expect, it } from 'vitest';
import { findChain } from './model';
import { rulesetFrom } from './testUtil';
import { covers, MAX_PAIRS, unreachableRules } from './unreachable';

function pair(earlier: string, later: string): boolean {
  const rs = rulesetFrom([`-A FORWARD ${earlier}`, `-A FORWARD ${later}`]);
  const [e, l] = findChain(rs.tables.filter, 'FORWARD')!.rules;
  return covers(e, l);
}

describe('covers (every packet of the later rule matches the earlier one)', () => {
  it.each([
    ['-j DROP', '-p tcp --dport 22 -j ACCEPT', true],
    ['-s 10.0.0.0/8 -j DROP', '-s 10.1.2.0/24 -j ACCEPT', true],
    ['-s 10.1.2.0/24 -j DROP', '-s 10.0.0.0/8 -j ACCEPT', false],
    ['-s 10.0.0.0/8 -j DROP', '-s 11.1.2.0/24 -j ACCEPT', false],
    ['! -s 10.0.0.0/8 -j DROP', '! -s 10.0.0.0/8 -p tcp -j ACCEPT', true],
    ['! -s 10.0.0.0/8 -j DROP', '-s 11.0.0.0/8 -j ACCEPT', false],
    ['-i eth+ -j DROP', '-i eth0 -j ACCEPT', true],
    ['-i eth0 -j DROP', '-i eth1 -j ACCEPT', false],
    ['-p tcp -j DROP', '-p tcp --dport 22 -j ACCEPT', true],
    ['-p tcp -j DROP', '-p udp --dport 53 -j ACCEPT', false],
    ['-p tcp --dport 1:1024 -j DROP', '-p tcp --dport 22 -j ACCEPT', true],
    ['-p tcp --dport 22 -j DROP', '-p tcp --dport 1:1024 -j ACCEPT', false],
    ['-p tcp --dport 22 -j DROP', '-p tcp -j ACCEPT', false],
    ['-p tcp ! --dport 22 -j DROP', '-p tcp --dport 80 -j ACCEPT', false],
    ['-p tcp --syn -j DROP', '-p tcp --dport 22 -j ACCEPT', false],
    ['-m state --state NEW,ESTABLISHED -j ACCEPT', '-m state --state NEW -j DROP', true],
    ['-m state --state NEW -j ACCEPT', '-m state --state NEW,ESTABLISHED -j DROP', false],
    ['-m state ! --state NEW -j ACCEPT', '-m state --state ESTABLISHED -j DROP', false],
    ['-m conntrack --ctstate NEW -j ACCEPT', '-m conntrack --ctstate NEW -p tcp -j DROP', true],
    ['-m comment --comment "all of it" -j DROP', '-p icmp -j ACCEPT', true],
  ])('%s before %s: %s', (e, l, want) => {
    expect(pair(e, l)).toBe(want);
  });
});

describe('unreachableRules', () => {
  it('everything after an unconditional DROP, named by that rule', () => {
    const rs = rulesetFrom(['-A INPUT -m state --state ESTABLISHED -j ACCEPT', '-A INPUT -j DROP', '-A INPUT -p tcp --dport 22 -j ACCEPT', '-A INPUT -j LOG']);
    expect(unreachableRules(rs)).toEqual([
      { table: 'filter', chain: 'INPUT', index: 2, by: 1 },
      { table: 'filter', chain: 'INPUT', index: 3, by: 1 },
    ]);
  });

  it('a rule that does not end the chain (LOG, -j CHAIN, no target) shadows nothing', () => {
    const rs = rulesetFrom(['-N X', '-A INPUT -j LOG', '-A INPUT -j X', '-A INPUT', '-A INPUT -j ACCEPT']);
    expect(unreachableRules(rs)).toEqual([]);
  });

  it('RETURN and -g end the chain too; chains are separate', () => {
    const rs = rulesetFrom(['-N X', '-N Y', '-A X -j RETURN', '-A X -j DROP', '-A INPUT -g Y', '-A INPUT -j ACCEPT', '-A Y -j ACCEPT']);
    expect(unreachableRules(rs)).toEqual([
      { table: 'filter', chain: 'INPUT', index: 1, by: 0 },
      { table: 'filter', chain: 'X', index: 1, by: 0 },
    ]);
  });

  it('the raw table is checked as well', () => {
    const rs = rulesetFrom(['-t raw -A PREROUTING -j NOTRACK', '-t raw -A PREROUTING -j CT --notrack']);
    // NOTRACK does not end the chain
    expect(unreachableRules(rs)).toEqual([]);
  });

  it(`compares each rule with at most ${MAX_PAIRS} earlier ones, but an unconditional one at any distance`, () => {
    const lines = ['-A FORWARD -p tcp --dport 22 -j ACCEPT'];
    for (let i = 0; i < MAX_PAIRS + 1; i++) lines.push(`-A FORWARD -s 10.0.${i}.0/24 -j ACCEPT`);
    lines.push('-A FORWARD -p tcp --dport 22 -s 1.2.3.4 -j DROP', '-A FORWARD -j DROP', '-A FORWARD -j ACCEPT');
    const rs = rulesetFrom(lines);
    const n = lines.length;
    expect(unreachableRules(rs)).toEqual([{ table: 'filter', chain: 'FORWARD', index: n - 1, by: n - 2 }]);
  });
});
