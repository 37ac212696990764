/**
 * The app's exports against what the real tools said of them (traces/exports/*.json, made by
 * scripts/export-check/check.ts as root): the current export of each checked session must be
 * byte for byte the one that was checked (a changed export fails here until it is checked
 * again), the checks must have passed, and the app's own `conntrack -L` after each step must
 * be what the Reproduce script printed on real Linux, once what truly varies is masked.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EXPORT_KINDS, exportOf } from './exports';
import { recordSession } from './record';
import { CHECK_SCENARIOS } from './testing/scenarios';
import { maskTable, parseReproduceOutput } from './testing/reproduceOutput';

interface Fixture {
  artifacts: Record<string, { name: string; bytes: number; sha256: string }>;
  tshark: { ok: boolean; frames: { num: number; iface: string; dir: string; protocols: string }[]; problems: string[] };
  iptablesRestore: { node: string; exit: number; stderr: string }[];
  reproduce: { exit: number; stdout: string; stderr: string };
}

const load = (name: string): Fixture => JSON.parse(readFileSync(`traces/exports/${name}.json`, 'utf8')) as Fixture;

interface Difference {
  scenario: string;
  step: number;
  node: string;
  app: string;
  real: string;
  reason: string;
}

const KNOWN = (JSON.parse(readFileSync('traces/exports/differences.json', 'utf8')) as { differences: Difference[] }).differences;

describe.each(CHECK_SCENARIOS)('exports of $name', (sc) => {
  const fx = load(sc.name);
  const session = sc.build();
  const rec = recordSession(session);

  it.each(EXPORT_KINDS)('%s is the artifact the real tools checked (else: scripts/export-check/check.ts)', (kind) => {
    const f = exportOf(kind, rec);
    expect(f.name).toBe(fx.artifacts[kind].name);
    expect(createHash('sha256').update(f.data).digest('hex')).toBe(fx.artifacts[kind].sha256);
  });

  it('tshark read the capture: every frame dissected, checksums right, nothing malformed', () => {
    expect(fx.tshark.problems).toEqual([]);
    expect(fx.tshark.ok).toBe(true);
    expect(fx.tshark.frames.length).toBe(rec.frames.length);
    expect(fx.tshark.frames.map((f) => `${f.iface} ${f.dir}`)).toEqual(
      rec.frames.map((f) => `${session.scenario.nodes[1].ifaces[f.iface].name} ${f.dir}`),
    );
  });

  it('iptables-restore --test took every node\'s rules', () => {
    expect(fx.iptablesRestore.map((r) => r.node)).toEqual(session.scenario.nodes.map((n) => n.id));
    for (const r of fx.iptablesRestore) expect(r, r.stderr).toMatchObject({ exit: 0 });
  });

  it('the Reproduce script ran to its end', () => {
    expect(fx.reproduce.exit).toBe(0);
    expect(fx.reproduce.stdout).toContain('=== end');
  });

  it('after each step, every node\'s conntrack -L is what real Linux printed', () => {
    const real = parseReproduceOutput(fx.reproduce.stdout);
    expect(real.length).toBe(session.inputs.length);
    const found: Omit<Difference, 'reason'>[] = [];
    real.forEach((tables, k) => {
      for (const n of session.scenario.nodes) {
        const app = maskTable(rec.tables[k + 1][n.id]);
        const seen = maskTable(tables[n.id] ?? []);
        expect(app.length, `after step ${k + 1} on ${n.id}: ${app.join(' | ')} vs ${seen.join(' | ')}`).toBe(seen.length);
        const onlyApp = app.filter((l) => !seen.includes(l));
        const onlyReal = seen.filter((l) => !app.includes(l));
        onlyApp.forEach((l, i) => found.push({ scenario: sc.name, step: k + 1, node: n.id, app: l, real: onlyReal[i] }));
      }
    });
    expect(found).toEqual(KNOWN.filter((d) => d.scenario === sc.name).map(({ reason: _r, ...d }) => d));
  });
});
