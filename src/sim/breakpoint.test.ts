/** Predict-then-see breakpoints: play pauses before the chosen packet is evaluated, and the answer is the engine's. */
import { describe, expect, it } from 'vitest';
import { engineNetfilter } from './engineNetfilter';
import { SimSession } from './session';

function playUntilPaused(s: SimSession, maxWallMs = 60_000): void {
  for (let w = 0; w < maxWallMs && s.playing; w += 16) s.tick(16);
}

describe('breakpoints', () => {
  it('holds the SYN from labos-2 at labos-1\'s door, then reports the packet event it became', () => {
    const s = new SimSession(engineNetfilter);
    s.speed = 1;
    s.handle({ type: 'breakpoint', bp: { id: 3, at: 'labos-1', label: 'SYN', from: 'labos-2' } });
    expect(s.batch().snapshot.breakpoint).toEqual({ id: 3, state: 'armed' });
    s.handle({ type: 'command', node: 'labos-2', text: 'nc -v 192.168.1.1 80' });
    playUntilPaused(s);
    const held = s.batch();
    expect(held.snapshot.playing).toBe(false);
    expect(held.snapshot.breakpoint).toMatchObject({ id: 3, state: 'held', label: 'SYN' });
    expect((held.snapshot.breakpoint as { summary: string }).summary).toMatch(/^192\.168\.3\.1:\d+ → 192\.168\.1\.1:80 \[SYN\]/);
    // the packet is still on the link to labos-1: nothing there has evaluated it
    expect(held.snapshot.inFlight?.map((p) => `${p.from}>${p.to} ${p.label}`)).toEqual(['fw>labos-1 SYN']);
    expect(s.sim.world.packets.every((p) => p.to !== 'labos-1')).toBe(true);
    expect(held.snapshot.now).toBe(40); // two 20 ms links

    // playing again lets it through: its event carries labos-1's verdict
    s.handle({ type: 'play' });
    expect(s.batch().snapshot.breakpoint).toEqual({ id: 3, state: 'passing' });
    s.tick(16);
    const bp = s.batch().snapshot.breakpoint;
    expect(bp).toMatchObject({ id: 3, state: 'passed' });
    const ev = s.sim.world.packets[(bp as { packetId: number }).packetId];
    expect(ev.to).toBe('labos-1');
    expect(ev.verdicts.find((v) => v.node === 'labos-1')).toMatchObject({ state: 'NEW', verdict: 'DROP' });
    // one-shot: the retransmitted SYNs go by
    expect(s.playing).toBe(true);
  });

  it('a step forward while held lets the packet through too; a packet that does not match is not held', () => {
    const s = new SimSession(engineNetfilter);
    s.handle({ type: 'breakpoint', bp: { id: 1, at: 'labos-1', label: 'SYN/ACK' } });
    s.handle({ type: 'command', node: 'labos-1', text: 'nc -v 192.168.3.1 80' });
    playUntilPaused(s);
    expect(s.bpStatus).toMatchObject({ state: 'held', label: 'SYN/ACK' });
    s.handle({ type: 'stepForward' });
    const bp = s.bpStatus as { state: string; packetId: number };
    expect(bp.state).toBe('passed');
    expect(s.sim.world.packets[bp.packetId].verdicts.at(-1)).toMatchObject({ node: 'labos-1', state: 'ESTABLISHED', verdict: 'ACCEPT' });

    const t = new SimSession(engineNetfilter);
    t.handle({ type: 'breakpoint', bp: { id: 2, at: 'labos-1', label: 'SYN', from: 'labos-2', dport: 22 } });
    t.handle({ type: 'command', node: 'labos-2', text: 'nc -v 192.168.1.1 80' });
    playUntilPaused(t, 2000);
    expect(t.bpStatus).toEqual({ id: 2, state: 'armed' });
  });

  it('is removed by a null request, a load and time travel', () => {
    const s = new SimSession(engineNetfilter);
    s.handle({ type: 'breakpoint', bp: { id: 1, at: 'fw' } });
    s.handle({ type: 'breakpoint', bp: null });
    expect(s.batch().snapshot.breakpoint).toBeUndefined();
    s.handle({ type: 'breakpoint', bp: { id: 2, at: 'fw' } });
    s.handle({ type: 'command', node: 'labos-1', text: 'ping -c 1 192.168.3.1' });
    playUntilPaused(s);
    expect(s.bpStatus?.state).toBe('held');
    s.handle({ type: 'stepBack' });
    expect(s.bpStatus).toBeNull();
  });
});
