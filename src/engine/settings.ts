/**
 * The netfilter sysctls the engine honours, with the kernel's defaults (Linux 6.x).
 * Timeouts are in seconds, as `sysctl net.netfilter.*` shows them.
 */

export interface CtSettings {
  tcp_loose: number;
  tcp_be_liberal: number;
  tcp_max_retrans: number;
  tcp_ignore_invalid_rst: number;
  tcp_timeout_syn_sent: number;
  tcp_timeout_syn_recv: number;
  tcp_timeout_established: number;
  tcp_timeout_fin_wait: number;
  tcp_timeout_close_wait: number;
  tcp_timeout_last_ack: number;
  tcp_timeout_time_wait: number;
  tcp_timeout_close: number;
  tcp_timeout_max_retrans: number;
  tcp_timeout_unacknowledged: number;
  udp_timeout: number;
  udp_timeout_stream: number;
  icmp_timeout: number;
  generic_timeout: number;
  gre_timeout: number;
  gre_timeout_stream: number;
  /** Seconds an FTP expectation lives (the helper's policy, not a sysctl). */
  ftp_expect_timeout: number;
}

export const DEFAULT_SETTINGS: Readonly<CtSettings> = {
  tcp_loose: 1,
  tcp_be_liberal: 0,
  tcp_max_retrans: 3,
  tcp_ignore_invalid_rst: 0,
  tcp_timeout_syn_sent: 120,
  tcp_timeout_syn_recv: 60,
  tcp_timeout_established: 432000,
  tcp_timeout_fin_wait: 120,
  tcp_timeout_close_wait: 60,
  tcp_timeout_last_ack: 30,
  tcp_timeout_time_wait: 120,
  tcp_timeout_close: 10,
  tcp_timeout_max_retrans: 300,
  tcp_timeout_unacknowledged: 300,
  udp_timeout: 30,
  udp_timeout_stream: 120,
  icmp_timeout: 30,
  generic_timeout: 600,
  gre_timeout: 30,
  gre_timeout_stream: 180,
  ftp_expect_timeout: 300,
};

/** Parses a sysctl name (`net.netfilter.nf_conntrack_udp_timeout`) to its settings key. */
export function sysctlKey(name: string): keyof CtSettings | null {
  const m = /^net[./]netfilter[./]nf_conntrack_(\w+)$/.exec(name.trim());
  if (!m) return null;
  const key = m[1] as keyof CtSettings;
  return Object.hasOwn(DEFAULT_SETTINGS, key) && key !== 'ftp_expect_timeout' ? key : null;
}
