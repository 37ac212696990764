/**
 * The FTP conntrack helper: the kernel's net/netfilter/nf_conntrack_ftp.c `help()`, our own code.
 *
 * It reads the control connection and, when the client announces where it listens (PORT,
 * EPRT: active mode) or the server does (227 reply to PASV, 229 reply to EPSV: passive mode),
 * registers an expectation so that the data connection is RELATED.
 *
 * - Only ESTABLISHED packets (either direction) with payload are looked at.
 * - Only a segment that starts right after a newline is parsed: per direction the helper
 *   remembers up to NUM_SEQ_TO_REMEMBER (2) sequence numbers at which a segment ending in '\n'
 *   ended (seq_aft_nl). The first segment of each direction is therefore never parsed.
 * - A command must start at the segment's first byte; its word is matched case-insensitively;
 *   a partial or malformed one (e.g. "PORT 1,2,3,4,5,6\n" without '\r') drops the packet.
 * - The expected connection comes from the other side's address, any source port, to the
 *   announced port at the sender's address. An announced address other than the sender's is
 *   ignored (no expectation) unless the module's `loose` parameter is set (then it is used).
 *
 * Left out: NAT (nf_nat_ftp mangling), IPv6 (EPRT |2|, EPSV on IPv6), the ctnetlink
 * pickup flag (NF_CT_FTP_SEQ_PICKUP, only for entries injected by conntrackd), and the
 * expectation policy (max_expected 1, replacing the older expectation): the core's
 * `HelperContext.expect` owns the expectation table. When it refuses the expectation (it
 * clashes with another control connection's), the packet is dropped ("cannot add
 * expectation"), but its newline is still remembered: a retransmission is parsed again.
 *
 * Payload: `pkt.payload` is the text; when it is '' but `payloadLen` > 0 the bytes are taken as
 * opaque (they match nothing and do not end in a newline), as the recordings' "x" padding.
 */
import type { Conn } from '../conn';
import { CT_ESTABLISHED, DIR_NAMES, DIR_ORIGINAL, NF_ACCEPT, NF_DROP, type CtState, type Dir } from '../ctinfo';
import type { ConntrackHelper, HelperContext } from '../helper';
import { formatIpv4 } from '../ipv4';
import { IPPROTO_TCP, type Packet } from '../packet';
import { FIND_MATCH, FIND_PARTIAL, FTP_SEARCH, findPattern, type FtpCmd } from './ftpParse';

/** NUM_SEQ_TO_REMEMBER (include/linux/netfilter/nf_conntrack_ftp.h). */
export const NUM_SEQ_TO_REMEMBER = 2;

/** The FTP policy's max_expected: one pending expectation per control connection. */
export const FTP_MAX_EXPECTED = 1;

/**
 * Per-connection state (struct nf_ct_ftp_master), kept in `ct.ext.help`: per direction the
 * sequence numbers that follow a segment ending in a newline. The array's length is the
 * kernel's seq_aft_nl_num[dir].
 */
export interface FtpMaster {
  seqAftNl: [number[], number[]];
}

/** The FTP state of a connection, or null before the helper first saw data on it. */
export function ftpMaster(ct: Conn): FtpMaster | null {
  const help = ct.ext?.help;
  return help !== null && typeof help === 'object' && 'seqAftNl' in help ? (help as FtpMaster) : null;
}

function ftpMasterOrNew(ct: Conn): FtpMaster {
  let info = ftpMaster(ct);
  if (info === null) {
    info = { seqAftNl: [[], []] };
    if (ct.ext === null) ct.ext = { helper: 'ftp', help: info, master: null, expecting: 0 };
    else ct.ext.help = info;
  }
  return info;
}

/** before(a, b) on 32-bit sequence numbers. */
function seqBefore(a: number, b: number): boolean {
  return ((a - b) | 0) < 0;
}

/** find_nl_seq: does a segment at `seq` start right after a newline seen in `dir`? */
function findNlSeq(seq: number, info: FtpMaster, dir: Dir): boolean {
  const seen = info.seqAftNl[dir];
  for (let i = 0; i < seen.length; i++) if (seen[i] === seq) return true;
  return false;
}

/**
 * update_nl_seq: remember `nlSeq`; when full, it replaces the oldest if it is newer.
 * Returns whether `nlSeq` is now remembered.
 */
function updateNlSeq(nlSeq: number, info: FtpMaster, dir: Dir): boolean {
  const seen = info.seqAftNl[dir];
  for (let i = 0; i < seen.length; i++) if (seen[i] === nlSeq) return true;
  if (seen.length < NUM_SEQ_TO_REMEMBER) {
    seen.push(nlSeq);
    return true;
  }
  const oldest = seqBefore(seen[0], seen[1]) ? 0 : 1;
  if (!seqBefore(seen[oldest], nlSeq)) return false;
  seen[oldest] = nlSeq;
  return true;
}

const COMMAND_REASON = ['ftp.port-command', 'ftp.pasv-response', 'ftp.eprt-command', 'ftp.epsv-response'];
const NO_COMMAND = ['PORT or EPRT', '"227 " or "229 "'];

/** One scratch command: the engine handles one packet at a time. */
const cmd: FtpCmd = { addr: 0, port: 0, off: 0, len: 0 };

/** parseAndExpect's answer when the core refused the expectation (help()'s out_put_expect). */
const EXPECT_REFUSED = -1;

/**
 * Parses a segment that starts after a newline and registers the expectation it announces.
 * Returns NF_ACCEPT, NF_DROP for a partial match (then the newline is not remembered), or
 * EXPECT_REFUSED (the packet is dropped, the newline remembered).
 */
function parseAndExpect(ct: Conn, data: string, dlen: number, dir: Dir, ctx: HelperContext, loose: boolean): number {
  const trace = ctx.trace;
  // tuplehash[dir].src: who sent this segment; tuplehash[!dir]: the same two hosts seen back.
  const sender = dir === DIR_ORIGINAL ? ct.oSrc : ct.rSrc;
  cmd.addr = sender; // EPSV names no address: the sender's
  cmd.port = 0;
  const searches = FTP_SEARCH[dir];
  let found = 0;
  let k = 0;
  for (; k < searches.length; k++) {
    found = findPattern(data, dlen, searches[k], cmd);
    if (found !== 0) break;
  }
  if (found === FIND_PARTIAL) {
    trace?.reason('ftp.partial', { pattern: searches[k].pattern });
    return NF_DROP;
  }
  if (found !== FIND_MATCH) {
    trace?.reason('ftp.no-command', { patterns: NO_COMMAND[dir] });
    return NF_ACCEPT;
  }
  trace?.reason(COMMAND_REASON[searches[k].type], { addr: formatIpv4(cmd.addr), port: cmd.port });

  // The expected connection goes the other way: from tuplehash[!dir]'s source to its destination.
  const src = dir === DIR_ORIGINAL ? ct.rSrc : ct.oSrc;
  let dst = dir === DIR_ORIGINAL ? ct.rDst : ct.oDst;
  if (cmd.addr !== sender) {
    if (trace) {
      const params = { addr: formatIpv4(cmd.addr), sender: formatIpv4(sender) };
      trace.reason(loose ? 'ftp.address-mismatch-loose' : 'ftp.address-mismatch', params);
    }
    if (!loose) return NF_ACCEPT;
    dst = cmd.addr;
  }
  // nf_ct_expect_init(exp, NF_CT_EXPECT_CLASS_DEFAULT, family, src, dst, TCP, NULL, &port)
  const added = ctx.expect(
    {
      src,
      dst,
      sport: 0,
      dport: cmd.port,
      proto: IPPROTO_TCP,
      maskSrc: -1,
      maskDst: -1,
      maskSport: 0,
      maskDport: 0xffff,
      cls: 0,
    },
    ct,
  );
  if (!added) {
    trace?.reason('ftp.cannot-expect');
    return EXPECT_REFUSED;
  }
  if (trace) {
    trace.reason('ftp.expectation', {
      src: formatIpv4(src),
      dst: formatIpv4(dst),
      dport: cmd.port,
      timeout: ctx.settings.ftp_expect_timeout,
    });
  }
  return NF_ACCEPT;
}

/** The helper function (help() in nf_conntrack_ftp.c). */
function ftpHelp(loose: boolean) {
  return (ct: Conn, pkt: Packet, dir: Dir, state: CtState, ctx: HelperContext): number => {
    if (pkt.proto !== IPPROTO_TCP) return NF_ACCEPT;
    const data = pkt.payload;
    const dlen = data.length > 0 ? data.length : pkt.payloadLen;
    if (state !== CT_ESTABLISHED) {
      // "Until there's been traffic both ways, don't look in packets."
      if (dlen > 0) ctx.trace?.reason('ftp.not-established');
      return NF_ACCEPT;
    }
    if (dlen === 0) return NF_ACCEPT;

    const info = ftpMasterOrNew(ct);
    const endsInNl = data.charCodeAt(dlen - 1) === 10;
    const seq = pkt.seq | 0;
    let ret = NF_ACCEPT;
    if (!findNlSeq(seq, info, dir)) {
      ctx.trace?.reason('ftp.not-after-newline', { seq: seq >>> 0, dir: DIR_NAMES[dir] });
    } else {
      ret = parseAndExpect(ct, data, dlen, dir, ctx, loose);
      if (ret === NF_DROP) return ret; // a partial match: the newline is not remembered either
      if (ret === EXPECT_REFUSED) ret = NF_DROP; // "cannot add expectation": out_update_nl still runs
    }
    if (endsInNl) {
      const next = (seq + dlen) | 0;
      if (updateNlSeq(next, info, dir)) ctx.trace?.reason('ftp.newline-remembered', { seq: next >>> 0, dir: DIR_NAMES[dir] });
    }
    return ret;
  };
}

/** An FTP helper; `loose` is the nf_conntrack_ftp module parameter (default 0). */
export function makeFtpHelper(opts: { loose: boolean }): ConntrackHelper {
  return {
    name: 'ftp',
    help: ftpHelp(opts.loose),
    expectTimeout: (s) => s.ftp_expect_timeout,
    maxExpected: FTP_MAX_EXPECTED,
  };
}

/** The FTP helper as the kernel loads it (loose=0). Register: `conntrack.helpers.ftp = ftpHelper`. */
export const ftpHelper: ConntrackHelper = makeFtpHelper({ loose: false });
