/**
 * Reading FTP commands and replies out of a segment, as the kernel's FTP helper does
 * (net/netfilter/nf_conntrack_ftp.c: the `search` table, find_pattern, try_number, try_rfc959,
 * try_rfc1123, try_eprt, try_epsv_response, get_port). Our own code, written from its behaviour.
 *
 * Only the start of a segment is examined: a command must begin at the segment's first byte.
 * The word is compared case-insensitively (strncasecmp). A segment that is shorter than the
 * word but agrees with its beginning, or that has the word but no parsable numbers after it,
 * is a "partial match": the helper drops it (see ftpHelper.ts).
 *
 * Left out: IPv6 (EPRT |2|...| is refused, as it is on an IPv4 connection), NAT's offsets.
 * Nothing here allocates: the result goes into the caller's FtpCmd.
 */

export const FTP_PORT = 0;
export const FTP_PASV = 1;
export const FTP_EPRT = 2;
export const FTP_EPSV = 3;
/** The kernel's enum nf_ct_ftp_type. */
export type FtpType = 0 | 1 | 2 | 3;

/** What a match found: the kernel's `struct nf_conntrack_man cmd` plus matchoff/matchlen. */
export interface FtpCmd {
  /** The announced address; the caller presets it to the sender's (EPSV names none). */
  addr: number;
  port: number;
  /** Where the numbers start in the segment, and how many bytes they take. */
  off: number;
  len: number;
}

type GetNum = (data: string, p: number, dlen: number, cmd: FtpCmd, term: number) => number;

export interface FtpSearch {
  pattern: string;
  /** Character to skip up to after the word (0: none), and the numbers' terminator (0: any). */
  skip: number;
  term: number;
  type: FtpType;
  getnum: GetNum;
}

const CH_0 = 48;
const CH_9 = 57;

function isDigit(c: number): boolean {
  return c >= CH_0 && c <= CH_9;
}

function lower(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

/** strncasecmp(data, pattern, n) === 0 for ASCII words. */
function startsWithCi(data: string, pattern: string, n: number): boolean {
  for (let i = 0; i < n; i++) if (lower(data.charCodeAt(i)) !== lower(pattern.charCodeAt(i))) return false;
  return true;
}

const nums = [0, 0, 0, 0, 0, 0];

/**
 * try_number: `size` decimal numbers separated by `sep`, ended by `term` (term 0: by any other
 * character). Returns the length read, 0 on failure. A segment that ends right after the last
 * number fails: the terminator must be seen. The numbers are not range-checked: each is an
 * unsigned 32-bit value that wraps ("300" is 300; the callers' shifts then mix the bits).
 */
function tryNumber(data: string, p: number, dlen: number, size: number, sep: number, term: number): number {
  for (let k = 0; k < size; k++) nums[k] = 0;
  let i = 0;
  for (let len = 0; len < dlen && i < size; len++) {
    const c = data.charCodeAt(p + len);
    if (isDigit(c)) {
      nums[i] = (Math.imul(nums[i], 10) + c - CH_0) >>> 0;
    } else if (c === sep) {
      i++;
    } else {
      return (c === term || term === 0) && i === size - 1 ? len : 0;
    }
  }
  return 0;
}

/** try_rfc959: "h1,h2,h3,h4,p1,p2" (PORT, and 227 via tryRfc1123). */
function tryRfc959(data: string, p: number, dlen: number, cmd: FtpCmd, term: number): number {
  const len = tryNumber(data, p, dlen, 6, 44 /* , */, term);
  if (len === 0) return 0;
  cmd.addr = ((nums[0] << 24) | (nums[1] << 16) | (nums[2] << 8) | nums[3]) | 0;
  cmd.port = ((nums[4] << 8) | nums[5]) & 0xffff; // htons of a u16: the high bits are lost
  return len;
}

/**
 * try_rfc1123: RFC 1123 says a 227 reply's parentheses may be missing, so the numbers start
 * at the first digit after "227 " (and may end with any character).
 */
function tryRfc1123(data: string, p: number, dlen: number, cmd: FtpCmd): number {
  let i = 0;
  while (i < dlen && !isDigit(data.charCodeAt(p + i))) i++;
  if (i === dlen) return 0;
  cmd.off += i;
  return tryRfc959(data, p + i, dlen - i, cmd, 0);
}

/**
 * get_port: a number from `start` up to `delim`, kept in 16 bits (it wraps: 65537 is 1); 0 is
 * refused. Returns the index after the delimiter, or 0.
 */
function getPort(data: string, p: number, start: number, dlen: number, delim: number, cmd: FtpCmd): number {
  let port = 0;
  for (let i = start; i < dlen; i++) {
    const c = data.charCodeAt(p + i);
    if (c === delim) {
      if (port === 0) return 0;
      cmd.port = port;
      return i + 1;
    }
    if (!isDigit(c)) return 0;
    port = (port * 10 + c - CH_0) & 0xffff;
  }
  return 0;
}

/** EPRT's and EPSV's delimiter: a printable, non-digit ASCII character. */
function badDelim(c: number): boolean {
  return isDigit(c) || !(c >= 33 && c <= 126);
}

/** try_eprt: "|1|a.b.c.d|port|" where '|' is whatever the first character is. */
function tryEprt(data: string, p: number, dlen: number, cmd: FtpCmd): number {
  if (dlen <= 3) return 0;
  const delim = data.charCodeAt(p);
  if (badDelim(delim) || data.charCodeAt(p + 2) !== delim) return 0;
  if (data.charCodeAt(p + 1) !== 49 /* 1: IPv4, the only family of an IPv4 connection */) return 0;
  const len = tryNumber(data, p + 3, dlen - 3, 4, 46 /* . */, delim);
  if (len === 0) return 0;
  cmd.addr = ((nums[0] << 24) | (nums[1] << 16) | (nums[2] << 8) | nums[3]) | 0;
  return getPort(data, p, 3 + len + 1, dlen, delim, cmd);
}

/** try_epsv_response: "|||port|" (the address is the server's own). */
function tryEpsvResponse(data: string, p: number, dlen: number, cmd: FtpCmd): number {
  if (dlen <= 3) return 0;
  const delim = data.charCodeAt(p);
  if (badDelim(delim) || data.charCodeAt(p + 1) !== delim || data.charCodeAt(p + 2) !== delim) return 0;
  return getPort(data, p, 3, dlen, delim, cmd);
}

/** The kernel's `search[dir][]`: what the client says (original) and the server (reply). */
export const FTP_SEARCH: readonly (readonly FtpSearch[])[] = [
  [
    { pattern: 'PORT', skip: 32 /* ' ' */, term: 13 /* \r */, type: FTP_PORT, getnum: tryRfc959 },
    { pattern: 'EPRT', skip: 32, term: 13, type: FTP_EPRT, getnum: tryEprt },
  ],
  [
    { pattern: '227 ', skip: 0, term: 0, type: FTP_PASV, getnum: tryRfc1123 },
    { pattern: '229 ', skip: 40 /* ( */, term: 41 /* ) */, type: FTP_EPSV, getnum: tryEpsvResponse },
  ],
];

export const FIND_MATCH = 1;
export const FIND_NONE = 0;
export const FIND_PARTIAL = -1;

/**
 * find_pattern: does the segment (its first `dlen` characters) start with `s`'s word and the
 * numbers after it? FIND_MATCH (cmd filled in), FIND_NONE, or FIND_PARTIAL.
 */
export function findPattern(data: string, dlen: number, s: FtpSearch, cmd: FtpCmd): number {
  const plen = s.pattern.length;
  if (dlen <= plen) return startsWithCi(data, s.pattern, dlen) ? FIND_PARTIAL : FIND_NONE;
  if (!startsWithCi(data, s.pattern, plen)) return FIND_NONE;
  let i = plen;
  if (s.skip !== 0) {
    for (; data.charCodeAt(i) !== s.skip; i++) if (i === dlen - 1) return FIND_PARTIAL;
    i++; // past the skip character
  }
  cmd.off = i;
  cmd.len = s.getnum(data, i, dlen - i, cmd, s.term);
  return cmd.len === 0 ? FIND_PARTIAL : FIND_MATCH;
}
