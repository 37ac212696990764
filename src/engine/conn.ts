/**
 * One tracked connection: the kernel's `struct nf_conn`, flattened.
 *
 * Both tuples are stored as fields rather than objects so that a table of 100,000 entries
 * stays small and a lookup allocates nothing. A tuple is (src, dst, sport, dport, proto);
 * for ICMP, as in the kernel's `nf_conntrack_tuple`, `sport` holds the ICMP id and `dport`
 * holds `type << 8 | code` (the reply tuple carries the reply type, e.g. 0 for echo request 8).
 * Protocols without ports use 0 for both.
 *
 * TCP's per-connection and per-direction tracking state (`struct ip_ct_tcp`) is flattened too;
 * other protocols leave those fields at 0. Sequence numbers are signed 32-bit integers and are
 * compared with wrapping arithmetic, as the kernel's before()/after().
 */
import type { Dir } from './ctinfo';

/** What only some connections need: helper, its private data, the master of an expected one. */
export interface ConnExt {
  /** Helper name attached to this connection (e.g. 'ftp'), or null. */
  helper: string | null;
  /** The helper's private state (e.g. FTP's sequence-after-newline per direction). */
  help: unknown;
  /** For a connection an expectation created: the connection that expected it. */
  master: Conn | null;
  /** Number of live expectations this connection owns. */
  expecting: number;
}

export class Conn {
  // Field order is memory order: what a lookup reads (protocol, both tuples, the chain links)
  // comes first, then what every packet updates, so a packet touches few cache lines.
  proto = 0;
  // original tuple
  oSrc = 0;
  oDst = 0;
  oSport = 0;
  oDport = 0;
  // reply tuple
  rSrc = 0;
  rDst = 0;
  rSport = 0;
  rDport = 0;
  // hash chains of ConntrackTable (one link per tuple direction)
  nextO: Conn | null = null;
  nextR: Conn | null = null;
  /** IPS_* bits (status.ts). */
  status = 0;
  /** Absolute expiry time in ms on the engine's clock (relative until confirmed, as in the kernel). */
  timeout = 0;
  /** Helper and master (null for most entries); confirm reads it for every packet. */
  ext: ConnExt | null = null;

  // ---- TCP (struct ip_ct_tcp) ----
  /** TCP conntrack state index (tcpStates.ts), e.g. TCP_CONNTRACK_ESTABLISHED. */
  tcpState = 0;
  tcpRetrans = 0;
  tcpLastDir: Dir = 0;
  tcpLastIndex = 0;
  tcpLastSeq = 0;
  tcpLastAck = 0;
  tcpLastEnd = 0;
  tcpLastWin = 0;
  tcpLastWscale = 0;
  tcpLastFlags = 0;
  // seen[original] (struct ip_ct_tcp_state)
  oTdEnd = 0;
  oTdMaxend = 0;
  oTdMaxwin = 0;
  oTdScale = 0;
  oTdFlags = 0;
  oTdMaxack = 0;
  // seen[reply]
  rTdEnd = 0;
  rTdMaxend = 0;
  rTdMaxwin = 0;
  rTdScale = 0;
  rTdFlags = 0;
  rTdMaxack = 0;

  // ---- UDP ----
  /** UDP: time after which a replied flow counts as a stream (kernel: ct->proto.udp.stream_ts). */
  udpStreamTs = 0;

  mark = 0;
  /** Time this entry was created, ms (for UI and ordering; the kernel keeps it with ct_ext tstamp). */
  created = 0;
  /** Unique id within a table (the kernel's ct id), assigned at creation. */
  id = 0;
  // the table's list of all entries (for iteration, gc and printing in creation order)
  prev: Conn | null = null;
  next: Conn | null = null;
}
