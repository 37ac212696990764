import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reproduceScript, rulesAsSave, shQuote } from './reproduce';
import { CHECK_SCENARIOS } from './testing/scenarios';

const seed = CHECK_SCENARIOS[0].build();

describe('reproduceScript', () => {
  it('is bash that parses (bash -n)', () => {
    for (const sc of CHECK_SCENARIOS) {
      const r = spawnSync('bash', ['-n'], { input: reproduceScript(sc.build()), encoding: 'utf8' });
      expect(r.stderr, sc.name).toBe('');
      expect(r.status).toBe(0);
    }
  });

  it('refuses to run when not root, saying why', () => {
    const dir = mkdtempSync(join(tmpdir(), 'repro-'));
    try {
      writeFileSync(join(dir, 'id'), '#!/bin/sh\necho 1000\n');
      chmodSync(join(dir, 'id'), 0o755);
      const script = join(dir, 'r.sh');
      writeFileSync(script, reproduceScript(seed));
      const r = spawnSync('bash', [script], { encoding: 'utf8', env: { PATH: `${dir}:${process.env.PATH}` } });
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('must run as root');
      expect(r.stdout).toBe('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('types every line of the session in order, in its node and terminal, with the time until the next', () => {
    const s = reproduceScript(seed);
    const steps = s.split('\n').filter((l) => l.startsWith('type_line ') || l.startsWith('done_step '));
    expect(steps).toEqual([
      "type_line 'labos-1.1' \"$NS0\" 'labos-1' 'nc -v 192.168.3.1 80'",
      'done_step 2.000',
      "type_line 'labos-1.1' \"$NS0\" 'labos-1' '^C'",
      'done_step 1.000',
      "type_line 'labos-2.1' \"$NS2\" 'labos-2' 'nc -v 192.168.1.1 80'",
      'done_step 12.000',
    ]);
    expect(s.startsWith('#!/usr/bin/env bash\n# Reproduce on real Linux')).toBe(true);
    expect(s).toContain('trap cleanup EXIT');
  });

  it("types the scenario's own scheduled commands too, at their time, among the session's", () => {
    const scenario = { ...seed.scenario, commands: [{ at: 2500, node: 'labos-2', command: 'ping -c 1 192.168.1.1' }] };
    const s = reproduceScript({ ...seed, scenario });
    const steps = s.split('\n').filter((l) => l.startsWith('step '));
    expect(steps.map((l) => l.split(' ').slice(1, 4).join(' '))).toEqual(['1 4 0.000', '2 4 2.000', '3 4 2.500', '4 4 3.000']);
    expect(steps[2]).toContain('ping -c 1 192.168.1.1');
  });

  it("loads each node's rules as iptables-save text, filter and raw", () => {
    const r = rulesAsSave('iptables -A INPUT -j DROP');
    expect(r.ok && r.text).toContain('*raw\n:PREROUTING ACCEPT [0:0]');
    expect(r.ok && r.text).toContain('*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n-A INPUT -j DROP\nCOMMIT');
    expect(rulesAsSave('iptables -A NOPE -j DROP')).toMatchObject({ ok: false });
  });

  it('quotes any line so that bash reads it back unchanged', () => {
    for (const text of ["it's", 'a "b" $c `d` \\e', '', "''", 'x\ny']) {
      const r = spawnSync('bash', ['-c', `printf %s ${shQuote(text)}`], { encoding: 'utf8' });
      expect(r.stdout).toBe(text);
    }
  });
});
