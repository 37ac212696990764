/**
 * End to end: the FTP helper inside the connection tracker (conntrack.ts), with the TCP
 * tracker judging every packet: a control connection, a command, and the data connection
 * that the expectation makes RELATED.
 */
import { describe, expect, it } from 'vitest';
import { Conntrack, type CtTemplate } from '../conntrack';
import { formatExpectation } from '../conntrackPrint';
import { CT_ESTABLISHED, CT_NEW, CT_RELATED, DIR_ORIGINAL, DIR_REPLY, NF_ACCEPT, type CtState, type Dir } from '../ctinfo';
import { parseIpv4 } from '../ipv4';
import { TCP_ACK, TCP_PSH, TCP_SYN, makePacket, type Packet } from '../packet';
import type { Tracer } from '../trace';
import { IPS_EXPECTED } from '../status';
import { ftpHelper } from './ftpHelper';

const CLIENT = parseIpv4('10.99.1.1')!;
const SERVER = parseIpv4('10.99.3.1')!;
const CPORT = 40000;
const HELPER_TMPL: CtTemplate = { notrack: false, helper: 'ftp' };

/** A client and a server talking over one control connection, with consistent SEQ/ACK. */
class Ftp {
  ct = new Conntrack();
  now = 0;
  reasons: string[] = [];
  seq: [number, number] = [1000, 5000]; // next SEQ of the client (original) and the server (reply)
  trace: Tracer = { reason: (code) => this.reasons.push(code), tcpTransition: () => {} };

  constructor() {
    this.ct.helpers.ftp = ftpHelper;
  }

  /** conntrackIn + confirm, as the node does for a packet that crosses the firewall. */
  pass(pkt: Packet, tmpl: CtTemplate | null = null): { ret: number; state: CtState; dir: Dir } {
    this.now += 10;
    this.reasons = [];
    expect(this.ct.conntrackIn(pkt, this.now, tmpl, this.trace)).toBe(NF_ACCEPT);
    const state = this.ct.state;
    const dir = this.ct.dir;
    const ret = this.ct.confirm(pkt, this.now, this.trace);
    return { ret, state, dir };
  }

  control(dir: Dir, flags: number, text = '') {
    const fromClient = dir === DIR_ORIGINAL;
    const pkt = makePacket({
      src: fromClient ? CLIENT : SERVER,
      dst: fromClient ? SERVER : CLIENT,
      sport: fromClient ? CPORT : 21,
      dport: fromClient ? 21 : CPORT,
      flags,
      seq: this.seq[dir],
      ack: flags & TCP_ACK ? this.seq[1 - dir] : 0,
      payload: text,
      payloadLen: text.length,
    });
    const r = this.pass(pkt, fromClient && flags === TCP_SYN ? HELPER_TMPL : null);
    this.seq[dir] = (this.seq[dir] + text.length + (flags & TCP_SYN ? 1 : 0)) | 0;
    return r;
  }

  say(dir: Dir, text: string) {
    const r = { ...this.control(dir, TCP_PSH | TCP_ACK, text), expectations: this.expectLines() };
    this.control(dir === DIR_ORIGINAL ? DIR_REPLY : DIR_ORIGINAL, TCP_ACK); // the other side acknowledges
    return r;
  }

  handshake(): void {
    expect(this.control(DIR_ORIGINAL, TCP_SYN).state).toBe(CT_NEW);
    expect(this.control(DIR_REPLY, TCP_SYN | TCP_ACK).state).toBe(CT_ESTABLISHED);
    expect(this.control(DIR_ORIGINAL, TCP_ACK).state).toBe(CT_ESTABLISHED);
    this.say(DIR_REPLY, '220 Welcome\r\n');
    this.say(DIR_ORIGINAL, 'USER anonymous\r\n');
    this.say(DIR_REPLY, '230 Login successful.\r\n');
  }

  syn(src: number, sport: number, dst: number, dport: number) {
    return this.pass(makePacket({ src, dst, sport, dport, flags: TCP_SYN, seq: 777 }));
  }

  expectLines(): string[] {
    return this.ct.expectations.list.map((e) => formatExpectation(e, this.now));
  }
}

describe('ftp helper through conntrack', () => {
  it('active mode: PORT makes the server\'s data connection from port 20 RELATED', () => {
    const f = new Ftp();
    f.handshake();
    expect(f.ct.expectations.list).toEqual([]);
    const r = f.say(DIR_ORIGINAL, 'PORT 10,99,1,1,156,65\r\n');
    expect(r.ret).toBe(NF_ACCEPT);
    expect(r.expectations).toEqual([
      '300 proto=6 src=10.99.3.1 dst=10.99.1.1 sport=0 dport=40001 mask-src=255.255.255.255 ' +
        'mask-dst=255.255.255.255 sport=0 dport=65535 master-src=10.99.1.1 master-dst=10.99.3.1 ' +
        'sport=40000 dport=21 class=0 helper=ftp',
    ]);
    const control = f.ct.table.find(CLIENT, SERVER, CPORT, 21, 6)!;
    expect(control.ext?.expecting).toBe(1);

    f.say(DIR_REPLY, '200 PORT command successful.\r\n');
    f.say(DIR_ORIGINAL, 'RETR file\r\n');
    const data = f.syn(SERVER, 20, CLIENT, 40001);
    expect(data.state).toBe(CT_RELATED);
    expect(f.reasons).toContain('ct.expected');
    expect(f.ct.expectations.list).toEqual([]);
    const dataCt = f.ct.table.find(SERVER, CLIENT, 20, 40001, 6)!;
    expect(dataCt.status & IPS_EXPECTED).toBe(IPS_EXPECTED);
    expect(dataCt.ext?.master).toBe(control);
    expect(control.ext?.expecting).toBe(0);
  });

  it('passive mode: 227 makes the client\'s data connection RELATED, from any port', () => {
    const f = new Ftp();
    f.handshake();
    f.say(DIR_ORIGINAL, 'PASV\r\n');
    const r = f.say(DIR_REPLY, '227 Entering Passive Mode (10,99,3,1,195,80).\r\n');
    expect(r.ret).toBe(NF_ACCEPT);
    expect(r.expectations).toEqual([
      '300 proto=6 src=10.99.1.1 dst=10.99.3.1 sport=0 dport=50000 mask-src=255.255.255.255 ' +
        'mask-dst=255.255.255.255 sport=0 dport=65535 master-src=10.99.1.1 master-dst=10.99.3.1 ' +
        'sport=40000 dport=21 class=0 helper=ftp',
    ]);
    expect(f.syn(CLIENT, 41234, SERVER, 50000).state).toBe(CT_RELATED);
  });

  it('without the helper template nothing is expected and the data connection is NEW', () => {
    const f = new Ftp();
    f.pass(makePacket({ src: CLIENT, dst: SERVER, sport: CPORT, dport: 21, flags: TCP_SYN, seq: 999 }), null);
    f.seq[0] = 1000;
    f.control(DIR_REPLY, TCP_SYN | TCP_ACK);
    f.control(DIR_ORIGINAL, TCP_ACK);
    f.say(DIR_ORIGINAL, 'USER anonymous\r\n');
    f.say(DIR_ORIGINAL, 'PORT 10,99,1,1,156,65\r\n');
    expect(f.ct.expectations.list).toEqual([]);
    expect(f.syn(SERVER, 20, CLIENT, 40001).state).toBe(CT_NEW);
  });

  it('a malformed PORT is dropped by the helper', () => {
    const f = new Ftp();
    f.handshake();
    const r = f.control(DIR_ORIGINAL, TCP_PSH | TCP_ACK, 'PORT 10,99,1,1,156\r\n');
    expect(r.ret).toBe(0); // NF_DROP
    expect(f.reasons).toContain('ftp.partial');
    expect(f.reasons).toContain('helper.drop');
    expect(f.ct.expectations.list).toEqual([]);
  });

  it('the expectation expires after ftp_expect_timeout', () => {
    const f = new Ftp();
    f.handshake();
    f.say(DIR_ORIGINAL, 'PORT 10,99,1,1,156,65\r\n');
    f.now += 300_000;
    f.ct.gc(f.now);
    expect(f.ct.expectations.list).toEqual([]);
    expect(f.syn(SERVER, 20, CLIENT, 40001).state).toBe(CT_NEW);
  });
});
