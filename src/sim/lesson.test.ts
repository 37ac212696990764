/** The lesson panel's FTP exercise, run as a student would: it must really work with the seed rules. */
import { describe, expect, it } from 'vitest';
import { engineSim, lastOutput, screen, type } from './testing/harness';

function labos1States(sim: ReturnType<typeof engineSim>, label: string): string[] {
  return sim.world.packets
    .filter((p) => p.label === label && p.to === 'labos-1')
    .flatMap((p) => p.verdicts.filter((v) => v.node === 'labos-1').map((v) => `${v.state} ${v.verdict}`));
}

describe('lesson: RELATED needs a helper (active FTP on the seed rules)', () => {
  it('fails without the helper: the server\'s data connection is NEW at labos-1 and dropped', () => {
    const sim = engineSim();
    type(sim, 'labos-1', 'curl -P - ftp://192.168.3.1/readme.txt', 200_000);
    expect(screen(sim, 'labos-1').join('\n')).toMatch(/curl: \(\d+\)/);
    expect(labos1States(sim, 'SYN')).toContain('NEW DROP');
  });

  it('works once labos-1 attaches the ftp helper in its raw OUTPUT chain: the data connection is RELATED', () => {
    const sim = engineSim();
    type(sim, 'labos-1', 'iptables -t raw -A OUTPUT -p tcp --dport 21 -j CT --helper ftp', 10);
    type(sim, 'labos-1', 'curl -P - ftp://192.168.3.1/readme.txt', 30_000);
    expect(lastOutput(sim, 'labos-1').join('\n')).toContain('Welcome to the Conntrack Lab FTP server.');
    expect(labos1States(sim, 'SYN')).toEqual(['RELATED ACCEPT']);
  });
});
