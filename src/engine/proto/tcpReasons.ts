/**
 * What the TCP tracker (tcpTracker.ts) can say about a packet: reason codes and their English
 * templates, `{param}` filled from the tracer's parameters. Where the kernel logs a message
 * (nf_ct_l4proto_log_invalid, seen with nf_conntrack_log_invalid), the template quotes it.
 * Sequence numbers in parameters are printed unsigned, as tcpdump does. `{flags}` is the
 * packet's flags as describeTcpFlags prints them ("SYN/ACK"); `flagClass` (the kernel's
 * get_conntrack_index: syn, synack, fin, ack, rst, none) comes along for the UI.
 */
import type { ReasonParams } from '../trace';

export const TCP_REASONS: Record<string, string> = {
  // tcp_error
  'tcp.invalid-flags':
    '{flags} is not a valid flag combination (the kernel logs "invalid tcp flag combination")',

  // tcp_new
  'tcp.new-syn':
    'A SYN creates the entry in SYN_SENT; window tracking starts from it: the client\'s data ends at {end}, window {win}, window scale option {wscale}',
  'tcp.new-pickup':
    '{flags} without a SYN: with nf_conntrack_tcp_loose=1 the connection is picked up in the middle, with liberal window checks in both directions',
  'tcp.new-not-loose':
    'nf_conntrack_tcp_loose=0: only a SYN may create a connection, not {flags}',
  'tcp.new-invalid': '{flags} cannot create a connection (the kernel logs "invalid new")',

  // the state table
  'tcp.state': 'In {from}, {flags} in the {dir} direction leads to {to}',
  'tcp.state-invalid':
    'In {state}, {flags} in the {dir} direction is invalid (the kernel logs "packet (index {index}) in dir {dirIndex} invalid, state {state}")',
  'tcp.ignored':
    'In {state}, {flags} in the {dir} direction is ignored: conntrack may be out of sync with the hosts, so the packet passes, and neither the state nor the timeout changes',
  'tcp.ignored-syn-noted':
    'The ignored SYN is remembered (it ends at {end}): if the server answers it with a SYN/ACK, conntrack resynchronises',
  'tcp.challenge-ack-expected':
    'A SYN in LAST_ACK may draw an RFC 5961 challenge ACK, which must not be taken for the last ACK',
  'tcp.challenge-ack-noted':
    'This ACK may be a challenge ACK answering the SYN: its ACK {ack} is remembered for an RST that may follow',
  'tcp.synack-resync':
    'This SYN/ACK acknowledges the SYN conntrack ignored (ACK {ack}): client and server are in sync but conntrack was not; it starts over from SYN_SENT with the remembered SYN',
  'tcp.reopen':
    'A SYN in {state}: the old connection is over, so its entry is deleted and the SYN is looked up again as a new connection',
  'tcp.reopen-dying':
    'A SYN in {state} would reopen the connection, but the old entry is already being deleted: the packet is dropped',
  'tcp.challenge-ack-ignored':
    'This ACK answers the SYN let through in LAST_ACK: an RFC 5961 challenge ACK, not the last ACK; the state stays LAST_ACK (the kernel logs "challenge-ack ignored")',
  'tcp.simultaneous-open': 'Both ends sent a SYN: a simultaneous open',
  'tcp.simultaneous-open-established': 'This ACK completes the simultaneous open: ESTABLISHED',

  // RST checks
  'tcp.rst-closing': 'An RST while the connection is closing ({state}): accepted without any sequence check',
  'tcp.rst-invalid':
    'The RST\'s SEQ {seq} is before {maxack}, the highest ACK the other side sent: it is out of the window (the kernel logs "invalid rst")',
  'tcp.rst-invalid-ignored':
    'The RST\'s SEQ {seq} is before {maxack}, the highest ACK the other side sent, but nf_conntrack_tcp_ignore_invalid_rst=1 turns this check off',
  'tcp.rst-inexact':
    'The RST\'s SEQ {seq} is not exactly {maxack}, the next byte expected: if it is in the window, the state stays {state} so that a challenge ACK (RFC 5961) can follow',
  'tcp.rst-answers-ignored':
    'This RST answers the {what} conntrack let through (its ACK {ack} matches that packet\'s end): accepted without window check',
  'tcp.rst-answers-challenge-ack':
    'This RST answers the challenge ACK let through in SYN_SENT (SEQ {seq}): accepted without window check',
  'tcp.rst-unreplied': 'An RST before any reply was seen: the entry is deleted at once',
  'tcp.syn-retrans': 'A SYN in SYN_SENT before any reply (a retransmission, or the other end\'s SYN): the timeout is not renewed',
  'tcp.assured': 'A valid {flags} in ESTABLISHED after {from}: the entry becomes ASSURED',

  // timeouts
  'tcp.timeout-state': 'Timeout {seconds} s: the {state} timeout',
  'tcp.timeout-retrans':
    'Timeout {seconds} s: {retrans} retransmissions reached nf_conntrack_tcp_max_retrans={max}, so nf_conntrack_tcp_timeout_max_retrans applies',
  'tcp.timeout-rst': 'Timeout {seconds} s: after an RST the CLOSE timeout applies',
  'tcp.timeout-unack':
    'Timeout {seconds} s: some data is not acknowledged yet, so nf_conntrack_tcp_timeout_unacknowledged applies',
  'tcp.timeout-zero-window':
    'Timeout {seconds} s: the last window advertised was zero, so nf_conntrack_tcp_timeout_max_retrans applies',
  'tcp.timeout-unreplied':
    'Timeout {seconds} s: ESTABLISHED without any reply (a picked-up connection) is capped at nf_conntrack_tcp_timeout_unacknowledged',

  // tcp_in_window
  'tcp.window-init':
    'Window tracking for the {dir} side starts from this {flags}: its data ends at {end}, window {win}',
  'tcp.window-reinit':
    'A SYN with higher sequence numbers (ending at {end}): window tracking for the {dir} side starts over (RFC 793)',
  'tcp.window-pickup':
    'The first packet from the {dir} side is not a SYN: window tracking for that side starts from it: data ends at {end}, window {win}',
  'tcp.window-scale':
    'Window scaling: original side shift {oScale}, reply side shift {rScale} (scaling needs the option from both sides)',
  'tcp.rst-seq-zero': 'An RST with SEQ 0 answering the SYN: its SEQ is taken as {seq}',
  'tcp.seq-over-upper-bound':
    'SEQ is over the upper bound of the window: SEQ {seq} is not below {bound}, the end of the receiver\'s window plus one (the kernel logs "SEQ is over upper bound {bound} (over the window of the receiver)")',
  'tcp.bytes-more-than-expected':
    'The segment ends {overshot} bytes beyond the receiver\'s window: ignored (not invalid), and its data is counted as sent (the kernel logs "{overshot} bytes more than expected")',
  'tcp.ack-over-upper-bound':
    'ACK is over the upper bound: ACK {ack} acknowledges data not seen yet, it must be below {bound} (the kernel logs "ACK is over upper bound {bound} (ACKed data not seen yet)")',
  'tcp.seq-under-lower-bound':
    'SEQ is under the lower bound: the segment ends at {end}, not after {bound}: already acknowledged data retransmitted; ignored (the kernel logs "SEQ is under lower bound {bound} (already ACKed data retransmitted)")',
  'tcp.ack-under-lower-bound':
    'ACK is under the lower bound: ACK {ack} is not after {bound}, possibly overly delayed; ignored (the kernel logs "ignored ACK under lower bound {bound} (possible overly delayed)")',
  'tcp.liberal':
    'The window check failed, but window checks are liberal ({why}): the packet is accepted without updating the window tracking',
  'tcp.in-window':
    'In window: SEQ {seq}, end {end} (upper bound {maxend}); ACK {ack} (upper bound {ackBound}); window {win}',
  'tcp.retrans': 'The same segment as the last ACK seen in this direction: retransmission number {retrans}',
  'tcp.invalid-lowers-timeout':
    'An out-of-window {flags} answering a {lastClass} from the other side: the connection is probably dead, the timeout drops to {seconds} s',
};

/** Fills a template's `{param}` placeholders; unknown codes give the code itself. */
export function formatTcpReason(code: string, params?: ReasonParams): string {
  const t = TCP_REASONS[code];
  if (t === undefined) return code;
  return t.replace(/\{(\w+)\}/g, (m, k: string) => (params && k in params ? String(params[k]) : m));
}
