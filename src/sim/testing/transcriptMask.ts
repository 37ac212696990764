/**
 * What truly varies from run to run in a tool's output, replaced by a placeholder on both sides
 * before the simulated console is compared with the recording: ephemeral ports, ids (DNS, IP,
 * ICMP), times and dates, round-trip times, conntrack's seconds left. Everything else must agree.
 * Also what a terminal shows the same way: CR before LF.
 */

const RULES: [RegExp, string][] = [
  // dates: nmap's "at 2026-12-02 16:30 UTC", dig's ";; WHEN: Wed Dec 02 16:30:51 UTC 2026"
  [/\d{4}-\d\d-\d\d \d\d:\d\d [A-Z]{2,5}\b/g, '<DATE>'],
  [/(;; WHEN: ).*/g, '$1<DATE>'],
  // round-trip times and durations
  [/\btime[=<]\d+(?:\.\d+)? ms\b/g, 'time=<RTT> ms'],
  [/\brtt=\d+(?:\.\d+)? ms\b/g, 'rtt=<RTT> ms'],
  [/ = [\d.]+\/[\d.]+\/[\d.]+(?:\/[\d.]+)? ms\b/g, ' = <RTT> ms'],
  [/\btime \d+ms\b/g, 'time <T>ms'],
  [/\bafter \d+ ms\b/g, 'after <T> ms'],
  [/\bin \d+\.\d+ seconds\b/g, 'in <T> seconds'],
  [/\(\d+(?:\.\d+)?s latency\)/g, '(<T>s latency)'],
  [/(Query time: )\d+ msec/g, '$1<T> msec'],
  // ids: dig's header, hping's IP id, conntrack's ICMP id
  [/(->>HEADER<<-.* id: )\d+/g, '$1<ID>'],
  [/\bid=\d+/g, 'id=<ID>'],
  // ephemeral and random ports (hping3's base port, nmap's source port, PASV ports)
  [/\b(sport|dport)=(\d+)/g, '$1=<PORT>'],
  [/(\d+\.\d+\.\d+\.\d+|\*|\]):(\d{4,5})\b/g, '$1:<PORT>'],
  [/(Entering Passive Mode \(\d+,\d+,\d+,\d+),\d+,\d+\)/g, '$1,<PORT>)'],
  [/(\|\|\|)\d+\|/g, '$1<PORT>|'],
  [/(PORT \d+,\d+,\d+,\d+),\d+,\d+/g, '$1,<PORT>'],
  [/(EPRT \|1\|[\d.]+\|)\d+\|/g, '$1<PORT>|'],
  // conntrack -L: seconds left
  [/^(tcp|udp|icmp|unknown|gre|sctp|dccp|udplite)(\s+\d+) \d+ /gm, '$1$2 <TTL> '],
];

/** The lines a terminal would show for `text`, with the varying parts masked. */
export function maskText(text: string): string[] {
  let t = text.replace(/\r\n/g, '\n');
  for (const [re, to] of RULES) t = t.replace(re, to);
  if (t === '') return [];
  return t.replace(/\n$/, '').split('\n');
}
