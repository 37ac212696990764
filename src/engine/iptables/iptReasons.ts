/**
 * Reason codes the iptables evaluation reports to a Tracer, with English templates
 * ({param} placeholders). The UI fills them in; tests check every code used exists here.
 */
export const IPT_REASONS: Record<string, string> = {
  'ipt.chain-enter': '{table} {chain}: evaluating {rules} rule(s)',
  'ipt.rule-nomatch': '{table} {chain} rule {index} ({rule}) does not match: {why}',
  'ipt.rule-matched': '{table} {chain} rule {index} matched: {rule}',
  'ipt.jump': '{table} {chain} rule {index} jumps to chain {target}',
  'ipt.goto': '{table} {chain} rule {index} goes to chain {target} (no return to {chain})',
  'ipt.return': '{table} {chain} rule {index}: RETURN to the calling chain',
  'ipt.chain-end': '{table} {chain}: end of chain reached, back to the calling chain',
  'ipt.continue': '{table} {chain} rule {index} has no terminating target; evaluation continues',
  'ipt.log': '{table} {chain} rule {index} logs the packet: {line}',
  'ipt.ct-notrack': '{table} {chain} rule {index}: CT --notrack, the packet will not be tracked (state UNTRACKED)',
  'ipt.ct-helper': '{table} {chain} rule {index}: CT --helper {helper}, a new connection gets the {helper} helper',
  'ipt.ct-template': '{table} {chain} rule {index}: CT with no option gives the packet a plain conntrack template (tracking goes on as usual)',
  'ipt.ct-ignored': '{table} {chain} rule {index}: CT does nothing, an earlier CT target already gave this packet its conntrack template (only the first one counts)',
  'ipt.verdict': '{table} {chain} rule {index} decides: {verdict}',
  'ipt.reject': '{table} {chain} rule {index} rejects the packet with {with}',
  'ipt.policy': '{table} {chain}: no rule decided, the policy {verdict} applies',
};

/** Why a rule did not match (the {why} parameter of ipt.rule-nomatch). */
export const IPT_NOMATCH: Record<string, string> = {
  src: 'source address {value} is not {want}',
  dst: 'destination address {value} is not {want}',
  iif: 'input interface "{value}" is not {want}',
  oif: 'output interface "{value}" is not {want}',
  proto: 'protocol {value} is not {want}',
  sport: 'source port {value} is not {want}',
  dport: 'destination port {value} is not {want}',
  flags: 'TCP flags {value} are not {want}',
  icmp: 'ICMP type/code {value} is not {want}',
  state: 'conntrack state {value} is not {want}',
  ctstatus: 'connection status {value} is not {want}',
  ctdir: 'packet direction {value} is not {want}',
  notrack: 'the packet has no connection (state {value}), so {want} cannot match',
  ctaddr: 'the connection\'s addresses ({value}) do not satisfy {want}',
  ctproto: 'the connection\'s protocol {value} does not satisfy {want}',
  ctport: 'the connection\'s ports ({value}) do not satisfy {want}',
  ctexpire: 'the connection has {value} s left, which does not satisfy {want}',
  ports: 'ports {value} are not {want}',
};
