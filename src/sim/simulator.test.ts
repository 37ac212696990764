import { describe, expect, it } from 'vitest';
import { engineSim, makeSim, type } from './testing/harness';
import type { Simulator } from './simulator';

function state(sim: Simulator) {
  return { snap: sim.snapshot(), packets: sim.world.packets, console: sim.world.console };
}

describe('Simulator time travel', () => {
  it('seeking back and forward rebuilds identical worlds', () => {
    const sim = makeSim();
    type(sim, 'labos-1', 'curl http://192.168.3.1/', 500);
    type(sim, 'labos-2', 'ping -c 2 192.168.1.1', 3000);
    type(sim, 'labos-1', 'ss -tan');
    const end = state(sim);
    const endCursor = sim.cursor;
    expect(endCursor).toBeGreaterThan(20);
    sim.seek(5);
    expect(sim.cursor).toBe(5);
    const at5 = state(sim);
    sim.seek(endCursor);
    expect(state(sim)).toEqual(end);
    sim.seek(5);
    expect(state(sim)).toEqual(at5);
    sim.seek(-1);
    expect(sim.world.packets).toHaveLength(0);
    expect(sim.now).toBe(0);
  });

  it('steps back and forward one packet event at a time, replaying recorded commands', () => {
    const sim = makeSim();
    type(sim, 'labos-1', 'nc -v 192.168.3.1 80', 1000);
    const end = state(sim);
    const n = sim.cursor;
    for (let i = 0; i <= n; i++) sim.stepBack();
    expect(sim.cursor).toBe(-1);
    for (let i = 0; i <= n; i++) sim.stepForward();
    expect(sim.cursor).toBe(n);
    sim.runUntil(end.snap.now);
    expect(state(sim)).toEqual(end);
  });

  it('a new command after a step back replaces the recorded future', () => {
    const sim = makeSim();
    type(sim, 'labos-1', 'ping -c 3 192.168.3.1', 5000);
    sim.seek(3);
    type(sim, 'labos-1', '^C', 5000);
    expect(sim.world.console.map((l) => l.text)).toContain('^C');
    expect(sim.lastCursor).toBe(sim.cursor);
  });

  it('skipToNextTimeout jumps to the next timer', () => {
    const sim = makeSim();
    type(sim, 'labos-1', 'curl http://192.168.3.1/', 1000);
    // the server sits in TIME-WAIT for 60 s (HTTP keep-alive: the client closed first, so it is the client)
    expect(sim.skipToNextTimeout()).toBe(true);
    expect(sim.now).toBeGreaterThan(5000);
  });

  it('with the engine: seek back and forward gives identical snapshots, conntrack and counters included', () => {
    const sim = engineSim();
    type(sim, 'labos-2', 'nc -v 192.168.1.1 80', 500);
    type(sim, 'labos-1', 'curl ftp://192.168.3.1/readme.txt', 3000);
    type(sim, 'fw', 'iptables -A FORWARD -p icmp -j DROP');
    type(sim, 'labos-1', 'ping -c 2 192.168.3.1', 15000);
    const end = state(sim);
    const n = sim.cursor;
    sim.seek(10);
    const at10 = state(sim);
    expect(at10.snap.nodes[1].rulesListing).not.toContain('icmp');
    sim.seek(n);
    expect(state(sim)).toEqual(end);
    expect(end.snap.nodes[1].rulesListing).toMatch(/\n\s+2\s+168 DROP\s+1 /);
    sim.seek(10);
    expect(state(sim)).toEqual(at10);
  });

  it('skipToNextTimeout lets a 5-day ESTABLISHED entry be watched expiring', () => {
    const sim = engineSim();
    type(sim, 'labos-1', 'nc -v 192.168.3.1 80', 1000);
    type(sim, 'labos-1', '^C', 1000);
    // the close left TIME_WAIT entries; open a connection that stays up
    type(sim, 'labos-1', 'nc -v 192.168.3.1 22', 1000);
    const fw = () => sim.snapshot().nodes[1].conntrack;
    const est = fw().find((c) => c.tcpState === 'ESTABLISHED')!;
    expect(est.expires - sim.now).toBeGreaterThan(431990 * 1000);
    let guard = 0;
    while (fw().some((c) => c.id === est.id) && guard++ < 50) sim.skipToNextTimeout();
    expect(fw().some((c) => c.id === est.id)).toBe(false);
    expect(sim.now).toBe(est.expires);
  });
});

describe('Simulator history', () => {
  it('playing with nothing happening does not grow the history', () => {
    const sim = makeSim();
    type(sim, 'labos-1', 'ping -c 1 192.168.3.1', 2000);
    const before = state(sim);
    for (let t = 2016; t < 60000; t += 16) sim.runUntil(t);
    sim.seek(1);
    sim.seek(before.snap.lastCursor!);
    expect(sim.now).toBe(59984);
    expect(sim.world.packets).toEqual(before.packets);
    expect((sim as unknown as { actions: unknown[] }).actions.length).toBeLessThan(40);
  });
});
