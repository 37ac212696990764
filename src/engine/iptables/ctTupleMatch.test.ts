import { describe, expect, it } from 'vitest';
import { Conn } from '../conn';
import { CT_ESTABLISHED, CT_NEW } from '../ctinfo';
import type { CtState } from '../ctinfo';
import { makePacket } from '../packet';
import { IPS_CONFIRMED } from '../status';
import { makeIptVerdict, runHook } from './evalChain';
import type { ReasonParams, Tracer } from '../trace';
import { rulesetFrom } from './testUtil';

const pkt = makePacket({ src: 0x0a630101, dst: 0x0a630301, proto: 17, sport: 4000, dport: 53, iif: 'eth0', oif: 'eth1' });

function entry(confirmed: boolean, timeout: number): Conn {
  const ct = new Conn();
  ct.status = confirmed ? IPS_CONFIRMED : 0;
  ct.proto = 17;
  [ct.oSrc, ct.oDst, ct.oSport, ct.oDport] = [pkt.src, pkt.dst, 4000, 53];
  [ct.rSrc, ct.rDst, ct.rSport, ct.rDport] = [pkt.dst, pkt.src, 53, 4000];
  ct.timeout = timeout;
  return ct;
}

function rule(text: string, ct: Conn, now: number, ctstate: CtState = CT_ESTABLISHED): number {
  const rs = rulesetFrom([`-P FORWARD DROP`, `-A FORWARD ${text} -j ACCEPT`]);
  return runHook(rs, 'filter', 'FORWARD', pkt, { ctstate, ct, dir: 0, now }, makeIptVerdict()).rule;
}

describe('--ctexpire (nf_ct_expires / HZ)', () => {
  it('counts whole seconds left, rounded down', () => {
    const ct = entry(true, 15_999);
    expect(rule('-m conntrack --ctexpire 5', ct, 10_000)).toBe(1);
    expect(rule('-m conntrack --ctexpire 6', ct, 10_000)).toBe(0);
    expect(rule('-m conntrack ! --ctexpire 0:4', ct, 10_000)).toBe(1);
    expect(rule('-m conntrack --ctexpire 0', ct, 16_500)).toBe(1);
  });
  it('is 0 for the packet that creates the entry (its timeout is still relative)', () => {
    const ct = entry(false, 30_000);
    expect(rule('-m conntrack --ctexpire 0', ct, 1000, CT_NEW)).toBe(1);
    expect(rule('-m conntrack --ctexpire 1:', ct, 1000, CT_NEW)).toBe(0);
  });
  it('a reversed range never matches, inverted always', () => {
    const ct = entry(true, 20_000);
    expect(rule('-m conntrack --ctexpire 10:5', ct, 0)).toBe(0);
    expect(rule('-m conntrack ! --ctexpire 10:5', ct, 0)).toBe(1);
  });
});

describe('addresses, protocol and ports of the entry', () => {
  const ct = entry(true, 30_000);
  it.each([
    ['--ctproto udp', 1], ['! --ctproto udp', 0], ['--ctproto tcp', 0],
    ['--ctorigsrc 10.99.1.1', 1], ['--ctorigsrc 10.99.1.200/24', 1], ['! --ctorigsrc 10.99.1.0/24', 0],
    ['--ctorigdst 10.99.3.1/33', 1], ['--ctreplsrc 10.99.3.0/255.255.255.0', 1], ['--ctrepldst 10.99.3.1', 0],
    ['--ctorigsrcport 4000', 1], ['--ctorigdstport 50:60', 1], ['! --ctreplsrcport 53', 0],
    ['--ctrepldstport 4001:', 0], ['--ctrepldstport 4000:3000', 0], ['! --ctrepldstport 4000:3000', 1],
  ])('%s', (opt, want) => {
    expect(rule(`-m conntrack ${opt}`, ct, 0)).toBe(want);
  });
  it('never match a packet without an entry', () => {
    const rs = rulesetFrom([`-A FORWARD -m conntrack ! --ctproto tcp -j ACCEPT`]);
    expect(runHook(rs, 'filter', 'FORWARD', pkt, { ctstate: 3, ct: null, dir: 0, now: 0 }, makeIptVerdict()).rule).toBe(0);
  });
});

describe('the tracer says which option of the entry failed', () => {
  const ct = entry(true, 30_000);
  it.each([
    ['--ctproto tcp', "the connection's protocol udp does not satisfy --ctproto 6"],
    ['! --ctorigsrc 10.99.1.0/24', "the connection's addresses (original 10.99.1.1 -> 10.99.3.1, reply 10.99.3.1 -> 10.99.1.1) do not satisfy ! --ctorigsrc 10.99.1.0/24"],
    ['--ctrepldstport 1:1023', "the connection's ports (original 4000 -> 53, reply 53 -> 4000) do not satisfy --ctrepldstport 1:1023"],
    ['--ctexpire 100:', 'the connection has 20 s left, which does not satisfy --ctexpire 100:4294967295'],
  ])('%s', (opt, why) => {
    const rs = rulesetFrom([`-A FORWARD -m conntrack ${opt} -j ACCEPT`]);
    const reasons: { code: string; params?: ReasonParams }[] = [];
    const tracer: Tracer = { reason: (code, params) => reasons.push({ code, params }), tcpTransition: () => {} };
    runHook(rs, 'filter', 'FORWARD', pkt, { ctstate: CT_ESTABLISHED, ct, dir: 0, now: 9_500 }, makeIptVerdict(), tracer);
    expect(reasons.find((r) => r.code === 'ipt.rule-nomatch')?.params?.why).toBe(why);
  });
});
