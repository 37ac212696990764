import { describe, expect, it } from 'vitest';
import { parseIpv4 } from '../engine/ipv4';
import { defaultScenario } from './defaultScenario';
import { engineNetfilter } from './engineNetfilter';
import { nullNetfilter } from './netfilter';
import { World } from './world';

const ip = (s: string) => parseIpv4(s)!;

function world() {
  return new World(defaultScenario(), { netfilter: nullNetfilter });
}

function run(w: World, until = Infinity) {
  while ((w.nextEventTime() ?? Infinity) <= until && w.step());
}

describe('World without firewall logic', () => {
  it('carries a TCP handshake, a request and an orderly close between the hosts', () => {
    const w = world();
    const log: string[] = [];
    const sock = w.nodes[0].stack.tcp.connect(ip('192.168.3.1'), 80, {
      onConnect: () => {
        log.push('connected');
        sock.send('GET / HTTP/1.0\r\n\r\n');
      },
      onData: (d) => log.push(d.split('\r\n')[0]),
      onEof: () => {
        log.push('eof');
        sock.close();
      },
    });
    run(w, 1000);
    expect(log).toEqual(['connected', 'HTTP/1.1 200 OK', 'eof']);
    const labels = w.packets.filter((p) => p.to !== 'fw').map((p) => `${p.from}>${p.to} ${p.label}`);
    expect(labels).toEqual([
      'fw>labos-2 SYN',
      'fw>labos-1 SYN/ACK',
      'fw>labos-2 ACK',
      'fw>labos-2 PSH/ACK',
      'fw>labos-1 ACK', // quick-ack: the request is acknowledged before the server answers
      'fw>labos-1 PSH/ACK',
      'fw>labos-1 FIN/ACK',
      'fw>labos-2 ACK',
      'fw>labos-2 FIN/ACK',
      'fw>labos-1 ACK',
    ]);
    expect(sock.state).toBe('CLOSED'); // the server closed first: the client went through LAST-ACK
    expect(w.nodes[2].stack.tcp.sockets.map((s) => s.state)).toContain('TIME-WAIT');
    expect(w.packets[0].summary).toMatch(/^192\.168\.1\.1:\d+ → 192\.168\.3\.1:80 \[SYN\] seq=0 win=64240$/);
    expect(w.packets.every((p) => p.fate.kind === 'delivered')).toBe(true);
    run(w);
    expect(w.nodes[2].stack.tcp.sockets.map((s) => s.state)).not.toContain('TIME-WAIT');
    expect(w.now).toBeGreaterThanOrEqual(60000);
  });

  it('answers a SYN to a closed port with RST/ACK, and UDP to a closed port with ICMP port unreachable', () => {
    const w = world();
    let err = '';
    w.nodes[0].stack.tcp.connect(ip('192.168.3.1'), 8080, { onError: (e) => (err = e) });
    const u = w.nodes[0].stack.udp.bind(null, { onError: (e) => (err += ` ${e}`) });
    u.sendTo(ip('192.168.3.1'), 9999, 'hello\n');
    run(w);
    expect(err).toBe('ECONNREFUSED ECONNREFUSED');
    const labels = w.packets.filter((p) => p.from === 'fw').map((p) => p.label);
    expect(labels).toEqual(['SYN', 'UDP 9999', 'RST/ACK', 'ICMP port unreachable']);
  });

  it('retransmits an unanswered SYN as Linux 6.18: 4 linear timeouts of 1 s, then back-off 2, 4, 8 … s; gives up at 131 s', () => {
    // labos-1's seed rules drop the NEW SYNs without a word
    const w = new World(defaultScenario(), { netfilter: engineNetfilter });
    let err = '';
    w.nodes[2].stack.tcp.connect(ip('192.168.1.1'), 80, { onError: (e) => void (err = e) });
    run(w, 130000);
    const sends = w.packets.filter((p) => p.from === 'labos-2').map((p) => p.tSend);
    expect(sends).toEqual([0, 1000, 2000, 3000, 4000, 5000, 7000, 11000, 19000, 35000, 67000]);
    expect(err).toBe('');
    run(w, 131100);
    expect(err).toBe('ETIMEDOUT');
  });

  it('the firewall answers ICMP host unreachable after 3 s of unanswered ARP, and net unreachable at once without a route', () => {
    const w = world();
    let err = '';
    w.nodes[0].stack.tcp.connect(ip('192.168.3.77'), 80, { onError: (e) => void (err = e) });
    run(w, 2999);
    expect(w.packets[0].fate).toEqual({ kind: 'dropped', at: 'fw' });
    expect(w.packets[0].note).toContain('ARP');
    expect(err).toBe('');
    run(w, 3100);
    const icmp = w.packets.find((p) => p.from === 'fw' && p.proto === 'icmp')!;
    expect(icmp).toMatchObject({ to: 'labos-1', src: '192.168.1.254', label: 'ICMP host unreachable' });
    expect(err).toBe('EHOSTUNREACH');
    const u = w.nodes[0].stack.udp.bind(null, { onError: (e) => void (err = e) });
    u.sendTo(ip('10.9.9.9'), 53, 'x');
    run(w, 3200);
    expect(w.packets.at(-1)).toMatchObject({ from: 'fw', to: 'labos-1', label: 'ICMP net unreachable' });
  });
});
