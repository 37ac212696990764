import { describe, expect, it } from 'vitest';
import { engineNetfilter } from './engineNetfilter';
import { CHECKPOINT_EVERY_MS, DETAIL_EVERY_MS, SimSession } from './session';

describe('SimSession', () => {
  it('says which rules text its rules errors answer', () => {
    const s = new SimSession(engineNetfilter);
    expect(s.batch().rulesChecked).toBe(0);
    s.handle({ type: 'play' });
    s.handle({ type: 'setRules', node: 'fw', text: '-A FORWARD -j BOGUS', check: 7 });
    const b = s.batch();
    expect(b.rulesChecked).toBe(7);
    expect(b.rulesErrors).toHaveLength(1);
    s.tick(50);
    expect(s.batch().rulesChecked).toBe(7);
  });

  it('answers a share request once, and loads a shared session where it was shared', () => {
    const s = new SimSession(engineNetfilter);
    s.handle({ type: 'command', node: 'labos-1', text: 'nc -v 192.168.3.1 80' });
    s.handle({ type: 'play' });
    s.tick(300);
    s.handle({ type: 'pause' });
    const before = s.batch();
    expect(before.shared).toBeUndefined();
    s.handle({ type: 'share' });
    const answer = s.batch();
    const shared = answer.shared!;
    expect(shared.inputs).toEqual([{ at: 0, steps: 0, node: 'labos-1', command: 'nc -v 192.168.3.1 80' }]);
    expect(shared.end.at).toBe(answer.snapshot.now);
    s.handle({ type: 'stepForward' });
    expect(s.batch().shared).toBeUndefined();

    const t = new SimSession(engineNetfilter);
    t.handle({ type: 'load', scenario: shared.scenario, shared: { inputs: shared.inputs, end: shared.end } });
    const loaded = t.batch();
    expect(loaded.snapshot.now).toBe(answer.snapshot.now);
    expect(loaded.packets.map((p) => p.label)).toEqual(before.packets.map((p) => p.label));
    expect(loaded.packets.length).toBeGreaterThan(3);
  });

  it('sends what is new, then everything again after time travel', () => {
    const s = new SimSession(engineNetfilter);
    const first = s.batch();
    expect(first.reset).toBe(true);
    expect(first.snapshot.nodes.map((n) => n.id)).toEqual(['labos-1', 'fw', 'labos-2']);
    expect(first.snapshot.nodes[0].prompt).toBe('[root@labos-1 /]#');
    s.handle({ type: 'command', node: 'labos-1', text: 'nc -v 192.168.3.1 80' });
    const b1 = s.batch();
    expect(b1.reset).toBe(false);
    expect(b1.console.map((l) => l.text)).toEqual(['nc -v 192.168.3.1 80', 'Ncat: Version 7.93 ( https://nmap.org/ncat )']);
    expect(b1.snapshot.inFlight).toHaveLength(1);
    expect(b1.snapshot.nodes[0].busy).toBe('nc -v 192.168.3.1 80');
    s.handle({ type: 'stepForward' });
    const b2 = s.batch();
    expect(b2.packets.map((p) => p.label)).toEqual(['SYN']);
    expect(b2.snapshot.cursor).toBe(0);
    // the SYN goes on from the firewall: its in-flight hop names the event that sent it on
    expect(b2.snapshot.inFlight?.map((f) => [f.from, f.to, f.origin])).toEqual([['fw', 'labos-2', 0]]);
    s.handle({ type: 'play' });
    s.tick(200);
    const b3 = s.batch();
    expect(b3.packets.length).toBe(5);
    expect(b3.snapshot.playing).toBe(true);
    s.handle({ type: 'stepBack' });
    const b4 = s.batch();
    expect(b4.reset).toBe(true);
    expect(b4.packets).toHaveLength(5);
    expect(b4.snapshot.lastCursor).toBe(5);
    expect(b4.snapshot.playing).toBe(false);
    expect(s.hasNews).toBe(false);
  });

  it('reports rules and crafter errors, and runs presets', () => {
    const s = new SimSession(engineNetfilter);
    s.handle({ type: 'setRules', node: 'fw', text: 'iptables -A FORWARD -j NOPE' });
    expect(s.batch().rulesErrors.length).toBe(1);
    s.handle({ type: 'setRules', node: 'fw', text: 'iptables -A FORWARD -p tcp --dport 22 -j DROP' });
    const ok = s.batch();
    expect(ok.rulesErrors).toEqual([]);
    expect(ok.snapshot.nodes[1].hasRules).toBe(true);
    s.handle({ type: 'craft', node: 'labos-1', fields: { proto: 'udp', dst: 'x' } });
    expect(s.batch().craftErrors).toEqual([{ field: 'dst', message: '"x" is not an IPv4 address' }]);
    expect(s.batch().craftErrors).toBeUndefined();
    s.handle({ type: 'preset', id: 'ping' });
    expect(s.batch().console[0]).toMatchObject({ node: 'labos-1', kind: 'input', text: 'ping -c 3 192.168.3.1' });
  });

  it('clear empties one console and resends the lists', () => {
    const s = new SimSession(engineNetfilter);
    s.handle({ type: 'command', node: 'labos-1', text: 'help' });
    s.handle({ type: 'command', node: 'fw', text: 'hostname' });
    s.batch();
    s.handle({ type: 'command', node: 'labos-1', text: 'clear' });
    const b = s.batch();
    expect(b.reset).toBe(true);
    expect(b.console.map((l) => l.node)).toEqual(['fw', 'fw']);
  });

  it('while playing, sends the nodes\' big views only a few times a second', () => {
    const s = new SimSession(engineNetfilter);
    s.handle({ type: 'command', node: 'labos-1', text: 'nc -v 192.168.3.1 80' });
    s.handle({ type: 'play' });
    s.tick(16);
    const full = s.batch();
    expect(full.partial).toBeUndefined();
    expect(full.snapshot.nodes[0].rulesListing).toContain('Chain INPUT');
    s.tick(16);
    const light = s.batch();
    expect(light.partial).toBe(true);
    expect(light.snapshot.nodes.map((n) => [n.id, n.conntrack, n.sockets, n.expectations, n.rulesListing])).toEqual([
      ['labos-1', [], [], [], ''],
      ['fw', [], [], [], ''],
      ['labos-2', [], [], [], ''],
    ]);
    expect(light.snapshot.nodes[0].busy).toBe('nc -v 192.168.3.1 80');
    s.tick(DETAIL_EVERY_MS);
    const again = s.batch();
    expect(again.partial).toBeUndefined();
    expect(again.snapshot.nodes[1].conntrack.length).toBeGreaterThan(0);
    s.tick(16);
    expect(s.batch().partial).toBe(true);
    // a request (here: pause) makes the next batch complete
    s.handle({ type: 'pause' });
    expect(s.batch().partial).toBeUndefined();
  });

  it('a typed command, an example or a sent packet starts time by itself; rules edits do not', () => {
    const s = new SimSession(engineNetfilter);
    s.handle({ type: 'setRules', node: 'fw', text: 'iptables -A FORWARD -p tcp --dport 22 -j DROP' });
    expect(s.batch().snapshot.playing).toBe(false);
    s.handle({ type: 'command', node: 'labos-1', text: 'nc -v 192.168.3.1 80' });
    expect(s.batch().snapshot.playing).toBe(true);
    s.handle({ type: 'pause' });
    s.handle({ type: 'preset', id: 'ping' });
    expect(s.batch().snapshot.playing).toBe(true);
    s.handle({ type: 'pause' });
    s.handle({ type: 'craft', node: 'labos-1', fields: { proto: 'udp', dst: 'x' } });
    expect(s.batch().snapshot.playing).toBe(false);
    s.handle({ type: 'craft', node: 'labos-1', fields: { proto: 'udp', dst: '192.168.3.1', dport: 53 } });
    expect(s.batch().snapshot.playing).toBe(true);
  });

  /** Plays in 16 ms frames until `done` holds; returns the wall ms it took (or Infinity). */
  function playUntil(s: SimSession, done: () => boolean, limitWallMs: number): number {
    for (let wall = 0; wall <= limitWallMs; wall += 16) {
      if (done()) return wall;
      s.tick(16);
    }
    return Infinity;
  }

  it("quiet time passes quickly: the seed's timeout on labos-2 shows within 20 s of wall time at the default speed", () => {
    const s = new SimSession(engineNetfilter);
    s.handle({ type: 'setSpeed', speed: 0.05 });
    s.handle({ type: 'command', node: 'labos-2', text: 'nc -v 192.168.1.1 80' });
    const timedOut = () => s.sim.world.console.some((l) => l.node === 'labos-2' && /TIMEOUT|timed out/.test(l.text));
    let sawFastForward = false;
    const wall = playUntil(
      s,
      () => {
        const snap = s.batch().snapshot;
        if (snap.fastForward) {
          sawFastForward = true;
          expect(snap.inFlight).toEqual([]);
          expect(snap.fastForward.to).toBeGreaterThan(snap.now);
        }
        return timedOut();
      },
      20_000,
    );
    expect(wall).toBeLessThan(20_000);
    expect(sawFastForward).toBe(true);
    // the same at the chosen speed alone takes the whole 10 s of virtual time / 0.05 = 200 s
    const slow = new SimSession(engineNetfilter);
    slow.handle({ type: 'setSpeed', speed: 0.05 });
    slow.handle({ type: 'setSkipQuiet', on: false });
    slow.handle({ type: 'command', node: 'labos-2', text: 'nc -v 192.168.1.1 80' });
    const slowWall = playUntil(slow, () => slow.sim.world.console.some((l) => l.node === 'labos-2' && /TIMEOUT|timed out/.test(l.text)), 400_000);
    expect(slowWall).toBeGreaterThan(150_000);
    expect(slow.batch().snapshot.skipQuiet).toBe(false);
  });

  it('packets on the links fly at the chosen speed; a quiet stretch runs to the next moment due', () => {
    const s = new SimSession(engineNetfilter);
    s.handle({ type: 'setSpeed', speed: 0.05 });
    s.handle({ type: 'command', node: 'labos-1', text: 'nc -v 192.168.3.1 80' });
    // the first SYN crosses a 20 ms link: 400 ms of wall time at x0.05
    s.tick(16);
    expect(s.batch().snapshot.fastForward).toBeUndefined();
    const before = s.sim.now;
    s.tick(200);
    expect(s.sim.now - before).toBeCloseTo(10, 5);
    playUntil(s, () => s.sim.world.console.some((l) => l.text.startsWith('Ncat: Connected')), 10_000);
    playUntil(s, () => s.sim.world.inFlight.size === 0, 10_000);
    const due = s.sim.nextDue()!;
    s.tick(16);
    const ff = s.batch().snapshot.fastForward!;
    expect(ff.to).toBe(due);
    // it stops exactly there, whatever the frame
    s.tick(10_000);
    expect(s.sim.now).toBeGreaterThanOrEqual(due);
    expect(s.sim.now).toBeLessThan(due + 10_000 * 0.05 + 1);
  });

  it('sends a checkpoint after each input, and stops playing when told it failed', () => {
    const s = new SimSession(engineNetfilter);
    expect(s.batch().checkpoint?.inputs).toEqual([]);
    s.handle({ type: 'command', node: 'labos-1', text: 'ping -c 1 192.168.3.1' });
    const b = s.batch();
    expect(b.checkpoint?.inputs).toEqual([{ at: 0, steps: 0, node: 'labos-1', command: 'ping -c 1 192.168.3.1' }]);
    s.tick(100);
    expect(s.batch().checkpoint).toBeUndefined();
    // playing on, a checkpoint every CHECKPOINT_EVERY_MS of wall time
    s.tick(CHECKPOINT_EVERY_MS);
    expect(s.batch().checkpoint?.end.at).toBe(s.sim.now);
    expect(() => s.handle({ type: 'debugThrow', message: 'boom' })).toThrow('boom');
    s.failed();
    const after = s.batch();
    expect(after.snapshot.playing).toBe(false);
    expect(after.checkpoint).toBeUndefined();
    // the checkpoint replays to where it was taken
    const t = new SimSession(engineNetfilter);
    t.handle({ type: 'load', scenario: b.checkpoint!.scenario, shared: { inputs: b.checkpoint!.inputs, end: b.checkpoint!.end } });
    expect(t.batch().console.map((l) => l.text)).toEqual(b.console.map((l) => l.text));
  });
});
