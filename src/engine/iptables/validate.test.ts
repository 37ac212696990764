import { describe, expect, it } from 'vitest';
import { parseRulesText } from './node';
import { parseSave } from './parseSave';
import { validateTable, type ValidationWork } from './validate';

const HEADER = ['*filter', ':INPUT ACCEPT [0:0]', ':FORWARD ACCEPT [0:0]', ':OUTPUT ACCEPT [0:0]'];

/** FORWARD -> D1 -> ... -> Dn, each Di jumping to Di+1 once (or twice: -p tcp and -p udp). */
function ladder(n: number, double: boolean): string {
  const lines = [...HEADER];
  for (let i = 1; i <= n; i++) lines.push(`:D${i} - [0:0]`);
  lines.push('-A FORWARD -j D1');
  for (let i = 1; i < n; i++) {
    lines.push(`-A D${i} -p tcp -j D${i + 1}`);
    if (double) lines.push(`-A D${i} -p udp -j D${i + 1}`);
  }
  lines.push(`-A D${n} -j ACCEPT`, 'COMMIT');
  return lines.join('\n');
}

function plain(n: number): string {
  const lines = [...HEADER];
  for (let i = 0; i < n; i++) lines.push(`-A FORWARD -p tcp --dport ${i + 1} -j ACCEPT`);
  lines.push('COMMIT');
  return lines.join('\n');
}

/** Rules the validation of the filter table of `text` looks at. */
function work(text: string): number {
  const rs = parseSave(text);
  if (!rs.ok) throw new Error(rs.error.message);
  const w: ValidationWork = { rules: 0 };
  expect(validateTable(rs.value.tables.filter, w)).toBeNull();
  return w.rules;
}

describe('validateTable: work linear in the table, whatever the jump graph', () => {
  it('a 60-deep chain of jumps costs no more than 61 plain rules', () => {
    expect(work(ladder(60, false))).toBeLessThanOrEqual(work(plain(61)));
  });

  it('chains that each jump twice to the next (2^60 paths) are walked once each', () => {
    const w30 = work(ladder(30, true));
    const w60 = work(ladder(60, true));
    expect(w60).toBeLessThanOrEqual(2 * w30 + 10);
    expect(w60).toBeLessThanOrEqual(2 * (2 * 59 + 2));
  });

  it('10,000 rules: each rule looked at a bounded number of times', () => {
    expect(work(plain(10_000))).toBeLessThanOrEqual(3 * 10_000);
  });
});

describe('validateTable: what the kernel refuses', () => {
  it('a loop, at the -j word of the rule that closes it, with the loop spelt out', () => {
    const text = [...HEADER, ':A - [0:0]', ':B - [0:0]', '-A FORWARD -j A', '-A A -p tcp -j B', '-A B -j A', 'COMMIT'].join('\n');
    const r = parseSave(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatchObject({ line: 9, column: 9, code: 'loop', message: 'iptables: Too many levels of symbolic links.' });
    expect(r.error.hint).toBe('the rules would loop: A -> B -> A (rule 1 of chain B)');
  });

  it('a loop in command lines, reported at its line', () => {
    const r = parseRulesText('iptables -N A\niptables -N B\niptables -A A -j B\niptables -A B -j A\niptables -A INPUT -j A');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatchObject({ line: 4, code: 'loop' });
  });

  it('a loop no built-in chain reaches is accepted (as in Linux)', () => {
    const r = parseRulesText('iptables -N A\niptables -N B\niptables -A A -j B\niptables -A B -j A');
    expect(r.ok).toBe(true);
  });

  it('REJECT reached from raw PREROUTING through a ladder names the hook', () => {
    const text = ['*raw', ':PREROUTING ACCEPT [0:0]', ':OUTPUT ACCEPT [0:0]', ':X - [0:0]', ':Y - [0:0]',
      '-A PREROUTING -p tcp -j X', '-A PREROUTING -p udp -j X', '-A X -j Y', '-A Y -p tcp -j REJECT', 'COMMIT'].join('\n');
    const r = parseSave(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.line).toBe(9);
    expect(r.error.hint).toContain('REJECT target: used from hooks PREROUTING, but only usable from INPUT/FORWARD/OUTPUT');
  });

  it('rules after an unconditional ACCEPT are not reached', () => {
    const text = ['*raw', ':PREROUTING ACCEPT [0:0]', ':OUTPUT ACCEPT [0:0]', ':X - [0:0]',
      '-A PREROUTING -j ACCEPT', '-A PREROUTING -j X', '-A X -p tcp -j REJECT', 'COMMIT'].join('\n');
    expect(parseSave(text).ok).toBe(true);
  });
});
