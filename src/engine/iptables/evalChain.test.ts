import { describe, expect, it } from 'vitest';
import { Conn } from '../conn';
import { CT_ESTABLISHED, CT_INVALID, CT_NEW, CT_RELATED, CT_UNTRACKED, NF_ACCEPT, NF_DROP } from '../ctinfo';
import type { CtState, Dir } from '../ctinfo';
import { parseIpv4 } from '../ipv4';
import type { Packet } from '../packet';
import { IPPROTO_ICMP, IPPROTO_TCP, IPPROTO_UDP, makePacket, TCP_ACK, TCP_FIN, TCP_PSH, TCP_RST, TCP_SYN } from '../packet';
import { IPS_ASSURED, IPS_CONFIRMED, IPS_SEEN_REPLY } from '../status';
import type { ReasonParams, Tracer } from '../trace';
import { makeIptVerdict, runHook } from './evalChain';
import type { IptMeta } from './evalChain';
import { IPT_REASONS } from './iptReasons';
import { rulesetFrom } from './testUtil';

const ip = (s: string) => parseIpv4(s)!;
const A = ip('10.99.1.1');
const B = ip('10.99.3.1');

function tcp(flags: number, f: Partial<Packet> = {}): Packet {
  return makePacket({ src: A, dst: B, proto: IPPROTO_TCP, sport: 45000, dport: 80, flags, iif: 'eth0', oif: 'eth1', ...f });
}
function udp(f: Partial<Packet> = {}): Packet {
  return makePacket({ src: A, dst: B, proto: IPPROTO_UDP, sport: 5353, dport: 53, payloadLen: 20, iif: 'eth0', oif: 'eth1', ...f });
}
function icmp(type: number, code = 0, f: Partial<Packet> = {}): Packet {
  return makePacket({ src: A, dst: B, proto: IPPROTO_ICMP, icmpType: type, icmpCode: code, icmpId: 7, iif: 'eth0', oif: 'eth1', ...f });
}
function conn(status: number): Conn {
  const c = new Conn();
  c.status = status;
  return c;
}
function meta(ctstate: CtState, status = IPS_CONFIRMED, dir: Dir = 0): IptMeta {
  return { ctstate, ct: ctstate < CT_INVALID ? conn(status) : null, dir, now: 0 };
}

/** Runs FORWARD of a one-rule ruleset (policy DROP) and says whether the rule matched. */
function matches(rule: string, pkt: Packet, m: IptMeta = meta(CT_NEW)): boolean {
  const rs = rulesetFrom(['-P FORWARD DROP', `-A FORWARD ${rule} -j ACCEPT`]);
  const v = runHook(rs, 'filter', 'FORWARD', pkt, m, makeIptVerdict());
  return v.verdict === NF_ACCEPT;
}

describe('matches, as the kernel evaluates them', () => {
  it.each([
    ['-s 10.99.1.0/24', tcp(TCP_SYN), true],
    ['-s 10.99.2.0/24', tcp(TCP_SYN), false],
    ['! -s 10.99.2.0/24', tcp(TCP_SYN), true],
    ['-d 10.99.3.1', tcp(TCP_SYN), true],
    ['! -d 10.99.3.1', tcp(TCP_SYN), false],
    ['-s 10.99.1.5/255.255.255.0', tcp(TCP_SYN), true],
    ['-i eth0', tcp(TCP_SYN), true],
    ['-i eth1', tcp(TCP_SYN), false],
    ['-i eth+', tcp(TCP_SYN), true],
    ['! -i eth+', tcp(TCP_SYN), false],
    ['-o eth1', tcp(TCP_SYN), true],
    ['! -o eth1', tcp(TCP_SYN), false],
    ['-p tcp', tcp(TCP_SYN), true],
    ['-p udp', tcp(TCP_SYN), false],
    ['! -p udp', tcp(TCP_SYN), true],
    ['-p 6', tcp(TCP_SYN), true],
    ['-p all', udp(), true],
    ['-p tcp --dport 80', tcp(TCP_SYN), true],
    ['-p tcp --dport 81', tcp(TCP_SYN), false],
    ['-p tcp ! --dport 81', tcp(TCP_SYN), true],
    ['-p tcp --dport 1:100', tcp(TCP_SYN), true],
    ['-p tcp --dport :79', tcp(TCP_SYN), false],
    ['-p tcp --dport 80:', tcp(TCP_SYN), true],
    ['-p tcp --sport 1024:65535', tcp(TCP_SYN), true],
    ['-p tcp --dport http', tcp(TCP_SYN), true],
    ['-p tcp --syn', tcp(TCP_SYN), true],
    ['-p tcp --syn', tcp(TCP_SYN | TCP_ACK), false],
    ['-p tcp --syn', tcp(TCP_SYN | TCP_FIN), false],
    ['-p tcp --syn', tcp(TCP_SYN | TCP_PSH), true],
    ['-p tcp ! --syn', tcp(TCP_ACK), true],
    ['-p tcp --tcp-flags ALL NONE', tcp(0), true],
    ['-p tcp --tcp-flags SYN,ACK SYN,ACK', tcp(TCP_SYN | TCP_ACK), true],
    ['-p tcp --tcp-flags SYN,RST SYN,RST', tcp(TCP_SYN), false],
    ['-p tcp --tcp-flags FIN,SYN,RST,PSH,ACK,URG FIN,PSH,URG', tcp(TCP_FIN | TCP_PSH | 0x20), true],
    ['-p udp --dport 53', udp(), true],
    ['-p udp --sport 53', udp(), false],
    ['-p udp ! --sport 53', udp(), true],
    ['-p icmp --icmp-type echo-request', icmp(8), true],
    ['-p icmp --icmp-type echo-reply', icmp(8), false],
    ['-p icmp --icmp-type any', icmp(13), true],
    ['-p icmp --icmp-type 3', icmp(3, 13), true],
    ['-p icmp --icmp-type 3/3', icmp(3, 13), false],
    ['-p icmp --icmp-type port-unreachable', icmp(3, 3), true],
    ['-p icmp ! --icmp-type 8', icmp(0), true],
    ['-p tcp -m multiport --dports 22,80,443', tcp(TCP_SYN), true],
    ['-p tcp -m multiport --dports 8000:8080,22', tcp(TCP_SYN), false],
    ['-p tcp -m multiport --sports 40000:50000', tcp(TCP_SYN), true],
    ['-p tcp -m multiport --ports 80', tcp(TCP_SYN, { sport: 80, dport: 1234 }), true],
    ['-p tcp -m multiport ! --dports 22,443', tcp(TCP_SYN), true],
    ['-p tcp -m multiport ! --dports 80', tcp(TCP_SYN), false],
    ['-m comment --comment "anything"', tcp(TCP_SYN), true],
  ] as [string, Packet, boolean][])('%s', (rule, pkt, want) => {
    expect(matches(rule, pkt)).toBe(want);
  });
});

describe('state and conntrack matches', () => {
  const est = meta(CT_ESTABLISHED, IPS_CONFIRMED | IPS_SEEN_REPLY | IPS_ASSURED, 1);
  it.each([
    ['-m state --state NEW', meta(CT_NEW), true],
    ['-m state --state ESTABLISHED,RELATED', meta(CT_NEW), false],
    ['-m state --state ESTABLISHED,RELATED', est, true],
    ['-m state --state RELATED', meta(CT_RELATED), true],
    ['-m state --state INVALID', meta(CT_INVALID), true],
    ['-m state --state UNTRACKED', meta(CT_UNTRACKED), true],
    ['-m state --state NEW', meta(CT_UNTRACKED), false],
    ['-m state ! --state NEW', meta(CT_UNTRACKED), true],
    ['-m state ! --state NEW', meta(CT_NEW), false],
    ['-m conntrack --ctstate NEW,RELATED', meta(CT_RELATED), true],
    ['-m conntrack ! --ctstate INVALID', meta(CT_INVALID), false],
    ['-m conntrack --ctstatus ASSURED', est, true],
    ['-m conntrack --ctstatus ASSURED', meta(CT_NEW), false],
    ['-m conntrack ! --ctstatus ASSURED', meta(CT_NEW), true],
    ['-m conntrack --ctstatus SEEN_REPLY,ASSURED', meta(CT_ESTABLISHED, IPS_SEEN_REPLY), true],
    // NONE is a zero mask: the kernel's test (mask & status) never holds
    ['-m conntrack --ctstatus NONE', meta(CT_NEW, 0), false],
    ['-m conntrack ! --ctstatus NONE', meta(CT_NEW, 0), true],
    ['-m conntrack --ctdir ORIGINAL', meta(CT_NEW), true],
    ['-m conntrack --ctdir REPLY', meta(CT_NEW), false],
    ['-m conntrack --ctdir REPLY', est, true],
    // without a connection only --ctstate can hold (xt_conntrack returns early)
    ['-m conntrack --ctdir ORIGINAL', meta(CT_INVALID), false],
    ['-m conntrack ! --ctstatus ASSURED', meta(CT_UNTRACKED), false],
    ['-m conntrack --ctstate INVALID --ctdir REPLY', meta(CT_INVALID), true],
    ['-m conntrack --ctstate ESTABLISHED --ctdir ORIGINAL', est, false],
  ] as [string, IptMeta, boolean][])('%s', (rule, m, want) => {
    expect(matches(rule, tcp(TCP_ACK), m)).toBe(want);
  });
});

describe('targets, chains and the result', () => {
  it('ACCEPT and DROP decide; the first matching rule is reported', () => {
    const rs = rulesetFrom(['-A FORWARD -p udp -j ACCEPT', '-A FORWARD -p tcp -j LOG', '-A FORWARD -p tcp --dport 80 -j DROP']);
    const v = runHook(rs, 'filter', 'FORWARD', tcp(TCP_SYN), meta(CT_NEW), makeIptVerdict());
    expect(v).toMatchObject({ verdict: NF_DROP, rule: 2, decidedBy: 'rule', decisiveChain: 'FORWARD', decisiveIndex: 3 });
    expect(v.logs).toEqual(['IN=eth0 OUT=eth1 SRC=10.99.1.1 DST=10.99.3.1 LEN=40 TOS=0x00 PREC=0x00 TTL=64 ID=0 PROTO=TCP SPT=45000 DPT=80 WINDOW=64240 RES=0x00 SYN URGP=0']);
  });

  it('the policy decides when nothing terminates; rule 0 when nothing matched', () => {
    const rs = rulesetFrom(['-P FORWARD DROP', '-A FORWARD -p udp -j ACCEPT']);
    const v = runHook(rs, 'filter', 'FORWARD', tcp(TCP_SYN), meta(CT_NEW), makeIptVerdict());
    expect(v).toMatchObject({ verdict: NF_DROP, rule: 0, decidedBy: 'policy', decisiveIndex: 0 });
  });

  it('jump, RETURN and the end of a user chain come back; the jump rule is the built-in chain index', () => {
    const rs = rulesetFrom([
      '-N web', '-N deeper',
      '-A FORWARD -p tcp -j web', '-A FORWARD -p tcp --dport 80 -j ACCEPT',
      '-A web -p tcp --dport 22 -j DROP', '-A web -j deeper', '-A web -p tcp --dport 80 -j RETURN', '-A web -j DROP',
      '-A deeper -p tcp --sport 1:1000 -j DROP',
    ]);
    const v = runHook(rs, 'filter', 'FORWARD', tcp(TCP_SYN), meta(CT_NEW), makeIptVerdict());
    expect(v).toMatchObject({ verdict: NF_ACCEPT, rule: 1, decidedBy: 'rule', decisiveChain: 'FORWARD', decisiveIndex: 2 });
    const w = runHook(rs, 'filter', 'FORWARD', tcp(TCP_SYN, { dport: 22 }), meta(CT_NEW), makeIptVerdict());
    expect(w).toMatchObject({ verdict: NF_DROP, rule: 1, decisiveChain: 'web', decisiveIndex: 1 });
  });

  it('goto does not come back: the end of the chain goes back past the goto rule', () => {
    const rs = rulesetFrom([
      '-N outer', '-N target',
      '-A FORWARD -j outer', '-A FORWARD -j ACCEPT',
      '-A outer -g target', '-A outer -j DROP',
      '-A target -p udp -j DROP',
    ]);
    const v = runHook(rs, 'filter', 'FORWARD', tcp(TCP_SYN), meta(CT_NEW), makeIptVerdict());
    // target falls off its end -> back to FORWARD after "-j outer" (outer's DROP is skipped)
    expect(v).toMatchObject({ verdict: NF_ACCEPT, decisiveChain: 'FORWARD', decisiveIndex: 2 });
  });

  it('RETURN in a built-in chain, and goto from it, end at the policy', () => {
    const rs = rulesetFrom(['-P FORWARD DROP', '-N x', '-A FORWARD -p udp -j RETURN', '-A FORWARD -p udp -j ACCEPT', '-A FORWARD -p tcp -g x', '-A FORWARD -j ACCEPT']);
    expect(runHook(rs, 'filter', 'FORWARD', udp(), meta(CT_NEW), makeIptVerdict())).toMatchObject({ verdict: NF_DROP, rule: 1, decidedBy: 'policy' });
    expect(runHook(rs, 'filter', 'FORWARD', tcp(TCP_SYN), meta(CT_NEW), makeIptVerdict())).toMatchObject({ verdict: NF_DROP, rule: 3, decidedBy: 'policy' });
  });

  it('a rule without a target counts and goes on', () => {
    const rs = rulesetFrom(['-A FORWARD -p tcp', '-A FORWARD -j DROP']);
    const v = runHook(rs, 'filter', 'FORWARD', tcp(TCP_SYN), meta(CT_NEW), makeIptVerdict());
    expect(v).toMatchObject({ verdict: NF_DROP, rule: 1, decisiveIndex: 2 });
    expect(rs.tables.filter.chains[1].rules[0].packets).toBe(1);
  });

  it('REJECT drops and says how', () => {
    const rs = rulesetFrom(['-A FORWARD -p tcp -j REJECT --reject-with tcp-reset', '-A FORWARD -j REJECT']);
    expect(runHook(rs, 'filter', 'FORWARD', tcp(TCP_SYN), meta(CT_NEW), makeIptVerdict())).toMatchObject({ verdict: NF_DROP, reject: 'tcp-reset' });
    expect(runHook(rs, 'filter', 'FORWARD', udp(), meta(CT_NEW), makeIptVerdict())).toMatchObject({ verdict: NF_DROP, reject: 'icmp-port-unreachable' });
  });

  it('raw: CT --notrack and --helper are reported and evaluation continues', () => {
    const rs = rulesetFrom([
      '-t raw -A PREROUTING -p udp --dport 53 -j CT --notrack',
      '-t raw -A PREROUTING -p tcp --dport 21 -j CT --helper ftp',
      '-t raw -A PREROUTING -p udp -j NOTRACK',
    ]);
    const m = meta(CT_INVALID);
    expect(runHook(rs, 'raw', 'PREROUTING', udp(), m, makeIptVerdict())).toMatchObject({ verdict: NF_ACCEPT, notrack: true, helper: null, rule: 1 });
    expect(runHook(rs, 'raw', 'PREROUTING', tcp(TCP_SYN, { dport: 21 }), m, makeIptVerdict())).toMatchObject({ notrack: false, helper: 'ftp', rule: 2 });
    expect(runHook(rs, 'raw', 'FORWARD', udp(), m, makeIptVerdict())).toMatchObject({ verdict: NF_ACCEPT, rule: 0 });
  });

  it('counters: rules and policies count packets and bytes (pkt.len)', () => {
    const rs = rulesetFrom(['-N c', '-A FORWARD -j c', '-A c -p udp -j ACCEPT']);
    const out = makeIptVerdict();
    runHook(rs, 'filter', 'FORWARD', udp(), meta(CT_NEW), out);
    runHook(rs, 'filter', 'FORWARD', udp(), meta(CT_NEW), out);
    runHook(rs, 'filter', 'FORWARD', tcp(TCP_SYN), meta(CT_NEW), out);
    const [, fwd] = rs.tables.filter.chains;
    const c = rs.tables.filter.chains.find((x) => x.name === 'c')!;
    expect(fwd.rules[0]).toMatchObject({ packets: 3, bytes: 2 * 48 + 40 });
    expect(c.rules[0]).toMatchObject({ packets: 2, bytes: 96 });
    expect(fwd).toMatchObject({ packets: 1, bytes: 40 });
  });

  it('reuses the result object (logs and steps are cleared)', () => {
    const rs = rulesetFrom(['-A FORWARD -j LOG --log-prefix "x "']);
    const out = makeIptVerdict();
    runHook(rs, 'filter', 'FORWARD', udp(), meta(CT_NEW), out);
    runHook(rs, 'filter', 'FORWARD', udp(), meta(CT_NEW), out);
    expect(out.logs).toHaveLength(1);
    expect(out.logs[0]).toBe('x IN=eth0 OUT=eth1 SRC=10.99.1.1 DST=10.99.3.1 LEN=48 TOS=0x00 PREC=0x00 TTL=64 ID=0 PROTO=UDP SPT=5353 DPT=53 LEN=28');
  });

  it('a recompiled table after a change (compile cache keyed on the table object)', () => {
    const rs1 = rulesetFrom(['-A FORWARD -j DROP']);
    const rs2 = rulesetFrom(['-F FORWARD', '-A FORWARD -j ACCEPT'], rs1);
    const out = makeIptVerdict();
    expect(runHook(rs1, 'filter', 'FORWARD', udp(), meta(CT_NEW), out).verdict).toBe(NF_DROP);
    expect(runHook(rs2, 'filter', 'FORWARD', udp(), meta(CT_NEW), out).verdict).toBe(NF_ACCEPT);
  });
});

describe('tracer', () => {
  class Collect implements Tracer {
    codes: { code: string; params?: ReasonParams }[] = [];
    reason(code: string, params?: ReasonParams) {
      this.codes.push({ code, params });
    }
    tcpTransition() {}
  }
  it('raw: only the first CT target gives the packet its template, traced and untraced alike', () => {
    const rs = rulesetFrom([
      '-t raw -A PREROUTING -p udp --dport 53 -j CT',
      '-t raw -A PREROUTING -p tcp --dport 21 -j CT --helper ftp',
      '-t raw -A PREROUTING -j NOTRACK',
    ]);
    const m = meta(CT_INVALID);
    for (const t of [null, new Collect()]) {
      expect(runHook(rs, 'raw', 'PREROUTING', udp(), m, makeIptVerdict(), t)).toMatchObject({ ctSet: true, notrack: false, helper: null });
      expect(runHook(rs, 'raw', 'PREROUTING', tcp(TCP_SYN, { dport: 21 }), m, makeIptVerdict(), t)).toMatchObject({ notrack: false, helper: 'ftp' });
      expect(runHook(rs, 'raw', 'PREROUTING', tcp(TCP_SYN), m, makeIptVerdict(), t)).toMatchObject({ notrack: true, helper: null });
    }
    const t = new Collect();
    runHook(rs, 'raw', 'PREROUTING', udp(), m, makeIptVerdict(), t);
    expect(t.codes.map((c) => c.code).filter((c) => c.startsWith('ipt.ct'))).toEqual(['ipt.ct-template', 'ipt.ct-ignored']);
  });

  it('explains each rule and the decision, with catalogued codes', () => {
    const rs = rulesetFrom([
      '-P FORWARD DROP', '-N chk',
      '-A FORWARD -m state --state ESTABLISHED,RELATED -j ACCEPT',
      '-A FORWARD -p tcp --dport 22 -j ACCEPT',
      '-A FORWARD -j chk',
      '-A chk -j LOG --log-prefix "drop "', '-A chk -p tcp -m multiport --dports 1,2 -j ACCEPT', '-A chk -j RETURN',
    ]);
    const t = new Collect();
    const out = makeIptVerdict();
    runHook(rs, 'filter', 'FORWARD', tcp(TCP_SYN), meta(CT_NEW), out, t);
    expect(t.codes.map((c) => c.code)).toEqual([
      'ipt.chain-enter', 'ipt.rule-nomatch', 'ipt.rule-nomatch', 'ipt.rule-matched', 'ipt.jump',
      'ipt.rule-matched', 'ipt.log', 'ipt.rule-nomatch', 'ipt.rule-matched', 'ipt.return', 'ipt.policy',
    ]);
    for (const c of t.codes) expect(IPT_REASONS[c.code]).toBeDefined();
    expect(t.codes[1].params!.why).toBe('conntrack state NEW is not RELATED,ESTABLISHED');
    expect(t.codes[2].params!.why).toBe('destination port 80 is not 22');
    expect(out.steps.map((s) => [s.chain, s.index, s.matched, s.decisive])).toEqual([
      ['FORWARD', 1, false, false], ['FORWARD', 2, false, false], ['FORWARD', 3, true, false],
      ['chk', 1, true, false], ['chk', 2, false, false], ['chk', 3, true, false], ['FORWARD', 0, true, true],
    ]);
    expect(out.steps[6].text).toBe('-P FORWARD DROP');
    expect(out.steps[0].text).toBe('-A FORWARD -m state --state RELATED,ESTABLISHED -j ACCEPT');
  });
});

describe('flags the kernel reads', () => {
  it('RST is not SYN', () => {
    expect(matches('-p tcp --syn', tcp(TCP_RST))).toBe(false);
  });
});
