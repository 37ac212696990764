import { describe, expect, it } from 'vitest';
import { emptyRuleset } from './model';
import { parseRulesText } from './node';
import { rulesText } from './rulesText';
import { lintRulesText } from './rulesLint';
import { rulesetFrom } from './testUtil';

const TEXTS = [
  ['-A OUTPUT -j ACCEPT', '-A INPUT -m state --state established,related -j ACCEPT', '-A INPUT -j DROP'],
  ['-P FORWARD DROP', '-N SSH', '-A SSH -s 10.0.0.0/8 -p tcp --dport 22 -j ACCEPT', '-A FORWARD -j SSH', '-A FORWARD -m comment --comment "two words" -j LOG --log-prefix "fw: "'],
  ['-t raw -A PREROUTING -p udp --dport 53 -j CT --notrack', '-A INPUT -p icmp --icmp-type echo-request -j REJECT --reject-with icmp-host-prohibited', '-A INPUT -i eth+ ! -s 192.168.1.0/24 -p tcp -m multiport --dports 21,80:90 -j DROP'],
];

describe('rulesText (the lab rules format of what the engine holds)', () => {
  it('prints command lines: policies, user chains, then rules; raw first with -t raw', () => {
    const rs = rulesetFrom(['-P FORWARD DROP', '-N SSH', '-A SSH -p tcp --dport 22 -j ACCEPT', '-t raw -A OUTPUT -j NOTRACK', '-A FORWARD -j SSH']);
    expect(rulesText(rs)).toBe(
      ['iptables -t raw -A OUTPUT -j NOTRACK', 'iptables -P FORWARD DROP', 'iptables -N SSH', 'iptables -A FORWARD -j SSH', 'iptables -A SSH -p tcp -m tcp --dport 22 -j ACCEPT', ''].join('\n'),
    );
    expect(rulesText(emptyRuleset())).toBe('');
  });

  it.each(TEXTS.map((t) => [t.join(' | '), t]))('reads back to the same rules: %s', (_, lines) => {
    const rs = rulesetFrom(lines as string[]);
    const back = parseRulesText(rulesText(rs));
    expect(back.ok).toBe(true);
    if (!back.ok) return;
    expect(JSON.parse(JSON.stringify(back.value))).toEqual(JSON.parse(JSON.stringify(rs)));
  });
});

describe('lintRulesText (the editor warnings)', () => {
  it('names the line of the rule that cannot match and of the one before it that takes its packets', () => {
    const text = '# seed\niptables -A INPUT -m state --state established,related -j ACCEPT\niptables -A INPUT -j DROP\n\niptables -A INPUT -p tcp --dport 22 -j ACCEPT\n';
    expect(lintRulesText(text)).toEqual([{ line: 5, column: 40, byLine: 3, table: 'filter', chain: 'INPUT' }]);
  });

  it('reads iptables-save text too', () => {
    const text = '*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n-A FORWARD -p tcp -j ACCEPT\n-A FORWARD -p tcp --dport 80 -j DROP\nCOMMIT\n';
    expect(lintRulesText(text).map((w) => [w.line, w.byLine])).toEqual([[6, 5]]);
  });

  it('has nothing to say about a text that does not parse or has no shadowed rule', () => {
    expect(lintRulesText('iptables -A INPUT -j NOPE\niptables -A INPUT -j DROP\niptables -A INPUT -j DROP')).toEqual([]);
    expect(lintRulesText('iptables -A INPUT -p tcp --dport 22 -j ACCEPT\niptables -A INPUT -j DROP')).toEqual([]);
  });
});
