import { describe, expect, it } from 'vitest';
import { lastOutput, makeSim, screen, type } from '../testing/harness';

describe('console without firewall logic', () => {
  it('echoes the prompt and answers unknown commands like bash', () => {
    const sim = makeSim();
    type(sim, 'labos-1', 'foo --bar');
    expect(screen(sim, 'labos-1')).toEqual(['[root@labos-1 /]# foo --bar', 'bash: foo: command not found']);
    type(sim, 'labos-1', `echo 'unterminated`);
    expect(lastOutput(sim, 'labos-1')).toEqual(["bash: unexpected EOF while looking for matching `''"]);
  });

  it('nc connects, sends typed lines, prints the answer, and exits at ^D once the server has closed', () => {
    const sim = makeSim();
    type(sim, 'labos-1', 'nc -v 192.168.3.1 80', 1000);
    expect(lastOutput(sim, 'labos-1')).toEqual(['Ncat: Version 7.93 ( https://nmap.org/ncat )', 'Ncat: Connected to 192.168.3.1:80.']);
    expect(sim.shells[0].busy).toBe('nc -v 192.168.3.1 80');
    type(sim, 'labos-1', 'GET / HTTP/1.0');
    type(sim, 'labos-1', '', 1000);
    const out = screen(sim, 'labos-1').join('\n');
    expect(out).toContain('HTTP/1.1 200 OK');
    expect(out).toContain('It works!');
    // the server has closed its side; Ncat still reads the terminal
    expect(sim.shells[0].busy).toBe('nc -v 192.168.3.1 80');
    type(sim, 'labos-1', '^D', 1000);
    expect(screen(sim, 'labos-1').join('\n')).toMatch(/Ncat: \d+ bytes sent, \d+ bytes received in \d+\.\d\d seconds\./);
    expect(sim.shells[0].busy).toBeNull();
  });

  it('nc -p binds the source port before connecting (recorded: ncat 7.93 -p abc)', () => {
    const sim = makeSim();
    type(sim, 'labos-1', 'nc -p 40000 -v 192.168.3.1 80', 1000);
    expect(sim.world.packets[0].summary).toMatch(/^192\.168\.1\.1:40000 → 192\.168\.3\.1:80 \[SYN\]/);
    type(sim, 'labos-2', 'nc -p abc -v 192.168.1.1 80');
    expect(lastOutput(sim, 'labos-2')).toContain('Ncat: Invalid source port number "abc". QUITTING.');
  });

  it('nc sends what was typed while it was still connecting, blank line included', () => {
    const sim = makeSim();
    type(sim, 'labos-1', 'nc 192.168.3.1 80');
    type(sim, 'labos-1', 'GET / HTTP/1.0');
    type(sim, 'labos-1', '', 2000);
    expect(screen(sim, 'labos-1').join('\n')).toContain('HTTP/1.1 200 OK');
  });

  it('nc reports a refused connection and bad arguments as Ncat does', () => {
    const sim = makeSim();
    type(sim, 'labos-1', 'nc -v 192.168.3.1 8080', 1000);
    expect(lastOutput(sim, 'labos-1')).toEqual(['Ncat: Version 7.93 ( https://nmap.org/ncat )', 'Ncat: Connection refused.']);
    type(sim, 'labos-1', 'nc -v 192.168.3.1 99999');
    expect(lastOutput(sim, 'labos-1')).toEqual(['Ncat: Version 7.93 ( https://nmap.org/ncat )', 'Ncat: Invalid port number "99999". QUITTING.']);
    type(sim, 'labos-1', 'nc -q 1 x 1');
    expect(lastOutput(sim, 'labos-1')[0]).toBe("nc: invalid option -- 'q'");
    type(sim, 'labos-1', 'nc -v nosuchhost 80');
    expect(lastOutput(sim, 'labos-1')).toEqual([
      'Ncat: Version 7.93 ( https://nmap.org/ncat )',
      'Ncat: Could not resolve hostname "nosuchhost": Name or service not known. QUITTING.',
    ]);
  });

  it('ping prints iputils lines and statistics', () => {
    const sim = makeSim();
    type(sim, 'labos-1', 'ping -c 2 labos-2', 5000);
    expect(lastOutput(sim, 'labos-1')).toEqual([
      'PING labos-2 (192.168.3.1) 56(84) bytes of data.',
      '64 bytes from labos-2 (192.168.3.1): icmp_seq=1 ttl=63 time=80.0 ms',
      '64 bytes from labos-2 (192.168.3.1): icmp_seq=2 ttl=63 time=80.0 ms',
      '',
      '--- labos-2 ping statistics ---',
      '2 packets transmitted, 2 received, 0% packet loss, time 1000ms',
      'rtt min/avg/max/mdev = 80.000/80.000/80.000/0.000 ms',
    ]);
  });

  it('curl fetches the page and reports a refused port', () => {
    const sim = makeSim();
    type(sim, 'labos-1', 'curl http://192.168.3.1/', 2000);
    expect(lastOutput(sim, 'labos-1').join('\n')).toContain('<h1>It works!</h1>');
    type(sim, 'labos-1', 'curl http://192.168.3.1:81/', 2000);
    expect(lastOutput(sim, 'labos-1')).toEqual(["curl: (7) Failed to connect to 192.168.3.1 port 81 after 80 ms: Couldn't connect to server"]);
    type(sim, 'labos-1', 'curl gopher://x/');
    expect(lastOutput(sim, 'labos-1')).toEqual(['curl: (6) Could not resolve host: x']);
    type(sim, 'labos-1', 'curl foo://x/');
    expect(lastOutput(sim, 'labos-1')).toEqual(['curl: (1) Protocol "foo" not supported or disabled in libcurl']);
  });

  it('dig gets an A record', () => {
    const sim = makeSim();
    type(sim, 'labos-1', 'dig @192.168.3.1 labos-2', 2000);
    const out = lastOutput(sim, 'labos-1').join('\n');
    expect(out).toContain(';; ANSWER SECTION:');
    expect(out).toContain('labos-2.\t\t300\tIN\tA\t192.168.3.1');
    expect(out).toContain(';; Query time: 80 msec');
  });

  it('curl downloads over FTP in passive and active mode', () => {
    for (const cmd of ['curl ftp://192.168.3.1/readme.txt', 'curl -P - ftp://192.168.3.1/readme.txt']) {
      const sim = makeSim();
      type(sim, 'labos-1', cmd, 5000);
      expect(lastOutput(sim, 'labos-1')).toEqual(['Welcome to the Conntrack Lab FTP server.', 'This file came over a second connection, the FTP data connection. NEW or RELATED at the firewall? The event list says.']);
      expect(sim.shells[0].busy).toBeNull();
    }
  });

  it('nmap -sS tells open from closed ports', () => {
    const sim = makeSim();
    type(sim, 'labos-1', 'nmap -sS -p 22,80,443 192.168.3.1', 3000);
    const out = lastOutput(sim, 'labos-1');
    expect(out).toContain('22/tcp  open   ssh');
    expect(out).toContain('80/tcp  open   http');
    expect(out).toContain('443/tcp closed https');
  });

  it('ss -tan lists listeners and connections', () => {
    const sim = makeSim();
    type(sim, 'labos-2', 'ss -tan');
    const out = lastOutput(sim, 'labos-2');
    expect(out[0]).toBe('State  Recv-Q Send-Q Local Address:Port Peer Address:PortProcess');
    expect(out.slice(1).every((l) => l.startsWith('LISTEN'))).toBe(true);
    expect(out).toHaveLength(4);
  });

  it('^C interrupts a running ping', () => {
    const sim = makeSim();
    type(sim, 'labos-1', 'ping 192.168.3.1', 2500);
    type(sim, 'labos-1', '^C');
    const out = lastOutput(sim, 'labos-1');
    // the ^C shows once, as typed (no prompt: ping was running), then ping's statistics
    expect(screen(sim, 'labos-1').filter((l) => l.includes('^C'))).toEqual(['^C']);
    expect(out[0]).toBe('');
    expect(out).toContain('3 packets transmitted, 3 received, 0% packet loss, time 2000ms');
    expect(sim.shells[0].busy).toBeNull();
  });
});

describe('hping3', () => {
  it('sends a SYN and prints the SYN/ACK as hping3 does', () => {
    const sim = makeSim();
    type(sim, 'labos-1', 'hping3 -S -p 80 -c 1 192.168.3.1', 2000);
    const out = lastOutput(sim, 'labos-1');
    expect(out[0]).toBe('HPING 192.168.3.1 (eth0 192.168.3.1): S set, 40 headers + 0 data bytes');
    expect(out[1]).toMatch(/^len=44 ip=192\.168\.3\.1 ttl=63 DF id=\d+ sport=80 flags=SA seq=0 win=64240 rtt=80\.0 ms$/);
    expect(out.slice(2)).toEqual([
      '',
      '--- 192.168.3.1 hping statistic ---',
      '1 packets transmitted, 1 packets received, 0% packet loss',
      'round-trip min/avg/max = 80.0/80.0/80.0 ms',
    ]);
    // the kernel of labos-1 has no socket for that SYN/ACK: it answers RST
    expect(sim.world.packets.map((p) => p.label)).toContain('RST');
  });

  it('rejects what hping3 rejects', () => {
    const sim = makeSim();
    type(sim, 'labos-1', 'hping3 -S -p 99999 x');
    expect(lastOutput(sim, 'labos-1')).toEqual(["hping3: invalid destination port '99999'"]);
  });
});
