import { describe, expect, it } from 'vitest';
import { Conn } from '../conn';
import { CT_ESTABLISHED, CT_NEW, CT_RELATED, DIR_ORIGINAL, DIR_REPLY, NF_ACCEPT, NF_DROP, type CtState, type Dir } from '../ctinfo';
import type { Expectation } from '../expectation';
import type { HelperContext } from '../helper';
import { formatIpv4, parseIpv4 } from '../ipv4';
import { IPPROTO_TCP, IPPROTO_UDP, TCP_ACK, TCP_PSH, makePacket } from '../packet';
import { DEFAULT_SETTINGS } from '../settings';
import type { Reason, ReasonParams } from '../trace';
import { ftpHelper, ftpMaster, makeFtpHelper, NUM_SEQ_TO_REMEMBER } from './ftpHelper';
import { FTP_REASONS, formatFtpReason } from './ftpReasons';

const ip = (s: string): number => parseIpv4(s)!;
const CLIENT = ip('10.99.1.1');
const SERVER = ip('10.99.3.1');
const CPORT = 40000;

type NewExp = Omit<Expectation, 'id' | 'timeout' | 'helper' | 'master'> & { master: Conn };

/** The control connection client:40000 -> server:21, as the core would hold it. */
function controlConn(): Conn {
  const ct = new Conn();
  ct.oSrc = CLIENT;
  ct.oDst = SERVER;
  ct.oSport = CPORT;
  ct.oDport = 21;
  ct.rSrc = SERVER;
  ct.rDst = CLIENT;
  ct.rSport = 21;
  ct.rDport = CPORT;
  ct.proto = IPPROTO_TCP;
  ct.ext = { helper: 'ftp', help: null, master: null, expecting: 0 };
  return ct;
}

/** Drives a helper over one control connection, keeping each direction's next SEQ. */
class Session {
  ct = controlConn();
  exps: NewExp[] = [];
  reasons: Reason[] = [];
  nextSeq: [number, number] = [1000, 5000];
  ctx: HelperContext = {
    now: 0,
    settings: DEFAULT_SETTINGS,
    trace: {
      reason: (code: string, params?: ReasonParams) => this.reasons.push({ code, params }),
      tcpTransition: () => {},
    },
    expect: (e, master) => {
      if (this.refuse) return false;
      this.exps.push({ ...e, master });
      return true;
    },
  };
  /** Makes the core refuse expectations (a clash with another master's, -EBUSY). */
  refuse = false;
  constructor(readonly helper = ftpHelper) {}

  /** Sends `text` in `dir` at the direction's next SEQ (or `seq`); returns the verdict. */
  send(dir: Dir, text: string, opts: { seq?: number; state?: CtState } = {}): number {
    const seq = opts.seq ?? this.nextSeq[dir];
    const fromClient = dir === DIR_ORIGINAL;
    const pkt = makePacket({
      src: fromClient ? CLIENT : SERVER,
      dst: fromClient ? SERVER : CLIENT,
      sport: fromClient ? CPORT : 21,
      dport: fromClient ? 21 : CPORT,
      flags: TCP_PSH | TCP_ACK,
      seq: seq | 0,
      payload: text,
      payloadLen: text.length,
    });
    this.reasons = [];
    const ret = this.helper.help(this.ct, pkt, dir, opts.state ?? CT_ESTABLISHED, this.ctx);
    if (opts.seq === undefined && ret === NF_ACCEPT) this.nextSeq[dir] = (seq + text.length) | 0;
    return ret;
  }

  /** A greeting from the server and a first line from the client: both directions are at a line start. */
  greet(): this {
    this.send(DIR_REPLY, '220 Welcome\r\n');
    this.send(DIR_ORIGINAL, 'USER anonymous\r\n');
    return this;
  }

  codes(): string[] {
    return this.reasons.map((r) => r.code);
  }
}

function expText(e: NewExp): string {
  return (
    `src=${formatIpv4(e.src)} dst=${formatIpv4(e.dst)} sport=${e.sport} dport=${e.dport} ` +
    `mask-src=${formatIpv4(e.maskSrc)} mask-dst=${formatIpv4(e.maskDst)} sport=${e.maskSport} dport=${e.maskDport} ` +
    `proto=${e.proto} class=${e.cls}`
  );
}

const ACTIVE = (port: number) =>
  `src=10.99.3.1 dst=10.99.1.1 sport=0 dport=${port} mask-src=255.255.255.255 mask-dst=255.255.255.255 sport=0 dport=65535 proto=6 class=0`;
const PASSIVE = (port: number) =>
  `src=10.99.1.1 dst=10.99.3.1 sport=0 dport=${port} mask-src=255.255.255.255 mask-dst=255.255.255.255 sport=0 dport=65535 proto=6 class=0`;

describe('ftp helper: commands that announce a data connection', () => {
  it.each([
    ['PORT', DIR_ORIGINAL, 'PORT 10,99,1,1,156,64\r\n', ACTIVE(40000), 'ftp.port-command'],
    ['PORT lower case', DIR_ORIGINAL, 'port 10,99,1,1,0,20\r\n', ACTIVE(20), 'ftp.port-command'],
    ['PORT, more lines after it', DIR_ORIGINAL, 'PORT 10,99,1,1,4,1\r\nLIST\r\n', ACTIVE(1025), 'ftp.port-command'],
    ['PORT with empty numbers', DIR_ORIGINAL, 'PORT 10,99,1,1,,7\r\n', ACTIVE(7), 'ftp.port-command'],
    ['EPRT', DIR_ORIGINAL, 'EPRT |1|10.99.1.1|40001|\r\n', ACTIVE(40001), 'ftp.eprt-command'],
    ['EPRT other delimiter', DIR_ORIGINAL, 'eprt !1!10.99.1.1!65535!\r\n', ACTIVE(65535), 'ftp.eprt-command'],
    ['227', DIR_REPLY, '227 Entering Passive Mode (10,99,3,1,195,80).\r\n', PASSIVE(50000), 'ftp.pasv-response'],
    ['227 without parentheses', DIR_REPLY, '227 =10,99,3,1,195,81\r\n', PASSIVE(50001), 'ftp.pasv-response'],
    ['227 any terminator', DIR_REPLY, '227 Ok 10,99,3,1,195,82 ok\r\n', PASSIVE(50002), 'ftp.pasv-response'],
    ['229', DIR_REPLY, '229 Entering Extended Passive Mode (|||50003|)\r\n', PASSIVE(50003), 'ftp.epsv-response'],
    ['229 other delimiter', DIR_REPLY, '229 EPSV ok (!!!50004!)\r\n', PASSIVE(50004), 'ftp.epsv-response'],
    // try_number does not range-check: (256 << 8 | 64) keeps its low 16 bits
    ['PORT with a port byte over 255', DIR_ORIGINAL, 'PORT 10,99,1,1,256,64\r\n', ACTIVE(64), 'ftp.port-command'],
    ['227 with a port byte over 255', DIR_REPLY, '227 Entering Passive Mode (10,99,3,1,300,80).\r\n', PASSIVE(11344), 'ftp.pasv-response'],
    ['EPRT port 65537 (16 bits: wraps to 1)', DIR_ORIGINAL, 'EPRT |1|10.99.1.1|65537|\r\n', ACTIVE(1), 'ftp.eprt-command'],
  ])('%s', (_name, dir, text, want, code) => {
    const s = new Session().greet();
    expect(s.send(dir as Dir, text)).toBe(NF_ACCEPT);
    expect(s.exps.map(expText)).toEqual([want]);
    expect(s.exps[0].master).toBe(s.ct);
    expect(s.codes()).toContain(code);
    expect(s.codes()).toContain('ftp.expectation');
  });

  it('reports the command with its address and port, and the expectation', () => {
    const s = new Session().greet();
    s.send(DIR_ORIGINAL, 'PORT 10,99,1,1,156,64\r\n');
    const r = s.reasons.find((x) => x.code === 'ftp.port-command')!;
    expect(formatFtpReason(r.code, r.params)).toBe('PORT command: the client expects a data connection to 10.99.1.1:40000');
    const e = s.reasons.find((x) => x.code === 'ftp.expectation')!;
    expect(e.params).toEqual({ src: '10.99.3.1', dst: '10.99.1.1', dport: 40000, timeout: 300 });
  });

  it('expects for ftp_expect_timeout seconds', () => {
    expect(ftpHelper.name).toBe('ftp');
    expect(ftpHelper.expectTimeout(DEFAULT_SETTINGS)).toBe(300);
    expect(ftpHelper.expectTimeout({ ...DEFAULT_SETTINGS, ftp_expect_timeout: 7 })).toBe(7);
  });
});

describe('ftp helper: text that announces nothing', () => {
  it.each([
    ['NOOP', DIR_ORIGINAL, 'NOOP\r\n'],
    ['PASV (the request)', DIR_ORIGINAL, 'PASV\r\n'],
    ['EPSV (the request)', DIR_ORIGINAL, 'EPSV\r\n'],
    ['PORT not at the start', DIR_ORIGINAL, 'NOOP\r\nPORT 10,99,1,1,156,64\r\n'],
    ['227 from the client', DIR_ORIGINAL, '227 Entering Passive Mode (10,99,3,1,195,80).\r\n'],
    ['PORT from the server', DIR_REPLY, 'PORT 10,99,1,1,156,64\r\n'],
    ['200 reply', DIR_REPLY, '200 PORT command successful\r\n'],
    ['227 continuation line', DIR_REPLY, '227-Entering Passive Mode (10,99,3,1,195,80)\r\n'],
    ['227 not at the start', DIR_REPLY, '200 Ok\r\n227 Entering Passive Mode (10,99,3,1,195,80).\r\n'],
    ['a single newline', DIR_REPLY, '\n'],
    ['PORT with an address byte over 255 (its bits OR into the next byte: 10.99.1.2)', DIR_ORIGINAL, 'PORT 10,99,1,258,156,64\r\n'],
  ])('%s: accepted, no expectation', (_name, dir, text) => {
    const s = new Session().greet();
    expect(s.send(dir as Dir, text)).toBe(NF_ACCEPT);
    expect(s.exps).toEqual([]);
  });
});

describe('ftp helper: partial or malformed commands are dropped', () => {
  it.each([
    ['PORT without \\r', DIR_ORIGINAL, 'PORT 10,99,1,1,156,64\n'],
    ['PORT with five numbers', DIR_ORIGINAL, 'PORT 10,99,1,1,156\r\n'],
    ['PORT with seven numbers', DIR_ORIGINAL, 'PORT 10,99,1,1,156,64,1\r\n'],
    ['PORT with two spaces', DIR_ORIGINAL, 'PORT  10,99,1,1,156,64\r\n'],
    ['PORT with a trailing space', DIR_ORIGINAL, 'PORT 10,99,1,1,156,64 \r\n'],
    ['PORT cut after the numbers', DIR_ORIGINAL, 'PORT 10,99,1,1,156,64'],
    ['the word alone', DIR_ORIGINAL, 'PORT'],
    ['the word cut', DIR_ORIGINAL, 'po'],
    ['a word that starts with PORT', DIR_ORIGINAL, 'PORTAL\r\n'],
    ['EPRT cut', DIR_ORIGINAL, 'EP'],
    ['EPRT IPv6 on an IPv4 connection', DIR_ORIGINAL, 'EPRT |2|::1|40000|\r\n'],
    ['EPRT port 0', DIR_ORIGINAL, 'EPRT |1|10.99.1.1|0|\r\n'],
    ['EPRT port 65536 (16 bits: wraps to 0)', DIR_ORIGINAL, 'EPRT |1|10.99.1.1|65536|\r\n'],
    ['EPRT digit delimiter', DIR_ORIGINAL, 'EPRT 313103993131314000031\r\n'],
    ['EPRT three address bytes', DIR_ORIGINAL, 'EPRT |1|10.99.1|40000|\r\n'],
    ['227 cut', DIR_REPLY, '22'],
    ['227 without a space', DIR_REPLY, '227'],
    ['227 without numbers', DIR_REPLY, '227 Entering Passive Mode\r\n'],
    ['227 cut after the numbers', DIR_REPLY, '227 Entering Passive Mode (10,99,3,1,195,80'],
    ['229 without "("', DIR_REPLY, '229 Entering Extended Passive Mode |||50000|\r\n'],
    ['229 with two delimiters', DIR_REPLY, '229 Entering Extended Passive Mode (||50000|)\r\n'],
    ['229 port 0', DIR_REPLY, '229 Entering Extended Passive Mode (|||0|)\r\n'],
    ['229 cut', DIR_REPLY, '229 Entering Extended Passive Mode (|||500'],
  ])('%s', (_name, dir, text) => {
    const s = new Session().greet();
    expect(s.send(dir as Dir, text)).toBe(NF_DROP);
    expect(s.exps).toEqual([]);
    expect(s.codes()).toContain('ftp.partial');
  });

  it('names the pattern as the kernel log does', () => {
    const s = new Session().greet();
    s.send(DIR_REPLY, '227 Entering Passive Mode\r\n');
    const r = s.reasons.find((x) => x.code === 'ftp.partial')!;
    expect(formatFtpReason(r.code, r.params)).toContain('partial matching of `227 \'');
  });

  it('a dropped segment does not move the newline: its retransmission, complete, is parsed', () => {
    const s = new Session().greet();
    const seq = s.nextSeq[DIR_ORIGINAL];
    expect(s.send(DIR_ORIGINAL, 'PORT 10,99,1,1,156,64\n')).toBe(NF_DROP);
    expect(s.send(DIR_ORIGINAL, 'PORT 10,99,1,1,156,64\r\n', { seq })).toBe(NF_ACCEPT);
    expect(s.exps.map(expText)).toEqual([ACTIVE(40000)]);
  });
});

describe('ftp helper: an announced address other than the sender', () => {
  it('loose=0: accepted, nothing expected', () => {
    const s = new Session().greet();
    expect(s.send(DIR_ORIGINAL, 'PORT 10,99,9,9,156,64\r\n')).toBe(NF_ACCEPT);
    expect(s.exps).toEqual([]);
    expect(s.codes()).toEqual(['ftp.port-command', 'ftp.address-mismatch', 'ftp.newline-remembered']);
    expect(s.send(DIR_REPLY, '227 Entering Passive Mode (192,168,0,5,195,80).\r\n')).toBe(NF_ACCEPT);
    expect(s.exps).toEqual([]);
  });

  it('loose=1: expected at the announced address', () => {
    const s = new Session(makeFtpHelper({ loose: true })).greet();
    s.send(DIR_ORIGINAL, 'EPRT |1|10.99.9.9|40001|\r\n');
    s.send(DIR_REPLY, '227 Entering Passive Mode (192,168,0,5,195,80).\r\n');
    expect(s.exps.map((e) => `${formatIpv4(e.src)} -> ${formatIpv4(e.dst)}:${e.dport}`)).toEqual([
      '10.99.3.1 -> 10.99.9.9:40001',
      '10.99.1.1 -> 192.168.0.5:50000',
    ]);
  });

  it('229 names no address: the server is expected on its own address', () => {
    const s = new Session().greet();
    s.send(DIR_REPLY, '229 Entering Extended Passive Mode (|||50000|)\r\n');
    expect(s.codes()).not.toContain('ftp.address-mismatch');
    expect(s.exps.map(expText)).toEqual([PASSIVE(50000)]);
  });
});

describe('ftp helper: only a segment that starts right after a newline is parsed', () => {
  it('the first segment of each direction is not parsed', () => {
    const s = new Session();
    expect(s.send(DIR_ORIGINAL, 'PORT 10,99,1,1,156,64\r\n')).toBe(NF_ACCEPT);
    expect(s.codes()[0]).toBe('ftp.not-after-newline');
    expect(s.send(DIR_REPLY, '227 Entering Passive Mode (10,99,3,1,195,80).\r\n')).toBe(NF_ACCEPT);
    expect(s.exps).toEqual([]);
    // each ended with a newline: the next ones are parsed
    s.send(DIR_ORIGINAL, 'PORT 10,99,1,1,156,65\r\n');
    s.send(DIR_REPLY, '227 Entering Passive Mode (10,99,3,1,195,81).\r\n');
    expect(s.exps.map((e) => e.dport)).toEqual([40001, 50001]);
  });

  it('a partial first segment is not dropped: it is not parsed at all', () => {
    const s = new Session();
    expect(s.send(DIR_ORIGINAL, 'PO')).toBe(NF_ACCEPT);
  });

  it('a line split across segments: the segment after the split is not parsed', () => {
    const s = new Session().greet();
    s.send(DIR_ORIGINAL, 'NOOP'); // no newline at the end
    expect(s.send(DIR_ORIGINAL, 'PORT 10,99,1,1,156,64\r\n')).toBe(NF_ACCEPT);
    expect(s.codes()[0]).toBe('ftp.not-after-newline');
    expect(s.exps).toEqual([]);
  });

  it('the end of a split line restores parsing', () => {
    const s = new Session();
    s.send(DIR_ORIGINAL, 'USER anon');
    s.send(DIR_ORIGINAL, 'ymous\r\n');
    s.send(DIR_ORIGINAL, 'PORT 10,99,1,1,156,64\r\n');
    expect(s.exps.map(expText)).toEqual([ACTIVE(40000)]);
  });

  it('the directions are independent', () => {
    const s = new Session();
    s.send(DIR_REPLY, '220 Welcome\r\n');
    s.send(DIR_REPLY, '331 Password required\r\n');
    // the server's newlines do not make the client's first segment parsable
    s.send(DIR_ORIGINAL, 'PORT 10,99,1,1,156,64\r\n');
    expect(s.exps).toEqual([]);
    expect(ftpMaster(s.ct)!.seqAftNl[DIR_REPLY]).toHaveLength(2);
    expect(ftpMaster(s.ct)!.seqAftNl[DIR_ORIGINAL]).toEqual([1000 + 23]);
  });

  it('remembers the two newest line starts: older retransmissions are not parsed', () => {
    const s = new Session().greet(); // remembers 1016
    const a = s.nextSeq[DIR_ORIGINAL];
    s.send(DIR_ORIGINAL, 'PORT 10,99,1,1,0,1\r\n'); // remembers a+20
    const b = s.nextSeq[DIR_ORIGINAL];
    s.send(DIR_ORIGINAL, 'PORT 10,99,1,1,0,2\r\n'); // remembers b+20 in place of 1016
    expect(NUM_SEQ_TO_REMEMBER).toBe(2);
    expect(ftpMaster(s.ct)!.seqAftNl[DIR_ORIGINAL]).toEqual([b + 20, b]);
    s.exps = [];
    s.send(DIR_ORIGINAL, 'PORT 10,99,1,1,0,1\r\n', { seq: a }); // 1016 is forgotten
    expect(s.codes()[0]).toBe('ftp.not-after-newline');
    s.send(DIR_ORIGINAL, 'PORT 10,99,1,1,0,2\r\n', { seq: b }); // a retransmission: parsed again
    expect(s.exps.map((e) => e.dport)).toEqual([2]);
  });

  it('an older line start does not replace newer ones', () => {
    const s = new Session().greet();
    s.send(DIR_ORIGINAL, 'NOOP\r\n');
    const before = [...ftpMaster(s.ct)!.seqAftNl[DIR_ORIGINAL]];
    s.send(DIR_ORIGINAL, 'OLD\r\n', { seq: 500 }); // ends at 505, before both
    expect(ftpMaster(s.ct)!.seqAftNl[DIR_ORIGINAL]).toEqual(before);
  });

  it('sequence numbers wrap', () => {
    const s = new Session();
    s.nextSeq[DIR_ORIGINAL] = -5; // 4294967291
    s.send(DIR_ORIGINAL, 'USER anonymous\r\n'); // ends at 11
    expect(ftpMaster(s.ct)!.seqAftNl[DIR_ORIGINAL]).toEqual([11]);
    s.send(DIR_ORIGINAL, 'PORT 10,99,1,1,156,64\r\n');
    expect(s.exps.map(expText)).toEqual([ACTIVE(40000)]);
    s.send(DIR_ORIGINAL, 'NOOP\r\n');
    s.send(DIR_ORIGINAL, 'OLD\r\n', { seq: -100 }); // before both: ignored
    expect(ftpMaster(s.ct)!.seqAftNl[DIR_ORIGINAL]).toEqual([40, 34]);
  });
});

describe('ftp helper: packets it does not read', () => {
  it.each([
    ['NEW', CT_NEW],
    ['RELATED', CT_RELATED],
  ])('%s packets', (_name, state) => {
    const s = new Session();
    expect(s.send(DIR_ORIGINAL, 'USER anonymous\r\n', { state: state as CtState })).toBe(NF_ACCEPT);
    expect(s.codes()).toEqual(['ftp.not-established']);
    expect(ftpMaster(s.ct)).toBeNull();
  });

  it('packets without payload leave no state and say nothing', () => {
    const s = new Session();
    expect(s.send(DIR_ORIGINAL, '')).toBe(NF_ACCEPT);
    expect(s.reasons).toEqual([]);
    expect(ftpMaster(s.ct)).toBeNull();
  });

  it('opaque payload (a length without text) matches nothing and ends no line', () => {
    const s = new Session().greet();
    const pkt = makePacket({ src: CLIENT, dst: SERVER, sport: CPORT, dport: 21, seq: s.nextSeq[0], payloadLen: 3 });
    expect(ftpHelper.help(s.ct, pkt, DIR_ORIGINAL, CT_ESTABLISHED, s.ctx)).toBe(NF_ACCEPT);
    expect(ftpMaster(s.ct)!.seqAftNl[DIR_ORIGINAL]).toEqual([1016]);
  });

  it('not TCP', () => {
    const s = new Session().greet();
    const pkt = makePacket({ proto: IPPROTO_UDP, payload: 'PORT 10,99,1,1,156,64\r\n', payloadLen: 23 });
    expect(ftpHelper.help(s.ct, pkt, DIR_ORIGINAL, CT_ESTABLISHED, s.ctx)).toBe(NF_ACCEPT);
    expect(s.exps).toEqual([]);
  });

  it('creates its state on a connection without ext', () => {
    const s = new Session();
    s.ct.ext = null;
    s.send(DIR_ORIGINAL, 'USER anonymous\r\n');
    expect(ftpMaster(s.ct)!.seqAftNl[DIR_ORIGINAL]).toEqual([1016]);
  });
});

describe('ftp reasons', () => {
  it('every code the helper reports has a template', () => {
    const seen = new Set<string>();
    const s = new Session(makeFtpHelper({ loose: true }));
    const record = () => s.reasons.forEach((r) => seen.add(r.code));
    s.send(DIR_ORIGINAL, 'USER x\r\n', { state: CT_NEW });
    record();
    for (const [dir, text] of [
      [DIR_ORIGINAL, 'PORT 10,99,1,1,156,64\r\n'],
      [DIR_ORIGINAL, 'PORT 10,99,1,1,156,64\r\n'],
      [DIR_ORIGINAL, 'EPRT |1|10.99.1.2|40001|\r\n'],
      [DIR_ORIGINAL, 'NOOP\r\n'],
      [DIR_REPLY, '220 Hi\r\n'],
      [DIR_REPLY, '227 (10,99,3,1,1,1)\r\n'],
      [DIR_REPLY, '229 (|||1000|)\r\n'],
      [DIR_REPLY, '22'],
    ] as const) {
      s.send(dir, text);
      record();
    }
    for (const c of seen) expect(FTP_REASONS[c], c).toBeTypeOf('string');
    expect(seen.size).toBeGreaterThanOrEqual(10);
    expect(Object.keys(FTP_REASONS).every((k) => k.startsWith('ftp.'))).toBe(true);
  });
});

describe('ftp helper: an expectation the core refuses (nf_ct_expect_related != 0)', () => {
  it('drops the segment, remembers its newline, and parses a retransmission again', () => {
    const s = new Session().greet();
    s.refuse = true;
    const seq = s.nextSeq[DIR_ORIGINAL];
    expect(s.send(DIR_ORIGINAL, 'PORT 10,99,1,1,156,64\r\n', { seq })).toBe(NF_DROP);
    expect(s.codes()).toEqual(['ftp.port-command', 'ftp.cannot-expect', 'ftp.newline-remembered']);
    expect(s.exps).toHaveLength(0);
    s.refuse = false;
    expect(s.send(DIR_ORIGINAL, 'PORT 10,99,1,1,156,64\r\n', { seq })).toBe(NF_ACCEPT);
    expect(s.exps.map(expText)).toEqual([ACTIVE(40000)]);
  });
});
