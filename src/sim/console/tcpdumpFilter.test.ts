import { describe, expect, it } from 'vitest';
import { parseIpv4 } from '../../engine/ipv4';
import { IPPROTO_ICMP, IPPROTO_TCP, IPPROTO_UDP, makePacket } from '../../engine/packet';
import { compileFilter } from './tcpdumpFilter';

const ip = (s: string) => parseIpv4(s)!;
const names = (n: string) => (n === 'labos-2' ? ip('192.168.3.1') : null);
const syn = makePacket({ proto: IPPROTO_TCP, src: ip('192.168.1.1'), dst: ip('192.168.3.1'), sport: 40000, dport: 80 });
const dns = makePacket({ proto: IPPROTO_UDP, src: ip('192.168.1.1'), dst: ip('192.168.3.1'), sport: 40001, dport: 53 });
const echo = makePacket({ proto: IPPROTO_ICMP, src: ip('192.168.3.1'), dst: ip('192.168.1.1'), icmpType: 0 });

describe('tcpdump filter expressions', () => {
  it.each([
    ['', [true, true, true]],
    ['tcp', [true, false, false]],
    ['udp or icmp', [false, true, true]],
    ['not tcp', [false, true, true]],
    ['! tcp && ! udp', [false, false, true]],
    ['host 192.168.3.1', [true, true, true]],
    ['src host 192.168.3.1', [false, false, true]],
    ['dst labos-2', [true, true, false]],
    ['port 80', [true, false, false]],
    ['dst port 53 or port 80', [true, true, false]],
    ['tcp port 53', [false, false, false]],
    ['src port 40000 or 40001', [true, true, false]],
    ['host 192.168.3.1 and (udp or icmp)', [false, true, true]],
    ['tcp or udp and port 53', [false, true, false]],
    ['net 192.168.1.0/24 and src net 192.168.3.0/24', [false, false, true]],
    ['src or dst host 192.168.1.1', [true, true, true]],
  ])('%s', (text, want) => {
    const f = compileFilter(text, names);
    expect(f.ok).toBe(true);
    if (f.ok) expect([syn, dns, echo].map(f.value)).toEqual(want);
  });

  it.each([
    ['tcp and', "can't parse filter expression: syntax error"],
    ['bogus', "can't parse filter expression: syntax error"],
    ['tcp and (port 80', "can't parse filter expression: syntax error"],
    ['port 99999', "can't parse filter expression: illegal port number 99999 > 65535"],
    ['host nosuch', "can't parse filter expression: unknown host 'nosuch'"],
    ['net 192.168.1.1/24', 'can\'t parse filter expression: non-network bits set in "192.168.1.1/24"'],
    ['icmp port 80', "can't parse filter expression: port qualifier applied to icmp"],
    [')', "can't parse filter expression: syntax error"],
  ])('%s is refused: %s', (text, error) => {
    expect(compileFilter(text, names)).toEqual({ ok: false, error });
  });
});
