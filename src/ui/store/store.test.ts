import { describe, expect, it } from 'vitest';
import type { NodeView, SimBatch } from '../../sim/api';
import { initialUiState, mergeNodes, NO_ANSWER, reduceBatch, useUi } from './store';

const node = (id: string, over: Partial<NodeView> = {}): NodeView => ({
  id,
  name: id,
  kind: 'host',
  addrs: ['10.0.0.1/24'],
  services: [{ proto: 'tcp', port: 80, name: 'http' }],
  hasRules: false,
  conntrack: [{ id: 1, line: 'tcp 6 10 ESTABLISHED', proto: 'tcp', tcpState: 'ESTABLISHED', expires: 1000, assured: true, unreplied: false }],
  expectations: [],
  rulesListing: 'Chain INPUT (policy ACCEPT)',
  rulesText: '',
  rulesRev: 0,
  sockets: ['ESTAB'],
  busy: null,
  prompt: '#',
  ...over,
});

const batch = (nodes: NodeView[], partial?: boolean): SimBatch => ({
  snapshot: { now: 1, cursor: 0, playing: true, nextTimeout: null, nodes },
  packets: [],
  console: [],
  reset: false,
  rulesChecked: 0,
  rulesErrors: [],
  ...(partial ? { partial } : {}),
});

describe('mergeNodes', () => {
  it('keeps the big views of the last complete batch when a batch is partial', () => {
    const prev = [node('a'), node('b')];
    const light = [node('a', { conntrack: [], sockets: [], rulesListing: '', expectations: [] }), node('b', { conntrack: [], sockets: [], rulesListing: '', expectations: [], busy: 'ping' })];
    const out = mergeNodes(prev, light, true);
    expect(out[0]).toBe(prev[0]);
    expect(out[1]).not.toBe(prev[1]);
    expect(out[1].busy).toBe('ping');
    expect(out[1].conntrack).toBe(prev[1].conntrack);
    expect(out[1].rulesListing).toBe('Chain INPUT (policy ACCEPT)');
  });

  it('shares the previous nodes when nothing changed, so selectors see the same objects', () => {
    const prev = [node('a'), node('b')];
    const same = [node('a', { conntrack: prev[0].conntrack, sockets: prev[0].sockets, expectations: prev[0].expectations }), node('b', { conntrack: prev[1].conntrack, sockets: prev[1].sockets, expectations: prev[1].expectations })];
    expect(mergeNodes(prev, same, false)).toBe(prev);
    const s = { ...initialUiState(['en']), snapshot: batch(prev).snapshot };
    expect(reduceBatch(s, batch(same.map((n) => ({ ...n, conntrack: [], sockets: [], expectations: [], rulesListing: '' })), true), 0).snapshot?.nodes).toBe(prev);
  });

  it('takes a complete batch as it comes', () => {
    const prev = [node('a')];
    const next = [node('a', { conntrack: [] })];
    const out = mergeNodes(prev, next, false);
    expect(out[0].conntrack).toEqual([]);
  });
});

describe('reduceBatch and the simulation status', () => {
  it('a batch ends loading, clears the watchdog failure of a slow start, and keeps other failures', () => {
    const s0 = { ...initialUiState(['en']), linkReplay: true };
    expect(reduceBatch(s0, batch([node('a')]), 0)).toMatchObject({ simStatus: 'ready', linkReplay: false });
    const slow = { ...s0, simStatus: 'failed' as const, simError: NO_ANSWER };
    expect(reduceBatch(slow, batch([node('a')]), 0)).toMatchObject({ simStatus: 'ready', simError: null });
    const broken = { ...s0, simStatus: 'failed' as const, simError: 'worker crashed' };
    expect(reduceBatch(broken, batch([node('a')]), 0)).toMatchObject({ simStatus: 'failed', simError: 'worker crashed' });
  });
});

describe('the rules status follows the answer to the text sent', () => {
  it('stays "Checking…" through batches that answer an older text (the clock playing)', () => {
    useUi.setState(initialUiState(['en']));
    const ui = () => useUi.getState();
    ui().setRulesDraft('fw', '-A FORWARD -j BOGUS');
    expect(ui().rulesPending).toBe(true);
    ui().applyBatch({ ...batch([node('fw')]), rulesChecked: 0 }, 0);
    expect(ui().rulesPending).toBe(true); // typed, not sent yet
    const check = ui().rulesSent('fw');
    ui().applyBatch({ ...batch([node('fw')]), rulesChecked: check - 1 }, 1);
    expect(ui().rulesPending).toBe(true); // a batch from the clock, before the text was checked
    const error = { line: 1, column: 15, message: "Couldn't load target `BOGUS'" };
    ui().applyBatch({ ...batch([node('fw')]), rulesChecked: check, rulesErrors: [error] }, 2);
    expect(ui().rulesPending).toBe(false);
    expect(ui().rulesErrors).toEqual([error]);
  });

  it('a shared link\'s rules texts are not waiting for a check', () => {
    useUi.setState(initialUiState(['en']));
    useUi.getState().setRulesDraft('fw', '-P FORWARD DROP', false);
    expect(useUi.getState().rulesPending).toBe(false);
    useUi.getState().applyBatch(batch([node('fw')]), 0);
    expect(useUi.getState().rulesPending).toBe(false);
  });
});

describe("a draft's base revision (one truth for the rules)", () => {
  it('starts at the revision shown, moves with the answer to the text sent, and shows when a console moved the rules on', () => {
    useUi.setState(initialUiState(['en']));
    const ui = () => useUi.getState();
    ui().applyBatch(batch([node('fw', { rulesRev: 3 })]), 0);
    ui().setRulesDraft('fw', 'iptables -A FORWARD -j DROP');
    expect(ui().rulesBase.get('fw')).toBe(3);
    const check = ui().rulesSent('fw');
    ui().applyBatch({ ...batch([node('fw', { rulesRev: 4 })]), rulesChecked: check, rulesRev: 4 }, 1);
    expect(ui().rulesBase.get('fw')).toBe(4);
    // a console changes the rules: the base stays where the draft was, later batches do not move it
    ui().applyBatch({ ...batch([node('fw', { rulesRev: 5 })]), rulesChecked: check, rulesRev: 4 }, 2);
    expect(ui().rulesBase.get('fw')).toBe(4);
    // the text sent then is refused as stale
    const check2 = ui().rulesSent('fw');
    ui().applyBatch({ ...batch([node('fw', { rulesRev: 5 })]), rulesChecked: check2, rulesRev: 5, rulesStale: true }, 3);
    expect(ui().rulesStale).toBe(true);
    expect(ui().rulesBase.get('fw')).toBe(4);
    // Reload: no draft, no base; the editor shows the engine's text
    ui().dropRulesDraft('fw');
    expect(ui().rulesDraft.has('fw')).toBe(false);
    expect(ui().rulesBase.has('fw')).toBe(false);
    expect(ui().rulesStale).toBe(false);
  });

  it("a shared link's draft takes the revision of the first batch", () => {
    useUi.setState(initialUiState(['en']));
    useUi.getState().setRulesDraft('fw', '-P FORWARD DROP', false);
    expect(useUi.getState().rulesBase.has('fw')).toBe(false);
    useUi.getState().applyBatch(batch([node('fw', { rulesRev: 2 })]), 0);
    expect(useUi.getState().rulesBase.get('fw')).toBe(2);
  });
});
