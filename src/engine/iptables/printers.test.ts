/**
 * Listings compared with the real tool: fixtures/realListings.json holds what iptables v1.8.9
 * (legacy) printed for two scenarios (a tutorial-style ruleset and one with counters set by -c),
 * captured in a scratch network namespace on Debian 12 / Linux 6.18; realConntrackMatch.json
 * one with every option of -m conntrack (scripts/kernel-oracle/iptables-texts.py).
 */
import { describe, expect, it } from 'vitest';
import conntrackFixtures from './fixtures/realConntrackMatch.json';
import fixtures from './fixtures/realListings.json';
import { applyIptablesLine, iptablesSave } from './node';
import { rulesetFrom } from './testUtil';

interface Scenario {
  name: string;
  setup: string[];
  outputs: Record<string, string>;
}

const scenarios = [
  ...(fixtures as { scenarios: Scenario[] }).scenarios,
  ...(conntrackFixtures as { scenarios: Scenario[] }).scenarios,
];

describe.each(scenarios)('real iptables output: $name', (s) => {
  const rs = rulesetFrom(s.setup);
  it.each(Object.keys(s.outputs))('%s', (query) => {
    const want = s.outputs[query];
    if (query.startsWith('iptables-save')) {
      // the scratch namespace also had a mangle table (not simulated): leave its block out
      const expected = want.replace(/# Generated[^\n]*\n\*mangle\n[\s\S]*?# Completed on DATE\n/, '');
      // (a scratch namespace where nothing used the raw table lists only filter)
      const tables = expected.includes('*raw') ? (['raw', 'filter'] as const) : (['filter'] as const);
      const got = iptablesSave(rs, { counters: query.includes('-c'), date: 'DATE', tables: [...tables] });
      expect(got).toBe(expected);
      return;
    }
    const r = applyIptablesLine(rs, 'iptables ' + query);
    if (want === '') {
      // the real tool printed an error (e.g. -S web where there is no chain web)
      expect(r.error?.message).toBe('iptables: No chain/target/match by that name.');
      return;
    }
    expect(r.error).toBeNull();
    expect(r.output).toBe(want);
  });
});
