/**
 * Error messages compared with the real tool: fixtures/realErrors.json holds, for each command,
 * the first line iptables v1.8.9 (legacy) printed (without its "iptables v1.8.9 (legacy): "
 * prefix) and its exit status, each run on top of the same small setup; realConntrackMatch.json
 * the same for the options of -m conntrack (scripts/kernel-oracle/iptables-texts.py).
 */
import { describe, expect, it } from 'vitest';
import conntrackFixtures from './fixtures/realConntrackMatch.json';
import fixtures from './fixtures/realErrors.json';
import { applyIptablesLine } from './node';
import { rulesetFrom } from './testUtil';

interface Case {
  cmd: string;
  rc: number;
  message: string;
}

const { setup, cases } = fixtures as { setup: string[]; cases: Case[] };

const ctFixtures = conntrackFixtures as { errorSetup: string[]; cases: Case[] };

describe.each([
  { name: 'realErrors', setup, cases },
  { name: 'realConntrackMatch', setup: ctFixtures.errorSetup, cases: ctFixtures.cases },
])('error messages as iptables prints them ($name)', ({ setup, cases }) => {
  const rs = rulesetFrom(setup);
  it.each(cases)('iptables $cmd', ({ cmd, rc, message }) => {
    const line = 'iptables ' + cmd;
    const r = applyIptablesLine(rs, line);
    if (rc === 0) {
      expect(r.error).toBeNull();
      return;
    }
    expect(r.error).not.toBeNull();
    const e = r.error!;
    expect(e.message).toBe(message);
    expect(e.line).toBe(1);
    expect(e.column).toBeGreaterThanOrEqual(1);
    expect(e.column).toBeLessThanOrEqual(line.length + 1);
    if (message.startsWith('iptables: Invalid argument')) expect(e.hint).toMatch(/./);
  });
});

describe('error positions point at the offending word', () => {
  const rs = rulesetFrom(setup);
  const col = (line: string, word: string, nth = 0) => {
    let i = -1;
    for (let k = 0; k <= nth; k++) i = line.indexOf(word, i + 1);
    return i + 1;
  };
  it.each([
    ['iptables -A INPUT -p tcp --dprot 80 -j ACCEPT', '--dprot'],
    ['iptables -A INPUT -p tcp --dport 99999 -j ACCEPT', '99999'],
    ['iptables -A INPUT -j ACCPET', 'ACCPET'],
    ['iptables -A INPUT -s 300.1.1.1 -j ACCEPT', '300.1.1.1'],
    ['iptables -A FOO -j ACCEPT', 'FOO'],
    ['iptables -A INPUT -m state --state NEW,FOOBAR -j ACCEPT', 'FOOBAR'],
    ['iptables -A INPUT -m conntrack --ctstate "NEW,FOOBAR" -j ACCEPT', 'FOOBAR'],
    ['iptables -A INPUT -j ACCEPT extra', 'extra'],
    ['iptables -P INPUT accept', 'accept'],
    ['iptables -P MYCHAIN DROP', 'MYCHAIN'],
    ['iptables -D INPUT 9', '9'],
    ['iptables -A INPUT -i eth0 -o eth1 -j ACCEPT', '-o'],
    ['iptables -A INPUT -p udp -j REJECT --reject-with tcp-reset', 'REJECT'],
    ['iptables -t raw -A PREROUTING -j RX', 'RX'],
  ] as [string, string, number?][])('%s -> at %s', (line, word, nth) => {
    const r = applyIptablesLine(rs, line);
    expect(r.error).not.toBeNull();
    expect(r.error!.column).toBe(col(line, word, nth ?? 0));
  });

  it('reports the line of a multi-line script', () => {
    const r = applyIptablesLine(rs, '# my firewall\niptables -P INPUT DROP\n\niptables -A INPUT -p tcp --dport 22 -j ACCPET\n');
    expect(r.error).toMatchObject({ line: 4, column: 40, message: "Couldn't load target `ACCPET':No such file or directory" });
  });

  it('an unterminated quote points at the quote', () => {
    const r = applyIptablesLine(rs, 'iptables -A INPUT -m comment --comment "oops -j ACCEPT');
    expect(r.error).toMatchObject({ line: 1, column: 40, code: 'syntax' });
  });

  it('explains what was expected', () => {
    const r = applyIptablesLine(rs, 'iptables -A INPUT --dport 22 -j ACCEPT');
    expect(r.error!.hint).toContain('-p tcp');
    const s = applyIptablesLine(rs, 'iptables -A INPUT -p tcp --dprot 22 -j ACCEPT');
    expect(s.error!.hint).toBe('did you mean --dport?');
  });
});
