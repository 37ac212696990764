/**
 * What the FTP helper (ftpHelper.ts) can say about a packet: reason codes and their English
 * templates, `{param}` filled from the tracer's parameters. Where the kernel logs a message
 * (nf_ct_helper_log, seen with nf_conntrack_log_invalid / in dmesg), the template quotes it.
 * Addresses are dotted quads, sequence numbers unsigned, as tcpdump prints them.
 */
import type { ReasonParams } from '../trace';

export const FTP_REASONS: Record<string, string> = {
  'ftp.not-established':
    'The FTP helper reads only packets of an ESTABLISHED connection (traffic seen both ways): it ignores this one',
  'ftp.not-after-newline':
    'This segment (SEQ {seq}) does not start right after a newline the helper saw in the {dir} direction: the FTP helper does not parse it',
  'ftp.newline-remembered':
    'This segment ends with a newline: the next {dir} segment, at SEQ {seq}, starts a new line and will be parsed',
  'ftp.no-command': 'The segment does not start with {patterns}: nothing for the FTP helper',
  'ftp.partial':
    'The segment starts like "{pattern}" but the command is incomplete or malformed: the FTP helper drops it (the kernel logs "partial matching of `{pattern}\'")',
  'ftp.cannot-expect':
    'The FTP helper cannot add the expectation: it drops the segment that carried the command (the kernel logs "cannot add expectation"). The newline is still remembered, so a retransmission of this segment is parsed again and succeeds once the clash is gone',
  'ftp.port-command': 'PORT command: the client expects a data connection to {addr}:{port}',
  'ftp.eprt-command': 'EPRT command: the client expects a data connection to {addr}:{port}',
  'ftp.pasv-response': '227 reply to PASV: the server expects a data connection to {addr}:{port}',
  'ftp.epsv-response':
    '229 reply to EPSV: the server expects a data connection to port {port} of its own address {addr}',
  'ftp.address-mismatch':
    'The announced address {addr} is not the sender\'s address {sender}: the FTP helper (loose=0) expects nothing, so that no one can open a hole towards a third host',
  'ftp.address-mismatch-loose':
    'The announced address {addr} is not the sender\'s address {sender}, but the FTP helper runs with loose=1: it expects the connection there anyway',
  'ftp.expectation':
    'Expectation: a TCP connection from {src} (any source port) to {dst} port {dport} will be RELATED to this one, if it starts within {timeout} s',
};

/** Fills a template's `{param}` placeholders; unknown codes give the code itself. */
export function formatFtpReason(code: string, params?: ReasonParams): string {
  const t = FTP_REASONS[code];
  if (t === undefined) return code;
  return t.replace(/\{(\w+)\}/g, (m, k: string) => (params && k in params ? String(params[k]) : m));
}
