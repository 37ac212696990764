import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import fixtures from './fixtures/realListings.json';
import { applyCommands } from './rulesetDraft';
import { emptyRuleset } from './model';
import type { Ruleset } from './model';
import { applyIptablesLine, parseRulesText } from './node';
import { parseCommands } from './parseCommand';
import { parseSave } from './parseSave';
import { listRules, saveRuleset } from './savePrint';
import { rulesetFrom } from './testUtil';

const S = (rs: Ruleset, table: 'raw' | 'filter' = 'filter') => listRules(rs.tables[table])!;
const scenarios = (fixtures as { scenarios: { name: string; setup: string[] }[] }).scenarios;

/** -S output back into commands. */
function fromS(text: string, table: string): string {
  return text
    .trim()
    .split('\n')
    .map((l) => `iptables -t ${table} ${l}`)
    .join('\n');
}

describe('round trips', () => {
  it.each(scenarios.map((s) => [s.name, s.setup] as const))('%s: parse -> -S -> parse -> -S', (_n, setup) => {
    const rs = rulesetFrom(setup);
    for (const t of ['filter', 'raw'] as const) {
      const text = S(rs, t);
      const again = rulesetFrom(fromS(text, t));
      expect(S(again, t)).toBe(text);
    }
  });

  it.each(scenarios.map((s) => [s.name, s.setup] as const))('%s: iptables-save -c -> parseSave -> iptables-save -c', (_n, setup) => {
    const rs = rulesetFrom(setup);
    const text = saveRuleset(rs, { counters: true, tables: ['raw', 'filter'] });
    const back = parseSave(text);
    expect(back.ok).toBe(true);
    if (back.ok) expect(saveRuleset(back.value, { counters: true, tables: ['raw', 'filter'] })).toBe(text);
  });
});

describe('command lines as people paste them', () => {
  it.each([
    ['sudo iptables -A INPUT -p tcp --dport 22 -j ACCEPT', '-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT'],
    ['$ iptables -A INPUT -j DROP', '-A INPUT -j DROP'],
    ['# iptables -A INPUT -j DROP', '-A INPUT -j DROP'],
    ['/sbin/iptables -A INPUT -j DROP', '-A INPUT -j DROP'],
    ['-A INPUT -j DROP', '-A INPUT -j DROP'],
    ['iptables --append INPUT --protocol tcp --destination-port 22 --jump ACCEPT', '-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT'],
    ['iptables -A INPUT --proto tcp --dpo=22 -j ACCEPT', '-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT'],
    ['iptables -A INPUT -m state --state established,related -j ACCEPT', '-A INPUT -m state --state RELATED,ESTABLISHED -j ACCEPT'],
    ['iptables -A INPUT -m conntrack --ctstate new,ESTABLISHED -j ACCEPT', '-A INPUT -m conntrack --ctstate NEW,ESTABLISHED -j ACCEPT'],
    ['iptables -A INPUT -m state ! --state NEW -j DROP', '-A INPUT -m state ! --state NEW -j DROP'],
    ['iptables -A INPUT -p tcp -m multiport --dports 80,443 -m comment --comment "web traffic" -j ACCEPT', '-A INPUT -p tcp -m multiport --dports 80,443 -m comment --comment "web traffic" -j ACCEPT'],
    ["iptables -A INPUT -m comment --comment 'it''s' -j ACCEPT", '-A INPUT -m comment --comment its -j ACCEPT'],
    ['iptables -A INPUT -p icmp --icmp-type ping -j ACCEPT', '-A INPUT -p icmp -m icmp --icmp-type 8 -j ACCEPT'],
    ['iptables -A INPUT -p tcp -m multiport --dport 80 -j ACCEPT', '-A INPUT -p tcp -m multiport --dports 80 -j ACCEPT'],
    ['iptables -A INPUT -s 10/8 -d 192.168.1.7/24 -j ACCEPT', '-A INPUT -s 10.0.0.0/8 -d 192.168.1.0/24 -j ACCEPT'],
    ['iptables -A INPUT -p tcp \\\n  --dport 22 \\\n  -j ACCEPT', '-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT'],
    ['iptables -A INPUT -p tcp --dport 22 -j ACCEPT # ssh', '-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT'],
    ['iptables -A INPUT -j LOG --log-prefix "IPT: " --log-level warning', '-A INPUT -j LOG --log-prefix "IPT: "'],
    ['iptables -A INPUT -p tcp -j REJECT --reject-with tcp-rst', '-A INPUT -p tcp -j REJECT --reject-with tcp-reset'],
    ['iptables -A INPUT -j REJECT --reject-with port-unreach', '-A INPUT -j REJECT --reject-with icmp-port-unreachable'],
    ['iptables -A INPUT -p TCP --syn -j DROP', '-A INPUT -p tcp -m tcp --tcp-flags FIN,SYN,RST,ACK SYN -j DROP'],
  ])('%s', (line, want) => {
    const rs = rulesetFrom(line);
    expect(S(rs)).toContain(want + '\n');
  });

  it('a comma list of addresses makes one rule per address', () => {
    const rs = rulesetFrom('iptables -A INPUT -s 1.2.3.4,5.6.7.8 -d 9.9.9.9 -j DROP');
    expect(S(rs)).toContain('-A INPUT -s 1.2.3.4/32 -d 9.9.9.9/32 -j DROP\n-A INPUT -s 5.6.7.8/32 -d 9.9.9.9/32 -j DROP\n');
  });

  it('-I, -R, -D (number and rule), -C, -E, -X, -F, -Z, -P', () => {
    let rs = rulesetFrom(['-A INPUT -j ACCEPT', '-I INPUT -p udp -j DROP', '-I INPUT 2 -p tcp -j DROP', '-R INPUT 3 -p icmp -j ACCEPT']);
    expect(S(rs)).toBe('-P INPUT ACCEPT\n-P FORWARD ACCEPT\n-P OUTPUT ACCEPT\n-A INPUT -p udp -j DROP\n-A INPUT -p tcp -j DROP\n-A INPUT -p icmp -j ACCEPT\n');
    expect(applyIptablesLine(rs, 'iptables -C INPUT -p tcp -j DROP').exitCode).toBe(0);
    expect(applyIptablesLine(rs, 'iptables -C INPUT -p tcp -j ACCEPT').exitCode).toBe(1);
    rs = rulesetFrom(['-D INPUT -p tcp -j DROP', '-D INPUT 1', '-N a', '-A INPUT -j a', '-E a b', '-P INPUT DROP'], rs);
    expect(S(rs)).toBe('-P INPUT DROP\n-P FORWARD ACCEPT\n-P OUTPUT ACCEPT\n-N b\n-A INPUT -p icmp -j ACCEPT\n-A INPUT -j b\n');
    rs = rulesetFrom(['-F', '-X', '-Z'], rs);
    expect(S(rs)).toBe('-P INPUT DROP\n-P FORWARD ACCEPT\n-P OUTPUT ACCEPT\n');
  });

  it('-L/-S print through applyCommand, one command after another', () => {
    const p = parseCommands('iptables -N x\niptables -S x\niptables -L x -n');
    expect(p.ok).toBe(true);
    if (!p.ok) return;
    const a = applyCommands(emptyRuleset(), p.value);
    expect(a.ok && a.value.output).toBe('-N x\nChain x (0 references)\ntarget     prot opt source               destination         \n');
  });

  it('parseRulesText takes either command lines or iptables-save text', () => {
    const a = parseRulesText('iptables -P FORWARD DROP\niptables -A FORWARD -i eth0 -j ACCEPT');
    const b = parseRulesText('*filter\n:INPUT ACCEPT [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n-A FORWARD -i eth0 -j ACCEPT\nCOMMIT\n');
    expect(a.ok && b.ok).toBe(true);
    if (a.ok && b.ok) expect(S(a.value)).toBe(S(b.value));
  });
});

describe('iptables-save text', () => {
  const good = [
    '# Generated by iptables-save v1.8.9 on Wed Nov 25 13:28:31 2026',
    '*raw',
    ':PREROUTING ACCEPT [3:180]',
    ':OUTPUT ACCEPT [0:0]',
    '-A PREROUTING -p udp -m udp --dport 53 -j CT --notrack',
    'COMMIT',
    '*nat',
    ':PREROUTING ACCEPT [0:0]',
    'COMMIT',
    '*filter',
    ':INPUT DROP [10:600]',
    ':FORWARD DROP [0:0]',
    ':OUTPUT ACCEPT [0:0]',
    ':LOGDROP - [0:0]',
    '[5:300] -A INPUT -m state --state RELATED,ESTABLISHED -j ACCEPT',
    '-A INPUT -j LOGDROP',
    '-A LOGDROP -j LOG --log-prefix "drop: "',
    '-A LOGDROP -j DROP',
    'COMMIT',
    '# Completed on Wed Nov 25 13:28:31 2026',
  ].join('\n');

  it('loads tables, policies, counters and user chains', () => {
    const r = parseSave(good);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const f = r.value.tables.filter;
    expect(f.chains[0]).toMatchObject({ name: 'INPUT', policy: 'DROP', packets: 10, bytes: 600 });
    expect(f.chains[0].rules[0]).toMatchObject({ packets: 5, bytes: 300 });
    expect(r.value.tables.raw.chains[0].rules[0].text).toBe('-p udp -m udp --dport 53 -j CT --notrack');
    expect(saveRuleset(r.value, { counters: false, date: 'Wed Nov 25 13:28:31 2026' })).toBe(
      good.replace(/\*nat\n:PREROUTING ACCEPT \[0:0\]\nCOMMIT\n/, '').replace('[5:300] ', '').replace(
        'COMMIT\n*filter', 'COMMIT\n# Completed on Wed Nov 25 13:28:31 2026\n# Generated by iptables-save v1.8.9 on Wed Nov 25 13:28:31 2026\n*filter',
      ) + '\n',
    );
  });

  it.each([
    ['-A INPUT -j DROP', 1, 1, 'iptables-restore: line 1 failed'],
    ['*filter\n-A INPUT -j DROP', 2, 1, 'iptables-restore: COMMIT expected at line 3'],
    ['*filter\n:INPUT MAYBE [0:0]\nCOMMIT', 2, 8, "iptables-restore: Bad policy name. Run `dmesg' for more information."],
    ['*filter\n:FOO ACCEPT [0:0]\nCOMMIT', 2, 6, 'iptables-restore: line 2 failed'],
    ['*filter\n  -A INPUT -p tcp --dprot 22 -j DROP\nCOMMIT', 2, 19, 'unknown option "--dprot"'],
    ['*filter\n-A INPUT -t raw -j DROP\nCOMMIT', 2, 10, 'The -t option (seen in line 2) cannot be used in iptables-restore.'],
    ['*filter\n-A INPUT -j NOPE\nCOMMIT', 2, 13, "Couldn't load target `NOPE':No such file or directory"],
    ['*mangle\n-A PREROUTING -j ACCEPT\nCOMMIT', 2, 1, 'iptables-restore: line 2 failed'],
    ['*bogus\nCOMMIT', 1, 2, "iptables-restore: unable to initialize table 'bogus'"],
    ['*filter\n:X - [0:0]\n:X - [0:0]\nCOMMIT', 3, 2, 'iptables-restore: Chain already exists.'],
  ])('%j -> line %i col %i', (text, line, column, message) => {
    const r = parseSave(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ line, column, message });
  });
});

describe('never throws (fast-check)', () => {
  const WORDS = [
    'iptables', '-A', '-I', '-D', '-R', '-P', '-N', '-X', '-F', '-Z', '-L', '-S', '-E', '-C', '-t', 'raw', 'filter', 'INPUT',
    'FORWARD', 'OUTPUT', 'PREROUTING', 'MYCHAIN', '-p', 'tcp', 'udp', 'icmp', 'all', '!', '-s', '-d', '10.0.0.0/8',
    '1.2.3.4', '-i', '-o', 'eth0', 'eth+', '--dport', '--sport', '22', '1024:', ':80', '--syn', '--tcp-flags', 'SYN,ACK',
    'ALL', 'NONE', '-m', 'state', '--state', 'NEW,ESTABLISHED', 'conntrack', '--ctstate', '--ctstatus', 'ASSURED',
    '--ctdir', 'REPLY', 'multiport', '--dports', '80,443', 'comment', '--comment', '"a b"', '-j', '-g', 'ACCEPT', 'DROP',
    'RETURN', 'REJECT', '--reject-with', 'tcp-reset', 'LOG', '--log-prefix', 'CT', '--notrack', '--helper', 'ftp',
    'NOTRACK', '--icmp-type', 'echo-request', '3/3', '-v', '-n', '-x', '--line-numbers', '-c', '1', '2', '\\\n', '\n',
    '#', "'", '"', '=', '--', '-', '*filter', ':INPUT', 'COMMIT', '[1:2]',
  ];
  const soup = fc.array(fc.constantFrom(...WORDS), { maxLength: 25 }).map((ws) => ws.join(' '));
  const text = fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 100 }), soup);

  const checkPos = (src: string, r: { ok: boolean; error?: { line: number; column: number } }) => {
    if (r.ok) return;
    const lines = src.split('\n');
    const e = r.error!;
    expect(e.line).toBeGreaterThanOrEqual(1);
    expect(e.line).toBeLessThanOrEqual(lines.length);
    expect(e.column).toBeGreaterThanOrEqual(1);
    expect(e.column).toBeLessThanOrEqual(lines[e.line - 1].length + 1);
  };

  it('parseCommands + applyCommands', () => {
    const base = rulesetFrom(['-N MYCHAIN', '-A INPUT -j ACCEPT']);
    fc.assert(
      fc.property(text, (src) => {
        const p = parseCommands(src);
        checkPos(src, p as never);
        if (p.ok) checkPos(src, applyCommands(base, p.value) as never);
        const l = applyIptablesLine(base, src);
        expect(typeof l.output).toBe('string');
      }),
      { numRuns: 3000 },
    );
  });

  it('parseSave', () => {
    const saveSoup = fc.array(fc.oneof(soup, fc.constantFrom('*filter', '*raw', 'COMMIT', ':INPUT DROP [1:2]', ':X - [0:0]')), { maxLength: 8 }).map((ls) => ls.join('\n'));
    fc.assert(
      fc.property(fc.oneof(text, saveSoup), (src) => {
        checkPos(src, parseSave(src) as never);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('listing with -Z, -V', () => {
  it('-L -Z lists the counters, then zeroes them', () => {
    const rs = rulesetFrom(['-A INPUT -c 5 300 -j ACCEPT']);
    const r = applyIptablesLine(rs, 'iptables -L INPUT -v -n -x -Z');
    expect(r.output).toContain('       5      300 ACCEPT');
    expect(r.ruleset!.tables.filter.chains[0].rules[0].packets).toBe(0);
    const s = applyIptablesLine(rs, 'iptables -Z -S INPUT -v');
    expect(s.output).toBe('-P INPUT ACCEPT -c 0 0\n-A INPUT -c 5 300 -j ACCEPT\n');
  });
  it('-Lnv names a chain "nv" (getopt optional argument), -nvL lists', () => {
    const rs = rulesetFrom(['-A INPUT -j ACCEPT']);
    expect(applyIptablesLine(rs, 'iptables -Lnv').output).toBe('iptables: No chain/target/match by that name.\n');
    expect(applyIptablesLine(rs, 'iptables -nvL INPUT').exitCode).toBe(0);
  });
  it('-V', () => {
    expect(applyIptablesLine(rulesetFrom([]), 'iptables -V').output).toBe('iptables v1.8.9 (legacy)\n');
  });
});
