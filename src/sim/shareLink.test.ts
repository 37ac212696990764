import { describe, expect, it } from 'vitest';
import type { SharedSession } from './api';
import { decodeShare, encodeShare, makeShareLink, parseShared, SHARE_LIMITS, shareFromHash, shareTooBig } from './shareLink';
import { engineSim, type } from './testing/harness';
import type { Simulator } from './simulator';

/** What the page shows of a simulation (the recorded future, `lastCursor`, is not shared). */
function state(sim: Simulator) {
  const { lastCursor: _future, ...snap } = sim.snapshot();
  return { snap, packets: sim.world.packets, console: sim.world.console };
}

/** A session with every kind of input: commands, a rules edit, a crafted packet, a step back. */
function busySession(): Simulator {
  const sim = engineSim();
  type(sim, 'labos-1', 'nc -v 192.168.3.1 80', 800);
  type(sim, 'labos-2', 'nc -v -w 2 192.168.1.1 22', 300.25); // playing moves the clock by fractions of a ms
  sim.setRules('fw', '*filter\n:FORWARD DROP [0:0]\n-A FORWARD -m state --state ESTABLISHED,RELATED -j ACCEPT\n-A FORWARD -p tcp --dport 80 -j ACCEPT\nCOMMIT\n');
  sim.runUntil(sim.now + 2500);
  sim.craft('labos-1', { proto: 'tcp', dst: '192.168.3.1', dport: 80, flags: 'SF' });
  while (sim.stepForward()) if (sim.cursor > 40) break;
  // The firewall drops both echo requests (two packet events); one step back keeps the first:
  // the ping is shared, the recorded future after the step back is not.
  type(sim, 'labos-1', 'ping -c 2 192.168.3.1', 1500);
  sim.stepBack();
  return sim;
}

describe('shared links', () => {
  it('replay a session to the very moment it was shared', async () => {
    const sim = busySession();
    const shared = sim.share();
    expect(shared.inputs.map((i) => Object.keys(i).filter((k) => !['at', 'steps', 'node'].includes(k))[0])).toEqual([
      'command', 'command', 'rules', 'craft', 'command',
    ]);
    const future = sim.lastCursor;
    expect(future).toBeGreaterThan(sim.cursor);
    const link = await encodeShare(shared);
    expect(link).toMatch(/^1\.[A-Za-z0-9_-]+$/);
    const back = await decodeShare(link);
    expect(back).toEqual({ ok: true, value: shared });
    if (!back.ok) return;
    const copy = engineSim(back.value.scenario);
    copy.replayShared(back.value.inputs, back.value.end);
    expect(state(copy)).toEqual(state(sim));
    // and the copy's history goes back to the start, like the original's
    copy.seek(-1);
    expect(copy.world.packets).toHaveLength(0);
  });

  it('read the fragment of a page address', () => {
    expect(shareFromHash('#s=1.abc')).toBe('1.abc');
    expect(shareFromHash('#other')).toBeNull();
    expect(shareFromHash('')).toBeNull();
  });

  it('say what is wrong with a damaged link, and where', async () => {
    const good = await encodeShare(engineSim().share());
    expect(await decodeShare('2.xyz')).toEqual({ ok: false, error: expect.stringMatching(/unknown format/) });
    expect(await decodeShare('1.ab$c')).toEqual({ ok: false, error: expect.stringMatching(/not base64url/) });
    expect(await decodeShare(good.slice(0, good.length - 7))).toEqual({ ok: false, error: expect.stringMatching(/cut off/) });
    const raw = async (v: unknown) => decodeShare(await encodeShare(v as SharedSession));
    expect(await raw('nope')).toEqual({ ok: false, error: 'link: expected an object, got "nope"' });
    const base = engineSim().share();
    const bad = (patch: Record<string, unknown>) => parseShared(JSON.parse(JSON.stringify({ ...base, ...patch })));
    expect(bad({ inputs: [{ at: 0, steps: 0, node: 'fw2', command: 'ls' }] })).toEqual({
      ok: false,
      error: 'inputs[0].node: "fw2" is not one of labos-1, fw, labos-2',
    });
    expect(bad({ inputs: [{ at: 5, steps: 0, node: 'fw', rules: '' }, { at: 4, steps: 0, node: 'fw', rules: '' }] }).ok).toBe(false);
    expect(bad({ inputs: [{ at: 0, steps: 0, node: 'fw', rules: '', command: 'x' }] })).toEqual({
      ok: false,
      error: 'inputs[0]: needs exactly one of "command", "rules", "craft"',
    });
    expect(bad({ inputs: [{ at: 0, steps: 0, node: 'fw', craft: { proto: 'tcp', dst: '1.2.3.4', colour: 'red' } }] })).toEqual({
      ok: false,
      error: expect.stringMatching(/^inputs\[0\]\.craft\.colour: is not a packet field/),
    });
    expect(bad({ end: { at: -1, steps: 0 } })).toEqual({ ok: false, error: 'end.at: expected a time in ms (a number from 0), got -1' });
    expect(bad({ end: { at: 0, steps: 1e9 } })).toEqual({ ok: false, error: 'end.steps: 1000000000 is more than this app replays (500000)' });
    expect(shareTooBig({ ...base, end: { at: 0, steps: 1e9 } })).toMatch(/at most 500000/);
    expect(shareTooBig(base)).toBeNull();
    const sc = JSON.parse(JSON.stringify(base.scenario));
    sc.nodes[1].ifaces[0].addr = '300.1.1.1';
    expect(bad({ scenario: sc })).toEqual({ ok: false, error: 'scenario.nodes[1].ifaces[0].addr: "300.1.1.1" is not an IPv4 address' });
    expect(bad({ scenario: 7 })).toEqual({ ok: false, error: 'scenario: expected an object, got 7' });
  });
});

/** `n` characters no compressor can shrink much (xorshift letters). */
function noise(n: number, seed: number): string {
  let x = seed | 1;
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out.push(String.fromCharCode(97 + ((x >>> 0) % 26)));
  }
  return out.join('');
}

describe('shared links are bounded', () => {
  it('refuse a field this app does not read, and say where', async () => {
    const base = engineSim().share();
    const raw = async (v: unknown) => decodeShare(await encodeShare(v as SharedSession));
    expect(await raw({ ...base, pad: 'x' })).toEqual({ ok: false, error: 'link: "pad" is not one of its fields (scenario, inputs, end)' });
    expect(await raw({ ...base, end: { ...base.end, why: 1 } })).toEqual({ ok: false, error: 'end: "why" is not one of its fields (at, steps)' });
    expect(await raw({ ...base, inputs: [{ at: 0, steps: 0, node: 'fw', command: 'ls', x: 1 }] })).toEqual({
      ok: false,
      error: 'inputs[0]: "x" is not one of its fields (at, steps, node, command, tty, rules, craft)',
    });
    const sc = { ...base.scenario, nodes: base.scenario.nodes.map((n, i) => (i === 1 ? { ...n, colour: 'red' } : n)) };
    expect(await raw({ ...base, scenario: sc })).toEqual({
      ok: false,
      error: 'scenario.nodes[1]: "colour" is not one of its fields (id, name, kind, ifaces, services, rules, sysctl)',
    });
  });

  it('stop inflating a link past the cap and say so (a valid session padded with an unknown key)', async () => {
    const base = engineSim().share();
    const link = await encodeShare({ ...base, pad: 'x'.repeat(3 * SHARE_LIMITS.json) } as SharedSession);
    expect(link.length).toBeLessThan(100_000); // it inflates more than 100 times
    const r = await decodeShare(link);
    expect(r).toEqual({ ok: false, error: 'link: the data unpacks to more than 4 MiB, more than a link holds; it was not made by Share' });
  });

  it('refuse a link longer than Share can make', async () => {
    const r = await decodeShare('1.' + 'A'.repeat(6_000_000));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/^link: 6000002 characters is more than a link made by Share can be/);
  });

  it('Share makes a link at the caps that the receiver takes, and no link past them', async () => {
    const base = engineSim().share();
    const per = SHARE_LIMITS.text + 60;
    const n = Math.floor((SHARE_LIMITS.json - JSON.stringify(base).length - 100) / per);
    const inputs = Array.from({ length: n }, (_, i) => ({ at: i, steps: 0, node: 'fw', rules: noise(SHARE_LIMITS.text, i + 1) }));
    const full: SharedSession = { ...base, inputs, end: { at: n, steps: 0 } };
    expect(JSON.stringify(full).length).toBeGreaterThan(SHARE_LIMITS.json - per);
    const link = await makeShareLink(full);
    expect(link.ok).toBe(true);
    if (!link.ok) return;
    expect(await decodeShare(link.value)).toEqual({ ok: true, value: full });

    const over: SharedSession = { ...full, inputs: [...inputs, { at: n, steps: 0, node: 'fw', rules: noise(SHARE_LIMITS.text, 99) }] };
    expect(await makeShareLink(over)).toEqual({ ok: false, error: expect.stringMatching(/^the session is 4\.\d MiB as data, a link holds at most 4 MiB/) });
    const long: SharedSession = { ...base, inputs: [{ at: 0, steps: 0, node: 'fw', command: 'x'.repeat(SHARE_LIMITS.text + 1) }], end: base.end };
    expect(await makeShareLink(long)).toEqual({ ok: false, error: 'the session cannot be shared: inputs[0].command: 100001 characters is more than 100000' });
  });
});
