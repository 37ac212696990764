/** The seed example both ways, with the real engine on every machine. */
import { describe, expect, it } from 'vitest';
import { engineSim, lastOutput, type } from './testing/harness';

describe('seed example', () => {
  it('from labos-1, nc -v 192.168.3.1 80 connects; labos-1 and the firewall hold ESTABLISHED entries', () => {
    const sim = engineSim();
    type(sim, 'labos-1', 'nc -v 192.168.3.1 80', 1000);
    expect(lastOutput(sim, 'labos-1')).toEqual(['Ncat: Version 7.93 ( https://nmap.org/ncat )', 'Ncat: Connected to 192.168.3.1:80.']);
    const labels = sim.world.packets.map((p) => `${p.from}>${p.to} ${p.label}`);
    expect(labels).toEqual([
      'labos-1>fw SYN',
      'fw>labos-2 SYN',
      'labos-2>fw SYN/ACK',
      'fw>labos-1 SYN/ACK',
      'labos-1>fw ACK',
      'fw>labos-2 ACK',
    ]);
    // the SYN/ACK passes labos-1's INPUT as ESTABLISHED, thanks to the first rule
    const synAck = sim.world.packets[3].verdicts[0];
    expect(synAck).toMatchObject({ node: 'labos-1', path: 'PREROUTING>INPUT', state: 'ESTABLISHED', verdict: 'ACCEPT' });
    expect(synAck.decidingRule).toBe('-A INPUT -m state --state RELATED,ESTABLISHED -j ACCEPT');
    const snap = sim.snapshot();
    for (const id of ['labos-1', 'fw']) {
      const node = snap.nodes.find((n) => n.id === id)!;
      expect(node.conntrack).toHaveLength(1);
      expect(node.conntrack[0].tcpState).toBe('ESTABLISHED');
      expect(node.conntrack[0].line).toMatch(/^tcp {6}6 \d+ ESTABLISHED src=192\.168\.1\.1 dst=192\.168\.3\.1 /);
    }
    const l1 = snap.nodes[0];
    expect(l1.sockets.some((s) => /^ESTAB\s.*192\.168\.1\.1:\d+\s+192\.168\.3\.1:80$/.test(s))).toBe(true);
    expect(snap.nodes[2].sockets.some((s) => /^ESTAB\s.*192\.168\.3\.1:80\s+192\.168\.1\.1:\d+$/.test(s))).toBe(true);
  });

  it('from labos-2, nc -v 192.168.1.1 80 times out: every SYN dies NEW at labos-1 INPUT by -A INPUT -j DROP', () => {
    const sim = engineSim();
    type(sim, 'labos-2', 'nc -v 192.168.1.1 80', 9999);
    expect(lastOutput(sim, 'labos-2')).toEqual(['Ncat: Version 7.93 ( https://nmap.org/ncat )']);
    expect(sim.snapshot().nodes[2].sockets.some((s) => s.startsWith('SYN-SENT'))).toBe(true);
    sim.runUntil(10000);
    const out = sim.world.console.filter((l) => l.node === 'labos-2');
    expect(out.at(-1)).toMatchObject({ t: 10000, text: 'Ncat: TIMEOUT.' });
    const atLabos1 = sim.world.packets.filter((p) => p.to === 'labos-1');
    expect(atLabos1.map((p) => p.tSend - 20)).toEqual([0, 1000, 2000, 3000, 4000, 5000, 7000]);
    for (const p of atLabos1) {
      expect(p.label).toBe('SYN');
      expect(p.fate).toEqual({ kind: 'dropped', at: 'labos-1' });
      const v = p.verdicts.at(-1)!;
      expect(v).toMatchObject({ node: 'labos-1', state: 'NEW', verdict: 'DROP', decidingRule: '-A INPUT -j DROP' });
      expect(v.steps.find((s) => s.decisive)?.text).toBe('-A INPUT -j DROP');
    }
    // the firewall forwarded them all and tracks the attempt; labos-1 keeps nothing of a dropped NEW packet
    const snap = sim.snapshot();
    expect(snap.nodes[1].conntrack[0].tcpState).toBe('SYN_SENT');
    expect(snap.nodes[1].conntrack[0].unreplied).toBe(true);
    expect(snap.nodes[0].conntrack).toEqual([]);
    expect(snap.nodes[2].sockets.some((s) => s.startsWith('SYN-SENT'))).toBe(false);
  });

  it('the firewall entry of the failed attempt can be watched expiring (SYN_SENT, 120 s)', () => {
    const sim = engineSim();
    type(sim, 'labos-2', 'nc -v 192.168.1.1 80', 11000);
    const exp = sim.snapshot().nodes[1].conntrack[0].expires;
    expect(exp).toBe(20 + 120000); // retransmitted SYNs do not extend the SYN_SENT timeout
    while (sim.snapshot().nodes[1].conntrack.length && sim.skipToNextTimeout());
    expect(sim.now).toBe(exp);
  });
});
