/** The lab's conversations end to end, with the real engine on every machine. */
import { describe, expect, it } from 'vitest';
import type { Scenario } from './api';
import { defaultScenario } from './defaultScenario';
import { engineSim, lastOutput, type } from './testing/harness';
import type { Simulator } from './simulator';

const FTP_HELPER = 'iptables -t raw -A PREROUTING -p tcp --dport 21 -j CT --helper ftp';

function withRules(rules: Partial<Record<0 | 1 | 2, string>>): Scenario {
  const s = defaultScenario();
  for (const [i, r] of Object.entries(rules)) s.nodes[Number(i)].rules = r!;
  return s;
}

/** The firewall's verdicts, in order, as "LABEL:STATE". */
function fwStates(sim: Simulator): string[] {
  return sim.world.packets.flatMap((p) => p.verdicts.filter((v) => v.node === 'fw').map((v) => `${p.label}:${v.state}`));
}

describe('conversations through the firewall', () => {
  it('curl: open, request, answer, close; the entries end in TIME_WAIT and the client socket in TIME-WAIT', () => {
    const sim = engineSim();
    type(sim, 'labos-1', 'curl http://192.168.3.1/', 2000);
    expect(lastOutput(sim, 'labos-1').join('\n')).toContain('It works!');
    const fin = sim.world.packets.filter((p) => p.label === 'FIN/ACK');
    expect(fin.map((p) => p.from)).toEqual(['labos-1', 'fw', 'labos-2', 'fw']);
    const fw = sim.snapshot().nodes[1];
    expect(fw.conntrack.map((c) => c.tcpState)).toEqual(['TIME_WAIT']);
    expect(fw.conntrack[0].assured).toBe(true);
    expect(sim.snapshot().nodes[0].sockets.some((s) => s.startsWith('TIME-WAIT'))).toBe(true);
    // TIME-WAIT on the host lasts 60 s; conntrack's TIME_WAIT 120 s
    sim.runUntil(70000);
    expect(sim.snapshot().nodes[0].sockets.some((s) => s.startsWith('TIME-WAIT'))).toBe(false);
    expect(sim.snapshot().nodes[1].conntrack).toHaveLength(1);
    sim.runUntil(125000);
    expect(sim.snapshot().nodes[1].conntrack).toHaveLength(0);
  });

  it('UDP to a closed port: the ICMP port unreachable is RELATED at the firewall, and Ncat says refused', () => {
    const sim = engineSim();
    type(sim, 'labos-1', 'echo hello | nc -u -v 192.168.3.1 9999', 1000);
    expect(lastOutput(sim, 'labos-1').at(-1)).toBe('Ncat: Connection refused.');
    expect(fwStates(sim)).toEqual(['UDP 9999:NEW', 'ICMP port unreachable:RELATED']);
    const icmp = sim.world.packets.find((p) => p.label === 'ICMP port unreachable' && p.to === 'labos-1')!;
    expect(icmp.fate.kind).toBe('delivered');
    expect(icmp.headers.find((h) => h.name.startsWith('Internet Control'))?.children?.some((c) => c.name === 'Embedded packet')).toBe(true);
  });

  it('ping: echo NEW, reply ESTABLISHED; labos-1 lets the replies in', () => {
    const sim = engineSim();
    type(sim, 'labos-1', 'ping -c 3 192.168.3.1', 5000);
    expect(lastOutput(sim, 'labos-1')).toContain('3 packets transmitted, 3 received, 0% packet loss, time 2000ms');
    expect(fwStates(sim).slice(0, 3)).toEqual(['ICMP echo:NEW', 'ICMP echo reply:ESTABLISHED', 'ICMP echo:ESTABLISHED']);
    // and the other way round labos-1 drops the NEW echo requests
    type(sim, 'labos-2', 'ping -c 2 192.168.1.1', 15000);
    expect(lastOutput(sim, 'labos-2')).toContain('2 packets transmitted, 0 received, 100% packet loss, time 1000ms');
  });

  const ftpScenario = (): Scenario =>
    withRules({
      0: '',
      1: [
        FTP_HELPER,
        'iptables -P FORWARD DROP',
        'iptables -A FORWARD -m state --state ESTABLISHED,RELATED -j ACCEPT',
        'iptables -A FORWARD -p tcp --dport 21 -m state --state NEW -j ACCEPT',
      ].join('\n'),
    });

  it.each([
    ['passive', 'curl ftp://192.168.3.1/readme.txt', 'labos-1'],
    ['active', 'curl -P - ftp://192.168.3.1/readme.txt', 'labos-2'],
  ])('FTP %s mode: the data connection is RELATED at the firewall thanks to the helper', (_mode, cmd, dataFrom) => {
    const sim = engineSim(ftpScenario());
    type(sim, 'labos-1', cmd);
    // run until the firewall's helper has seen the 227 / PORT and holds an expectation
    let expectation: string | undefined;
    while (!expectation && sim.stepForward()) expectation = sim.snapshot().nodes[1].expectations[0];
    expect(expectation).toMatch(/proto=6 .*helper=ftp/);
    sim.runUntil(5000);
    expect(lastOutput(sim, 'labos-1')).toEqual(['Welcome to the Conntrack Lab FTP server.', 'This file came over a second connection, the FTP data connection. NEW or RELATED at the firewall? The event list says.']);
    expect(sim.snapshot().nodes[1].expectations).toEqual([]);
    const dataSyn = sim.world.packets.filter((p) => p.label === 'SYN' && p.from === dataFrom && p.to === 'fw').at(-1)!;
    expect(dataSyn.verdicts.find((v) => v.node === 'fw')).toMatchObject({ state: 'RELATED', verdict: 'ACCEPT' });
  });

  it('FTP without the helper: the passive data connection is NEW and the firewall drops it', () => {
    const s = ftpScenario();
    s.nodes[1].rules = s.nodes[1].rules.replace(FTP_HELPER, '');
    const sim = engineSim(s);
    type(sim, 'labos-1', 'curl --connect-timeout 10 ftp://192.168.3.1/readme.txt', 15000);
    expect(lastOutput(sim, 'labos-1').at(-1)).toMatch(/^curl: \(28\) Failed to connect to 192\.168\.3\.1 port \d+ after 10000 ms: Timeout was reached$/);
    // curl gave up: it closes the control connection too
    expect(sim.world.packets.some((p) => p.label === 'FIN/ACK' && p.from === 'labos-1' && p.summary.includes(':21 '))).toBe(true);
    const dropped = sim.world.packets.filter((p) => p.fate.kind === 'dropped');
    expect(dropped.length).toBeGreaterThan(0);
    expect(dropped[0].verdicts.at(-1)).toMatchObject({ node: 'fw', state: 'NEW', verdict: 'DROP' });
  });

  it('nmap -sX: the Xmas probes are INVALID; labos-1 drops the RST answers, but nmap saw them before netfilter', () => {
    const sim = engineSim();
    type(sim, 'labos-1', 'nmap -Pn -sX -p 22,443 192.168.3.1', 3000);
    const out = lastOutput(sim, 'labos-1');
    expect(out).toContain('22/tcp  open|filtered ssh');
    expect(out).toContain('443/tcp closed        https');
    const probes = sim.world.packets.filter((p) => p.label === 'FIN/PSH/URG' && p.from === 'labos-1');
    expect(probes.every((p) => p.verdicts.every((v) => v.state === 'INVALID'))).toBe(true);
    const rst = sim.world.packets.find((p) => p.label === 'RST/ACK' && p.to === 'labos-1')!;
    expect(rst.verdicts[0]).toMatchObject({ node: 'labos-1', state: 'INVALID', verdict: 'DROP' });
  });

  it('REJECT at the firewall: the reply comes back from the firewall and Ncat says refused', () => {
    const sim = engineSim(withRules({ 1: 'iptables -A FORWARD -p tcp --dport 22 -j REJECT --reject-with tcp-reset' }));
    type(sim, 'labos-1', 'nc -v 192.168.3.1 22', 1000);
    expect(lastOutput(sim, 'labos-1').at(-1)).toBe('Ncat: Connection refused.');
    const [syn, rst] = sim.world.packets;
    expect(syn.fate).toEqual({ kind: 'rejected', at: 'fw' });
    expect(rst).toMatchObject({ from: 'fw', to: 'labos-1', isRejectReply: true });
    expect(rst.label).toMatch(/^RST/);
  });

  it('conntrack -L, -E and sysctl at a console', () => {
    const sim = engineSim();
    type(sim, 'fw', 'conntrack -E');
    type(sim, 'labos-1', 'nc -v 192.168.3.1 80', 1000);
    type(sim, 'fw', '^C');
    const ev = sim.world.console.filter((l) => l.node === 'fw').map((l) => l.text);
    expect(ev.some((l) => /^ {4}\[NEW\] tcp {6}6 120 SYN_SENT src=192\.168\.1\.1/.test(l))).toBe(true);
    expect(ev.some((l) => /\[UPDATE\] tcp {6}6 \d+ ESTABLISHED/.test(l))).toBe(true);
    expect(ev.at(-1)).toMatch(/^conntrack v1\.4\.7 \(conntrack-tools\): \d+ flow events have been shown\.$/);
    type(sim, 'fw', 'conntrack -L');
    expect(lastOutput(sim, 'fw').at(-1)).toBe('conntrack v1.4.7 (conntrack-tools): 1 flow entries have been shown.');
    type(sim, 'fw', 'sysctl -w net.netfilter.nf_conntrack_udp_timeout=10');
    expect(lastOutput(sim, 'fw')).toEqual(['net.netfilter.nf_conntrack_udp_timeout = 10']);
    type(sim, 'fw', 'sysctl net.netfilter.nf_conntrack_udp_timeout');
    expect(lastOutput(sim, 'fw')).toEqual(['net.netfilter.nf_conntrack_udp_timeout = 10']);
    type(sim, 'fw', 'sysctl net.netfilter.nf_conntrack_nope');
    expect(lastOutput(sim, 'fw')).toEqual(['sysctl: cannot stat /proc/sys/net/netfilter/nf_conntrack_nope: No such file or directory']);
    type(sim, 'fw', 'iptables -A FORWARD -p tcp --dport 22 -j DROP');
    type(sim, 'fw', 'iptables -S FORWARD');
    expect(lastOutput(sim, 'fw')).toEqual(['-P FORWARD ACCEPT', '-A FORWARD -p tcp -m tcp --dport 22 -j DROP']);
    type(sim, 'fw', 'iptables -A NOPE -j DROP');
    expect(lastOutput(sim, 'fw')).toEqual(['iptables: No chain/target/match by that name.']);
    type(sim, 'fw', 'conntrack -F');
    expect(sim.snapshot().nodes[1].conntrack).toEqual([]);
  });
});

describe('iptables-restore', () => {
  it('reads iptables-save text typed at the console until ^D', () => {
    const sim = engineSim();
    type(sim, 'fw', 'iptables-restore');
    for (const l of ['*filter', ':INPUT ACCEPT [0:0]', ':FORWARD DROP [0:0]', ':OUTPUT ACCEPT [0:0]', 'COMMIT']) type(sim, 'fw', l);
    type(sim, 'fw', '^D');
    expect(sim.shells[1].busy).toBeNull();
    type(sim, 'fw', 'iptables -S FORWARD');
    expect(lastOutput(sim, 'fw')).toEqual(['-P FORWARD DROP']);
  });
});
