import { describe, expect, it } from 'vitest';
import { Conn } from '../conn';
import type { CtState, Dir } from '../ctinfo';
import { CT_INVALID } from '../ctinfo';
import type { Packet } from '../packet';
import { IPPROTO_ICMP, IPPROTO_TCP, IPPROTO_UDP, makePacket, TCP_ACK, TCP_FIN, TCP_RST, TCP_SYN } from '../packet';
import { IPS_ASSURED, IPS_CONFIRMED, IPS_EXPECTED, IPS_SEEN_REPLY } from '../status';
import { MATCHER_PIECE } from './chainMatcher';
import { compiledTable } from './compile';
import type { IptMeta } from './evalChain';
import { ruleMatch } from './ruleMatch';
import { rulesetFrom } from './testUtil';

// One rule of every kind and inversion the matcher compiles; the compiled chain must pick the
// same rule as ruleMatch for every packet, state, direction and status below.
const RULES = [
  '-s 10.0.0.0/8', '! -s 10.0.0.0/8', '-d 10.1.2.3', '! -d 10.1.2.3', '-s 10.1.0.5/255.255.0.255',
  '-i eth0', '! -i eth0', '-i eth+', '! -i eth+', '-o eth1', '! -o eth1', '-i +',
  '-p tcp', '! -p tcp', '-p udp', '-p icmp', '-p 47', '! -p 47',
  '-p tcp --dport 80', '-p tcp ! --dport 80', '-p tcp --sport 1000:2000', '-p tcp ! --sport 1000:2000',
  '-p tcp --syn', '-p tcp ! --syn', '-p tcp --tcp-flags SYN,ACK SYN,ACK', '-p tcp ! --tcp-flags ALL NONE',
  '-p udp --dport 53', '-p udp ! --sport 53', '-p udp --dport 60000:65535',
  '-p icmp --icmp-type echo-request', '-p icmp ! --icmp-type echo-request', '-p icmp --icmp-type any',
  '-p icmp --icmp-type destination-unreachable', '-p icmp --icmp-type port-unreachable',
  '-m state --state NEW', '-m state ! --state NEW', '-m state --state ESTABLISHED,RELATED',
  '-m state --state INVALID', '-m state --state UNTRACKED', '-m state ! --state INVALID,UNTRACKED',
  '-m conntrack --ctstate NEW', '-m conntrack ! --ctstate ESTABLISHED', '-m conntrack --ctstatus ASSURED',
  '-m conntrack ! --ctstatus SEEN_REPLY', '-m conntrack --ctstatus NONE', '-m conntrack --ctdir ORIGINAL',
  '-m conntrack --ctdir REPLY', '-m conntrack --ctstate ESTABLISHED --ctdir REPLY --ctstatus ASSURED,EXPECTED',
  '-p tcp -m multiport --dports 22,80,8000:8100', '-p tcp -m multiport ! --sports 1000:2000',
  '-p udp -m multiport --ports 53,123', '-m comment --comment "x" -p tcp',
  '-s 10.1.2.3 -d 10.0.0.0/8 -i eth0 -o eth1 -p tcp --dport 80 -m state --state NEW',
  '-m conntrack --ctproto tcp', '-m conntrack ! --ctproto 17', '-m conntrack --ctorigsrc 10.1.2.3',
  '-m conntrack ! --ctorigdst 10.0.0.0/8', '-m conntrack --ctreplsrc 10.1.0.5/16', '-m conntrack --ctrepldst 11.0.0.1',
  '-m conntrack --ctorigsrcport 1000:2000', '-m conntrack ! --ctorigdstport 80', '-m conntrack --ctreplsrcport 53',
  '-m conntrack --ctrepldstport 80:70', '-m conntrack ! --ctrepldstport 80:70', '-m conntrack --ctexpire 20:40',
  '-m conntrack ! --ctexpire 30', '-m conntrack --ctexpire 0', '-m conntrack ! --ctstate INVALID --ctexpire 0',
  '-m conntrack --ctstate ESTABLISHED --ctproto tcp --ctorigdstport 80 --ctexpire 0:100 --ctstatus ASSURED',
];

const packets: Packet[] = [];
for (const proto of [IPPROTO_TCP, IPPROTO_UDP, IPPROTO_ICMP, 47]) {
  for (const [src, dst] of [[0x0a010203, 0x0a010005], [0x0b000001, 0x0a010203]]) {
    for (const [sport, dport] of [[1500, 80], [53, 53], [8050, 123], [65535, 60000]]) {
      for (const flags of [TCP_SYN, TCP_SYN | TCP_ACK, TCP_ACK, TCP_FIN | TCP_ACK, TCP_RST, 0, 0xff]) {
        for (const [iif, oif] of [['eth0', 'eth1'], ['eth10', 'wlan0'], ['', 'eth0']]) {
          const icmpType = dport === 80 ? 8 : 3;
          packets.push(makePacket({ proto, src, dst, sport, dport, flags, iif, oif, icmpType, icmpCode: sport === 53 ? 3 : 0 }));
        }
      }
    }
  }
}

describe('chainMatcher: the compiled tests agree with ruleMatch', () => {
  it.each(RULES)('%s', (rule) => {
    const rs = rulesetFrom([`-A FORWARD ${rule} -j ACCEPT`, '-A FORWARD -p tcp -j DROP']);
    const chain = compiledTable(rs.tables.filter).chains.get('FORWARD')!;
    const meta: IptMeta = { ctstate: 0, ct: null, dir: 0, now: 0 };
    let checked = 0;
    for (const p of packets) {
      for (let st = 0 as CtState; st <= 4; st++) {
        for (const status of [IPS_CONFIRMED, IPS_CONFIRMED | IPS_SEEN_REPLY | IPS_ASSURED, IPS_EXPECTED]) {
          for (const dir of [0, 1] as Dir[]) {
            const ct = new Conn();
            ct.status = status;
            ct.proto = p.proto;
            [ct.oSrc, ct.oDst, ct.oSport, ct.oDport] = [p.src, p.dst, p.sport, p.dport];
            [ct.rSrc, ct.rDst, ct.rSport, ct.rDport] = [p.dst, p.src, p.dport, p.sport];
            ct.timeout = 30500;
            meta.ctstate = st;
            meta.ct = st < CT_INVALID ? ct : null;
            meta.dir = dir;
            let want = 0;
            while (want < chain.rules.length && ruleMatch(chain.rules[want], p, meta) !== 0) want++;
            expect(chain.next(p, st, meta.ct, dir, 0, 0)).toBe(want);
            expect(chain.next(p, st, meta.ct, dir, 1, 0)).toBe(ruleMatch(chain.rules[1], p, meta) === 0 ? 1 : 2);
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });
});

describe('chainMatcher: a chain longer than one generated piece', () => {
  it('picks the same rule as ruleMatch from every starting rule', () => {
    const many = [...RULES, ...RULES, ...RULES].map((r) => `-A FORWARD ${r} -j ACCEPT`);
    const rs = rulesetFrom(many);
    const chain = compiledTable(rs.tables.filter).chains.get('FORWARD')!;
    expect(chain.rules.length).toBeGreaterThan(2 * MATCHER_PIECE);
    const meta: IptMeta = { ctstate: 2, ct: null, dir: 0, now: 0 };
    for (const p of packets.filter((_, i) => i % 7 === 0)) {
      for (const from of [0, 1, MATCHER_PIECE - 1, MATCHER_PIECE, MATCHER_PIECE + 1, chain.rules.length - 1, chain.rules.length]) {
        let want = from;
        while (want < chain.rules.length && ruleMatch(chain.rules[want], p, meta) !== 0) want++;
        expect(chain.next(p, 2, null, 0, from, 0)).toBe(want);
      }
    }
  });
});
