import { describe, expect, it } from 'vitest';
import { Conntrack } from './conntrack';
import { formatConn } from './conntrackPrint';
import { CT_ESTABLISHED, CT_INVALID, CT_NEW, CT_RELATED, CT_UNTRACKED, NF_ACCEPT } from './ctinfo';
import { parseIpv4 } from './ipv4';
import { IPPROTO_ICMP, IPPROTO_UDP, makePacket, type Packet } from './packet';
import { IPS_ASSURED, IPS_SEEN_REPLY } from './status';

const A = parseIpv4('10.99.1.1')!;
const B = parseIpv4('10.99.3.1')!;

function udp(src: number, dst: number, sport: number, dport: number): Packet {
  return makePacket({ proto: IPPROTO_UDP, src, dst, sport, dport, payloadLen: 10 });
}
function icmp(src: number, dst: number, type: number, id: number, inner: Packet | null = null, code = 0): Packet {
  return makePacket({ proto: IPPROTO_ICMP, src, dst, icmpType: type, icmpCode: code, icmpId: id, inner });
}

/** A packet through PREROUTING conntrack and, if accepted, confirmation (a firewall with no rules). */
function pass(c: Conntrack, p: Packet, now: number): void {
  expect(c.conntrackIn(p, now, null, null)).toBe(NF_ACCEPT);
  c.confirm(p, now, null);
}

function lines(c: Conntrack, now: number): string[] {
  return c.table.entries().filter((ct) => ct.timeout > now).map((ct) => formatConn(ct, now));
}

describe('conntrack core with UDP', () => {
  it('NEW, then ESTABLISHED on the reply, with the kernel timeouts', () => {
    const c = new Conntrack();
    pass(c, udp(A, B, 5000, 53), 0);
    expect(c.state).toBe(CT_NEW);
    expect(lines(c, 0)).toEqual([
      'udp      17 30 src=10.99.1.1 dst=10.99.3.1 sport=5000 dport=53 [UNREPLIED] src=10.99.3.1 dst=10.99.1.1 sport=53 dport=5000 mark=0 use=1',
    ]);
    pass(c, udp(B, A, 53, 5000), 100);
    expect(c.state).toBe(CT_ESTABLISHED);
    // A reply within 2 s: not yet a stream, but ASSURED as the kernel sets it.
    expect(c.ct!.status & IPS_SEEN_REPLY).toBeTruthy();
    expect(lines(c, 100)[0]).toContain(' 30 src=');
    pass(c, udp(A, B, 5000, 53), 2500);
    expect(c.state).toBe(CT_ESTABLISHED);
    expect(lines(c, 2500)[0]).toMatch(/^udp {6}17 120 .* \[ASSURED\] mark=0 use=1$/);
    expect(c.ct!.status & IPS_ASSURED).toBeTruthy();
  });

  it('an expired entry is gone: the next packet is NEW again', () => {
    const c = new Conntrack({ udp_timeout: 3 });
    pass(c, udp(A, B, 5000, 53), 0);
    pass(c, udp(A, B, 5000, 53), 2000);
    expect(c.state).toBe(CT_NEW);
    pass(c, udp(A, B, 5000, 53), 5100);
    expect(c.state).toBe(CT_NEW);
    expect(c.table.count).toBe(1);
    expect(c.gc(100000)).toBe(1);
    expect(c.table.count).toBe(0);
  });

  it('an entry made by a packet that is then dropped is never confirmed', () => {
    const c = new Conntrack();
    const p = udp(A, B, 5000, 53);
    c.conntrackIn(p, 0, null, null);
    expect(c.state).toBe(CT_NEW);
    c.dropped(0);
    expect(c.table.count).toBe(0);
    c.conntrackIn(p, 10, null, null);
    expect(c.state).toBe(CT_NEW);
  });

  it('NOTRACK makes the packet UNTRACKED and leaves the table alone', () => {
    const c = new Conntrack();
    pass(c, udp(A, B, 5000, 53), 0);
    c.conntrackIn(udp(A, B, 5001, 53), 0, { notrack: true, helper: null }, null);
    expect(c.state).toBe(CT_UNTRACKED);
    expect(c.ct).toBeNull();
    expect(c.table.count).toBe(1);
  });
});

describe('conntrack core with ICMP', () => {
  it('echo request NEW, reply ESTABLISHED, a reply with another id INVALID', () => {
    const c = new Conntrack();
    pass(c, icmp(A, B, 8, 100), 0);
    expect(c.state).toBe(CT_NEW);
    expect(lines(c, 0)).toEqual([
      'icmp     1 30 src=10.99.1.1 dst=10.99.3.1 type=8 code=0 id=100 [UNREPLIED] src=10.99.3.1 dst=10.99.1.1 type=0 code=0 id=100 mark=0 use=1',
    ]);
    pass(c, icmp(B, A, 0, 100), 10);
    expect(c.state).toBe(CT_ESTABLISHED);
    pass(c, icmp(B, A, 0, 101), 20);
    expect(c.state).toBe(CT_INVALID);
    expect(c.table.count).toBe(1);
  });

  it('an ICMP error about a tracked connection is RELATED; about an unknown one INVALID', () => {
    const c = new Conntrack();
    const out = udp(A, B, 5000, 53);
    pass(c, out, 0);
    pass(c, icmp(B, A, 3, 0, out, 3), 10);
    expect(c.state).toBe(CT_RELATED);
    expect(c.dir).toBe(1);
    pass(c, icmp(B, A, 3, 0, udp(A, B, 5001, 53), 3), 20);
    expect(c.state).toBe(CT_INVALID);
    // An error from the middle going to someone else than the connection's peer: INVALID.
    pass(c, icmp(B, parseIpv4('10.99.1.9')!, 3, 0, out, 3), 30);
    expect(c.state).toBe(CT_INVALID);
  });

  it('types above 18 and types without a reply type get no entry', () => {
    const c = new Conntrack();
    pass(c, icmp(A, B, 40, 1), 0);
    expect(c.state).toBe(CT_INVALID);
    pass(c, icmp(A, B, 9, 1), 0); // router advertisement: no inverse
    expect(c.state).toBe(CT_INVALID);
    expect(c.table.count).toBe(0);
  });
});

describe('conntrack core with other protocols', () => {
  it('tracks by addresses with the generic timeout', () => {
    const c = new Conntrack();
    const p = makePacket({ proto: 253, src: A, dst: B, payloadLen: 20 });
    pass(c, p, 0);
    expect(c.state).toBe(CT_NEW);
    expect(lines(c, 0)).toEqual([
      'unknown  253 600 src=10.99.1.1 dst=10.99.3.1 [UNREPLIED] src=10.99.3.1 dst=10.99.1.1 mark=0 use=1',
    ]);
    pass(c, makePacket({ proto: 253, src: B, dst: A }), 5);
    expect(c.state).toBe(CT_ESTABLISHED);
  });
});

describe('conntrack -E lines', () => {
  it('are printed as conntrack-tools prints the kernel events (no mark/use; DESTROY of an expired entry without timeout)', async () => {
    const { formatCtEvent } = await import('./conntrackPrint');
    const c = new Conntrack({ udp_timeout: 2 });
    const seen: string[] = [];
    let clock = 0;
    c.listener = { ctEvent: (e) => void seen.push(formatCtEvent(e.type, e.ct, clock)), expectEvent: () => undefined };
    pass(c, udp(A, B, 35913, 5000), 0);
    clock = 5000;
    c.gc(5000);
    expect(seen).toEqual([
      '    [NEW] udp      17 2 src=10.99.1.1 dst=10.99.3.1 sport=35913 dport=5000 [UNREPLIED] src=10.99.3.1 dst=10.99.1.1 sport=5000 dport=35913',
      '[DESTROY] udp      17 src=10.99.1.1 dst=10.99.3.1 sport=35913 dport=5000 [UNREPLIED] src=10.99.3.1 dst=10.99.1.1 sport=5000 dport=35913',
    ]);
  });
});
