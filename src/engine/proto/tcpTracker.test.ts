import { describe, expect, it } from 'vitest';
import { NF_ACCEPT, NF_INVALID, NF_REPEAT } from '../ctinfo';
import { IPS_ASSURED } from '../status';
import {
  IP_CT_TCP_FLAG_BE_LIBERAL,
  IP_CT_TCP_FLAG_CLOSE_INIT,
  IP_CT_TCP_FLAG_DATA_UNACKNOWLEDGED,
  IP_CT_TCP_FLAG_WINDOW_SCALE,
} from './tcpStates';
import { tcpValidFlags } from './tcpTracker';
import { formatTcpReason } from './tcpReasons';
import { TcpHarness } from './tcpTestHarness';
import type { CtSettings } from '../settings';

/** A (10.99.1.1:45000) opens to B (10.99.3.1:80): ISNs 100 and 900, as in p02-web-client. */
function handshake(settings?: Partial<CtSettings>, wscale: [number, number] = [-1, -1]): TcpHarness {
  const h = new TcpHarness(settings);
  expect(h.orig({ flags: 'S', seq: 100, wscale: wscale[0] })).toBe(NF_ACCEPT);
  expect(h.reply({ flags: 'SA', seq: 900, ack: 101, wscale: wscale[1] })).toBe(NF_ACCEPT);
  expect(h.orig({ flags: 'A', seq: 101, ack: 901 })).toBe(NF_ACCEPT);
  return h;
}

const assured = (h: TcpHarness) => (h.ct.status & IPS_ASSURED) !== 0;

describe('tcp_error: flag combinations', () => {
  it.each([
    ['S', true], ['SA', true], ['SU', true], ['R', true], ['RA', true], ['FA', true], ['FAU', true],
    ['A', true], ['AU', true], ['PA', true], ['SAEC', true],
    ['SF', false], ['SR', false], ['F', false], ['', false], ['U', false], ['P', false],
    ['SAU', false], ['FR', false], ['SFRPAU', false], ['RAF', false],
  ])('%s valid: %s', (letters, valid) => {
    const h = new TcpHarness();
    expect(tcpValidFlags(h.packet(0, { flags: letters }).flags)).toBe(valid);
    const v = h.orig({ flags: letters, seq: 1 });
    if (!valid) {
      expect(v).toBe(NF_INVALID);
      expect(h.codes()).toEqual(['tcp.invalid-flags']);
    }
  });
  it('words SYN+FIN as a student reads it', () => {
    const h = new TcpHarness();
    h.orig({ flags: 'SF', seq: 1 });
    expect(h.reasons[0].params).toEqual({ flags: 'SYN+FIN' });
  });
});

describe('tcp_new', () => {
  it('a SYN creates SYN_SENT with window tracking from the SYN', () => {
    const h = new TcpHarness();
    expect(h.orig({ flags: 'S', seq: 100, win: 29200, wscale: 7 })).toBe(NF_ACCEPT);
    expect(h.state).toBe('SYN_SENT');
    expect(h.timeout).toBe(120);
    expect(h.ct.oTdEnd).toBe(101);
    expect(h.ct.oTdMaxend).toBe(101);
    expect(h.ct.oTdMaxwin).toBe(29200);
    expect(h.ct.oTdScale).toBe(7);
    expect(h.ct.oTdFlags & IP_CT_TCP_FLAG_WINDOW_SCALE).toBeTruthy();
    expect(h.codes()).toContain('tcp.new-syn');
  });
  it.each(['SA', 'FA', 'R', 'RA'])('%s cannot create an entry ("invalid new")', (flags) => {
    const h = new TcpHarness();
    expect(h.orig({ flags, seq: 5, ack: 6 })).toBe(NF_INVALID);
    expect(h.codes()).toEqual(['tcp.new-invalid']);
  });
  it('with tcp_loose=1 an ACK picks the connection up, liberal in both directions', () => {
    const h = new TcpHarness();
    expect(h.orig({ flags: 'PA', seq: 1000, ack: 2000, len: 10 })).toBe(NF_ACCEPT);
    expect(h.state).toBe('ESTABLISHED');
    expect(h.timeout).toBe(300); // capped: no reply yet
    expect(h.ct.oTdFlags & IP_CT_TCP_FLAG_BE_LIBERAL).toBeTruthy();
    expect(h.ct.rTdFlags & IP_CT_TCP_FLAG_BE_LIBERAL).toBeTruthy();
    expect(h.ct.oTdMaxend).toBe(1010 + 64240);
    // the answer: still no SEEN_REPLY while it is processed, so still capped
    expect(h.reply({ flags: 'A', seq: 2000, ack: 1010 })).toBe(NF_ACCEPT);
    expect(h.timeout).toBe(300);
    expect(assured(h)).toBe(false);
    // the next packet makes it assured
    expect(h.orig({ flags: 'A', seq: 1010, ack: 2000 })).toBe(NF_ACCEPT);
    expect(assured(h)).toBe(true);
    expect(h.timeout).toBe(432000);
  });
  it('with tcp_loose=0 only a SYN creates an entry', () => {
    const h = new TcpHarness({ tcp_loose: 0 });
    expect(h.orig({ flags: 'A', seq: 1000, ack: 2000 })).toBe(NF_INVALID);
    expect(h.codes()).toEqual(['tcp.new-not-loose']);
    expect(h.orig({ flags: 'S', seq: 1000 })).toBe(NF_ACCEPT);
  });
});

describe('three-way handshake (p02-web-client)', () => {
  it('SYN_SENT 120 -> SYN_RECV 60 -> ESTABLISHED 432000 ASSURED', () => {
    const h = new TcpHarness();
    h.orig({ flags: 'S', seq: 100 });
    expect([h.state, h.timeout, assured(h)]).toEqual(['SYN_SENT', 120, false]);
    h.reply({ flags: 'SA', seq: 900, ack: 101 });
    expect([h.state, h.timeout, assured(h)]).toEqual(['SYN_RECV', 60, false]);
    expect(h.transitions).toEqual([{ from: 1, to: 2, dir: 1 }]);
    h.orig({ flags: 'A', seq: 101, ack: 901 });
    expect([h.state, h.timeout, assured(h)]).toEqual(['ESTABLISHED', 432000, true]);
    expect(h.codes()).toContain('tcp.assured');
  });
  it('a retransmitted SYN does not renew the timeout', () => {
    const h = new TcpHarness();
    h.orig({ flags: 'S', seq: 100 });
    h.wait(10);
    expect(h.orig({ flags: 'S', seq: 100 })).toBe(NF_ACCEPT);
    expect(h.timeout).toBe(110);
    expect(h.codes()).toContain('tcp.syn-retrans');
  });
  it('an ACK from the client before the SYN/ACK is invalid', () => {
    const h = new TcpHarness();
    h.orig({ flags: 'S', seq: 100 });
    expect(h.orig({ flags: 'A', seq: 101, ack: 5 })).toBe(NF_INVALID);
    expect(h.codes()).toEqual(['tcp.state-invalid']);
  });
  it('data not yet acknowledged caps the timeout to 300 s', () => {
    const h = handshake();
    h.orig({ flags: 'PA', seq: 101, ack: 901, len: 100 });
    expect(h.ct.oTdFlags & IP_CT_TCP_FLAG_DATA_UNACKNOWLEDGED).toBeTruthy();
    expect(h.timeout).toBe(300);
    expect(h.codes()).toContain('tcp.timeout-unack');
    h.reply({ flags: 'A', seq: 901, ack: 201 });
    expect(h.ct.oTdFlags & IP_CT_TCP_FLAG_DATA_UNACKNOWLEDGED).toBeFalsy();
    expect(h.timeout).toBe(432000);
  });
});

describe('closing', () => {
  it('from the client: FIN_WAIT, CLOSE_WAIT, LAST_ACK, TIME_WAIT', () => {
    const h = handshake();
    h.orig({ flags: 'FA', seq: 101, ack: 901 });
    expect([h.state, h.timeout]).toEqual(['FIN_WAIT', 120]);
    expect(h.ct.oTdFlags & IP_CT_TCP_FLAG_CLOSE_INIT).toBeTruthy();
    h.reply({ flags: 'A', seq: 901, ack: 102 });
    expect([h.state, h.timeout]).toEqual(['CLOSE_WAIT', 60]);
    h.reply({ flags: 'FA', seq: 901, ack: 102 });
    expect([h.state, h.timeout]).toEqual(['LAST_ACK', 30]);
    h.orig({ flags: 'A', seq: 102, ack: 902 });
    expect([h.state, h.timeout]).toEqual(['TIME_WAIT', 120]);
  });
  it('from the server', () => {
    const h = handshake();
    h.reply({ flags: 'FA', seq: 901, ack: 101 });
    expect(h.state).toBe('FIN_WAIT');
    expect(h.ct.rTdFlags & IP_CT_TCP_FLAG_CLOSE_INIT).toBeTruthy();
    h.orig({ flags: 'A', seq: 101, ack: 902 });
    expect(h.state).toBe('CLOSE_WAIT');
    h.orig({ flags: 'FA', seq: 101, ack: 902 });
    expect(h.state).toBe('LAST_ACK');
    h.reply({ flags: 'A', seq: 902, ack: 102 });
    expect([h.state, h.timeout]).toEqual(['TIME_WAIT', 120]);
  });
  it('simultaneous: FIN from both sides goes FIN_WAIT -> LAST_ACK', () => {
    const h = handshake();
    h.orig({ flags: 'FA', seq: 101, ack: 901 });
    h.reply({ flags: 'FA', seq: 901, ack: 101 });
    expect(h.state).toBe('LAST_ACK');
    h.orig({ flags: 'A', seq: 102, ack: 902 });
    expect(h.state).toBe('TIME_WAIT');
  });
  it('a SYN in TIME_WAIT reopens: the entry is killed and the packet repeated', () => {
    const h = handshake();
    h.orig({ flags: 'FA', seq: 101, ack: 901 });
    h.reply({ flags: 'FA', seq: 901, ack: 102 });
    h.orig({ flags: 'A', seq: 102, ack: 902 });
    expect(h.state).toBe('TIME_WAIT');
    expect(h.orig({ flags: 'S', seq: 50000 })).toBe(NF_REPEAT);
    expect(h.killed).toBe(1);
    expect(h.codes()).toEqual(['tcp.reopen']);
  });
  it('a SYN from the server in TIME_WAIT reopens too (roles switched)', () => {
    const h = handshake();
    h.orig({ flags: 'FA', seq: 101, ack: 901 });
    h.reply({ flags: 'FA', seq: 901, ack: 102 });
    h.orig({ flags: 'A', seq: 102, ack: 902 });
    expect(h.reply({ flags: 'S', seq: 7000 })).toBe(NF_REPEAT);
  });
  it('challenge ACK in LAST_ACK is not taken for the last ACK (RFC 5961)', () => {
    const h = handshake();
    h.orig({ flags: 'FA', seq: 101, ack: 901 });
    h.reply({ flags: 'A', seq: 901, ack: 102 });
    h.reply({ flags: 'FA', seq: 901, ack: 102 });
    expect(h.state).toBe('LAST_ACK');
    expect(h.orig({ flags: 'S', seq: 9000 })).toBe(NF_ACCEPT);
    expect(h.codes()).toEqual(['tcp.ignored', 'tcp.ignored-syn-noted', 'tcp.challenge-ack-expected']);
    expect(h.reply({ flags: 'A', seq: 902, ack: 102 })).toBe(NF_ACCEPT);
    expect(h.codes()).toEqual(['tcp.challenge-ack-ignored']);
    expect(h.state).toBe('LAST_ACK');
  });
});

describe('simultaneous open', () => {
  it('SYN, SYN -> SYN_SENT2 -> SYN_RECV -> ESTABLISHED', () => {
    const h = new TcpHarness();
    h.orig({ flags: 'S', seq: 100 });
    expect(h.reply({ flags: 'S', seq: 900 })).toBe(NF_ACCEPT);
    expect(h.state).toBe('SYN_SENT2');
    expect(h.codes()).toContain('tcp.simultaneous-open');
    // no reply seen while processing a SYN in SYN_SENT: the timeout is not renewed
    expect(h.timeout).toBe(120);
    expect(h.orig({ flags: 'SA', seq: 100, ack: 901 })).toBe(NF_ACCEPT);
    expect([h.state, h.timeout]).toEqual(['SYN_RECV', 60]);
    // B's SYN/ACK in SYN_RECV: ignored
    expect(h.reply({ flags: 'SA', seq: 900, ack: 101 })).toBe(NF_ACCEPT);
    expect(h.codes()).toContain('tcp.ignored');
    expect(h.state).toBe('SYN_RECV');
    // the reply's ACK ends the simultaneous open
    expect(h.reply({ flags: 'A', seq: 901, ack: 101 })).toBe(NF_ACCEPT);
    expect(h.state).toBe('ESTABLISHED');
    expect(assured(h)).toBe(true);
  });
});

describe('RST', () => {
  it('the only answer to a SYN is an RST: the entry is deleted', () => {
    const h = new TcpHarness();
    h.orig({ flags: 'S', seq: 100 });
    expect(h.reply({ flags: 'RA', seq: 0, ack: 101 })).toBe(NF_ACCEPT);
    expect(h.killed).toBe(1);
    expect(h.codes()).toContain('tcp.rst-unreplied');
  });
  it('the client aborts in SYN_SENT: deleted', () => {
    const h = new TcpHarness();
    h.orig({ flags: 'S', seq: 100 });
    expect(h.orig({ flags: 'R', seq: 101 })).toBe(NF_ACCEPT);
    expect(h.killed).toBe(1);
  });
  it('in SYN_RECV', () => {
    const h = new TcpHarness();
    h.orig({ flags: 'S', seq: 100 });
    h.reply({ flags: 'SA', seq: 900, ack: 101 });
    expect(h.orig({ flags: 'R', seq: 101 })).toBe(NF_ACCEPT);
    expect([h.state, h.timeout]).toEqual(['CLOSE', 10]);
    expect(h.killed).toBe(0);
  });
  it('in ESTABLISHED with the exact SEQ: CLOSE, 10 s', () => {
    const h = handshake();
    expect(h.reply({ flags: 'R', seq: 901 })).toBe(NF_ACCEPT);
    expect([h.state, h.timeout]).toEqual(['CLOSE', 10]);
  });
  it('in ESTABLISHED with a SEQ before the last ACK: invalid', () => {
    const h = handshake();
    expect(h.reply({ flags: 'R', seq: 800 })).toBe(NF_INVALID);
    expect(h.codes()).toEqual(['tcp.rst-invalid']);
    expect(h.state).toBe('ESTABLISHED');
  });
  it('tcp_ignore_invalid_rst=1 lets it through, keeping ESTABLISHED', () => {
    const h = handshake({ tcp_ignore_invalid_rst: 1 });
    expect(h.reply({ flags: 'R', seq: 800 })).toBe(NF_ACCEPT);
    expect(h.codes()).toContain('tcp.rst-invalid-ignored');
    expect(h.state).toBe('ESTABLISHED');
    expect(h.timeout).toBe(10);
  });
  it('in the window but inexact: the state stays, a challenge ACK may follow', () => {
    const h = handshake();
    expect(h.reply({ flags: 'R', seq: 1000 })).toBe(NF_ACCEPT);
    expect(h.codes()).toContain('tcp.rst-inexact');
    expect([h.state, h.timeout]).toEqual(['ESTABLISHED', 10]);
  });
  it('right after data from the same side (a train): CLOSE', () => {
    const h = handshake();
    h.reply({ flags: 'PA', seq: 901, ack: 101, len: 50 });
    expect(h.reply({ flags: 'R', seq: 951 })).toBe(NF_ACCEPT);
    expect(h.state).toBe('CLOSE');
  });
  it('while closing: no sequence check', () => {
    const h = handshake();
    h.orig({ flags: 'FA', seq: 101, ack: 901 });
    expect(h.reply({ flags: 'R', seq: 123456789 })).toBe(NF_ACCEPT);
    expect(h.codes()[0]).toBe('tcp.rst-closing');
    expect(h.state).toBe('CLOSE');
  });
  it('a SYN after an RST from the same side reopens', () => {
    const h = handshake();
    h.orig({ flags: 'R', seq: 101 });
    expect(h.state).toBe('CLOSE');
    expect(h.orig({ flags: 'S', seq: 20000 })).toBe(NF_REPEAT);
  });
  it('a SYN after the other side\'s RST is ignored; the SYN/ACK answering it resynchronises', () => {
    const h = handshake();
    h.reply({ flags: 'R', seq: 901 });
    expect(h.state).toBe('CLOSE');
    expect(h.orig({ flags: 'S', seq: 20000 })).toBe(NF_ACCEPT);
    expect(h.codes()).toContain('tcp.ignored');
    expect(h.state).toBe('CLOSE');
    expect(h.reply({ flags: 'SA', seq: 30000, ack: 20001 })).toBe(NF_ACCEPT);
    expect(h.codes()).toContain('tcp.synack-resync');
    expect(h.state).toBe('SYN_RECV');
    expect(h.orig({ flags: 'A', seq: 20001, ack: 30001 })).toBe(NF_ACCEPT);
    expect(h.state).toBe('ESTABLISHED');
  });
});

describe('a SYN in ESTABLISHED', () => {
  it('is ignored, and the SYN/ACK answering it resynchronises', () => {
    const h = handshake();
    h.wait(100);
    expect(h.orig({ flags: 'S', seq: 7000, wscale: 2 })).toBe(NF_ACCEPT);
    expect(h.state).toBe('ESTABLISHED');
    expect(h.timeout).toBe(432000 - 100); // not refreshed
    expect([h.ct.tcpLastEnd, h.ct.tcpLastWscale]).toEqual([7001, 2]);
    expect(h.reply({ flags: 'SA', seq: 3000, ack: 7001 })).toBe(NF_ACCEPT);
    expect([h.state, h.timeout]).toEqual(['SYN_RECV', 60]);
    expect(h.transitions).toEqual([{ from: 3, to: 2, dir: 1 }]);
    expect(h.ct.oTdEnd).toBe(7001);
    expect(h.ct.oTdScale).toBe(0); // the SYN/ACK had no window scale option
    expect(h.orig({ flags: 'A', seq: 7001, ack: 3001 })).toBe(NF_ACCEPT);
    expect([h.state, h.timeout]).toEqual(['ESTABLISHED', 432000]);
  });
  it('a SYN/ACK that does not answer it is just ignored', () => {
    const h = handshake();
    h.orig({ flags: 'S', seq: 7000 });
    expect(h.reply({ flags: 'SA', seq: 3000, ack: 1234 })).toBe(NF_ACCEPT);
    expect(h.state).toBe('ESTABLISHED');
  });
});

describe('tcp_in_window', () => {
  it('SEQ over the upper bound: invalid', () => {
    const h = handshake();
    expect(h.orig({ flags: 'PA', seq: 101 + 200000, ack: 901, len: 10 })).toBe(NF_INVALID);
    expect(h.codes()).toEqual(['tcp.seq-over-upper-bound']);
    expect(h.reasons[0].params).toEqual({ seq: 200101, bound: 101 + 64240 + 1 });
  });
  it('a little over the window: ignored, the data counted', () => {
    const h = handshake();
    h.wait(5);
    // the window B granted ends at 101 + 64240 = 64341
    expect(h.orig({ flags: 'PA', seq: 64400, ack: 901, len: 100 })).toBe(NF_ACCEPT);
    expect(h.codes()).toEqual(['tcp.bytes-more-than-expected']);
    expect(h.reasons[0].params).toEqual({ overshot: 64500 - 64341 + 1 });
    expect(h.ct.oTdEnd).toBe(64500);
    expect(h.timeout).toBe(432000 - 5); // not refreshed
  });
  it('ACK over the upper bound: invalid', () => {
    const h = handshake();
    expect(h.orig({ flags: 'A', seq: 101, ack: 5000 })).toBe(NF_INVALID);
    expect(h.codes()).toEqual(['tcp.ack-over-upper-bound']);
  });
  it('old data under the lower bound: ignored, passes, no state change', () => {
    const h = handshake();
    h.orig({ flags: 'PA', seq: 101, ack: 901, len: 1000 });
    h.reply({ flags: 'A', seq: 901, ack: 1101 });
    h.wait(1);
    expect(h.orig({ flags: 'PA', seq: 101 - 70000, ack: 901, len: 10 })).toBe(NF_ACCEPT);
    expect(h.codes()).toEqual(['tcp.seq-under-lower-bound']);
    expect(h.timeout).toBe(432000 - 1);
  });
  it('ACK under the lower bound: ignored', () => {
    const h = handshake();
    expect(h.orig({ flags: 'A', seq: 101, ack: 901 - 70000 })).toBe(NF_ACCEPT);
    expect(h.codes()).toEqual(['tcp.ack-under-lower-bound']);
  });
  it('tcp_be_liberal=1 accepts what is out of window', () => {
    const h = handshake({ tcp_be_liberal: 1 });
    expect(h.orig({ flags: 'PA', seq: 101 + 200000, ack: 901, len: 10 })).toBe(NF_ACCEPT);
    expect(h.codes()).toContain('tcp.liberal');
  });
  it('compares sequence numbers with wrap-around', () => {
    const h = new TcpHarness();
    const isn = 0xfffffff0 | 0;
    h.orig({ flags: 'S', seq: isn });
    h.reply({ flags: 'SA', seq: 900, ack: isn + 1 });
    h.orig({ flags: 'A', seq: isn + 1, ack: 901 });
    expect(h.orig({ flags: 'PA', seq: isn + 1, ack: 901, len: 100 })).toBe(NF_ACCEPT);
    expect(h.reply({ flags: 'A', seq: 901, ack: (isn + 101) | 0 })).toBe(NF_ACCEPT);
    expect(h.codes()).toContain('tcp.in-window');
    expect(h.timeout).toBe(432000);
  });
  it('an out-of-window FIN answering the other side\'s FIN lowers the timeout', () => {
    const h = handshake();
    expect(h.orig({ flags: 'FA', seq: 101 + 200000, ack: 901 })).toBe(NF_INVALID);
    expect(h.timeout).toBe(432000);
    expect(h.reply({ flags: 'FA', seq: 901 + 200000, ack: 101 })).toBe(NF_INVALID);
    expect(h.codes()).toContain('tcp.invalid-lowers-timeout');
    expect(h.timeout).toBe(300);
  });
});

describe('window scaling', () => {
  it('is on when both sides send the option', () => {
    const h = handshake({}, [7, 7]);
    expect([h.ct.oTdScale, h.ct.rTdScale]).toEqual([7, 7]);
    // B opens its window to 2000 << 7 = 256000 bytes
    h.reply({ flags: 'A', seq: 901, ack: 101, win: 2000 });
    expect(h.ct.oTdMaxend).toBe(101 + 256000);
    expect(h.orig({ flags: 'PA', seq: 150101, ack: 901, len: 10 })).toBe(NF_ACCEPT);
    expect(h.codes()).toContain('tcp.in-window');
  });
  it('is off when only one side sends it', () => {
    const h = handshake({}, [7, -1]);
    expect([h.ct.oTdScale, h.ct.rTdScale]).toEqual([0, 0]);
    h.reply({ flags: 'A', seq: 901, ack: 101, win: 2000 });
    expect(h.orig({ flags: 'PA', seq: 150101, ack: 901, len: 10 })).toBe(NF_INVALID);
  });
  it('caps the shift at 14', () => {
    const h = handshake({}, [20, 20]);
    expect([h.ct.oTdScale, h.ct.rTdScale]).toEqual([14, 14]);
  });
});

describe('retransmissions', () => {
  it('the same ACK three times: the max_retrans timeout', () => {
    const h = handshake();
    for (let i = 1; i <= 3; i++) {
      h.orig({ flags: 'A', seq: 101, ack: 901 });
      expect(h.ct.tcpRetrans).toBe(i);
    }
    expect(h.timeout).toBe(300);
    expect(h.codes()).toContain('tcp.timeout-retrans');
    h.reply({ flags: 'A', seq: 901, ack: 101 });
    expect(h.ct.tcpRetrans).toBe(0);
    expect(h.timeout).toBe(432000);
  });
  it('tcp_max_retrans is a setting', () => {
    const h = handshake({ tcp_max_retrans: 1, tcp_timeout_max_retrans: 77 });
    h.orig({ flags: 'A', seq: 101, ack: 901 });
    expect(h.timeout).toBe(77);
  });
  it('a zero window shortens the timeout to max_retrans', () => {
    const h = handshake();
    h.reply({ flags: 'A', seq: 901, ack: 101, win: 0 });
    expect(h.timeout).toBe(300);
    expect(h.codes()).toContain('tcp.timeout-zero-window');
  });
});

describe('kernel details worth checking against recordings', () => {
  it('last_win is 0 until an ACK is tracked, so SYN_SENT/SYN_RECV obey a lower max_retrans timeout', () => {
    const h = new TcpHarness({ tcp_timeout_max_retrans: 40 });
    h.orig({ flags: 'S', seq: 1000 });
    expect([h.state, h.timeout]).toEqual(['SYN_SENT', 40]);
    expect(h.codes()).toContain('tcp.timeout-zero-window');
    h.reply({ flags: 'SA', seq: 5000, ack: 1001 });
    expect([h.state, h.timeout]).toEqual(['SYN_RECV', 40]);
    h.orig({ flags: 'A', seq: 1001, ack: 5001 });
    expect([h.state, h.timeout]).toEqual(['ESTABLISHED', 432000]);
  });
  it('nmap -sA: an RST answering a picked-up ACK deletes the entry', () => {
    const h = new TcpHarness();
    expect(h.orig({ flags: 'A', seq: 0, ack: 4000, win: 1024 })).toBe(NF_ACCEPT);
    expect([h.state, h.timeout]).toEqual(['ESTABLISHED', 300]);
    expect(h.reply({ flags: 'R', seq: 4000, win: 0 })).toBe(NF_ACCEPT);
    expect(h.codes()).toContain('tcp.rst-answers-ignored');
    expect(h.killed).toBe(1);
  });
  it('a SYN in SYN_SENT from the other side (simultaneous open) does not renew the timeout either', () => {
    const h = new TcpHarness();
    h.orig({ flags: 'S', seq: 100 });
    h.wait(3);
    h.reply({ flags: 'S', seq: 900 });
    expect([h.state, h.timeout]).toEqual(['SYN_SENT2', 117]);
  });
});

describe('tracing', () => {
  it('fills the templates', () => {
    const h = handshake();
    h.orig({ flags: 'PA', seq: 101 + 200000, ack: 901, len: 10 });
    expect(formatTcpReason(h.reasons[0].code, h.reasons[0].params)).toBe(
      'SEQ is over the upper bound of the window: SEQ 200101 is not below 64342, the end of the receiver\'s window plus one (the kernel logs "SEQ is over upper bound 64342 (over the window of the receiver)")',
    );
    h.orig({ flags: 'A', seq: 101, ack: 901 });
    expect(h.reasons.map((r) => formatTcpReason(r.code, r.params))).toContain(
      'In ESTABLISHED, ACK in the original direction leads to ESTABLISHED',
    );
  });

  it('allocates nothing when the tracer is null, and decides the same', () => {
    const run = (tracing: boolean) => {
      const h = new TcpHarness();
      h.tracing = tracing;
      const out: number[] = [];
      out.push(h.orig({ flags: 'S', seq: 100 }), h.reply({ flags: 'SA', seq: 900, ack: 101 }));
      out.push(h.orig({ flags: 'A', seq: 101, ack: 901 }), h.orig({ flags: 'PA', seq: 101, ack: 901, len: 5 }));
      out.push(h.orig({ flags: 'SF', seq: 1 }), h.reply({ flags: 'R', seq: 906 }));
      return [out, h.state, h.timeout, h.ct.status, h.reasons.length];
    };
    const traced = run(true);
    const quiet = run(false);
    expect(quiet.slice(0, 4)).toEqual(traced.slice(0, 4));
    expect(quiet[4]).toBe(0);
  });
});
