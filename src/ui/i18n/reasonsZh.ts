/**
 * Chinese for the engine's reason codes (ReasonView.code). `{param}` is filled from
 * ReasonView.params. A code missing here falls back to the engine's English text.
 */
export const reasonsZh: Record<string, string> = {
  // conntrack core
  'ct.untracked': 'raw 表把这个包标记为 NOTRACK：连接跟踪忽略它（UNTRACKED）。',
  'ct.new': '第一次见到这个元组：新建一条记录（NEW），尚未确认。',
  'ct.expected': '{helper} 助手期望过这个元组：新记录与其主连接相关（RELATED）。',
  'ct.helper-attached': 'raw 表为这个新连接挂上了 {helper} 助手。',
  'ct.found-original': '匹配到一条记录，方向为原始方向。',
  'ct.found-reply': '匹配到一条记录，方向为回复方向：ESTABLISHED。',
  'ct.reply-seen': '看到了回复：NEW 变为 ESTABLISHED（SEEN_REPLY）。',
  'ct.invalid': '协议跟踪器拒绝了这个包：它没有记录（INVALID）。',
  'ct.repeat': '旧记录已删除；重新查找这个包，它开始一个新连接。',
  'ct.expired-on-lookup': '匹配的记录已超时：删除它，这个包重新开始。',
  'ct.confirmed': '包离开了防火墙：新记录被确认并进入连接跟踪表。',
  'ct.unconfirmed-dropped': '包在确认之前被丢弃：它的新记录被丢掉。',
  'ct.clash': '另一条记录先占用了这个元组：包被丢弃。',
  'helper.drop': '{helper} 助手丢弃了这个包。',
  // iptables
  'ipt.chain-enter': '{table} {chain}：检查 {rules} 条规则',
  'ipt.rule-nomatch': '{table} {chain} 第 {index} 条规则（{rule}）不匹配：{why}',
  'ipt.rule-matched': '{table} {chain} 第 {index} 条规则匹配：{rule}',
  'ipt.jump': '{table} {chain} 第 {index} 条规则跳转到链 {target}',
  'ipt.goto': '{table} {chain} 第 {index} 条规则转到链 {target}（不再返回 {chain}）',
  'ipt.return': '{table} {chain} 第 {index} 条规则：RETURN 返回调用链',
  'ipt.chain-end': '{table} {chain}：到达链尾，返回调用链',
  'ipt.continue': '{table} {chain} 第 {index} 条规则没有终止目标；继续检查',
  'ipt.log': '{table} {chain} 第 {index} 条规则记录了这个包：{line}',
  'ipt.ct-notrack': '{table} {chain} 第 {index} 条规则：CT --notrack，这个包不被跟踪（状态 UNTRACKED）',
  'ipt.ct-helper': '{table} {chain} 第 {index} 条规则：CT --helper {helper}，新连接获得 {helper} 助手',
  'ipt.verdict': '{table} {chain} 第 {index} 条规则作出决定：{verdict}',
  'ipt.reject': '{table} {chain} 第 {index} 条规则用 {with} 拒绝这个包',
  'ipt.policy': '{table} {chain}：没有规则作出决定，适用策略 {verdict}',
  // nodes
  'node.accepted': '{node} 放行这个包。',
  'node.dropped': '{node} 丢弃这个包。',
  'node.ttl-exceeded': '转发时 TTL 耗尽：包被丢弃，并回送 ICMP 超时。',
  // UDP
  'udp.unreplied': '还没有看到回复：记录存活 {timeout} 秒（nf_conntrack_udp_timeout）。',
  'udp.replied-young': '双向都有流量，但这个流还不到 2 秒：超时 {timeout} 秒。',
  'udp.stream': '双向流量超过 2 秒：UDP 流，超时 {timeout} 秒（nf_conntrack_udp_timeout_stream）。',
  'udp.assured': '双向流量超过 2 秒：记录变为 ASSURED。',
  // ICMP
  'icmp.cannot-create': 'ICMP 类型 {type} 不是查询（回显、时间戳、信息、地址掩码）：它不能开始一个连接。',
  'icmp.refresh': 'ICMP 查询/回复：记录存活 {timeout} 秒（nf_conntrack_icmp_timeout）。',
  'icmp.no-inverse': 'ICMP 类型 {type} 没有对应的回复类型，无法跟踪：INVALID。',
  'icmp.unknown-type': 'ICMP 类型 {type} 大于 18，内核不认识：INVALID。',
  'icmp.error-related': '关于一个被跟踪连接（{conn}）的 ICMP 错误：RELATED。',
  'icmp.error-no-conn': '关于一个不在表中的连接的 ICMP 错误：INVALID。',
  'icmp.error-bad-inner': '没有可用内嵌包的 ICMP 错误：INVALID。',
  'icmp.error-daddr': 'ICMP 错误的外层目的地址 {outer} 不是连接的 {inner}：INVALID。',
  // TCP
  'tcp.invalid-flags': '{flags} 不是合法的标志组合（内核日志 "invalid tcp flag combination"）',
  'tcp.new-syn': 'SYN 创建记录，状态为 SYN_SENT；窗口跟踪从它开始：客户端数据结束于 {end}，窗口 {win}，窗口缩放选项 {wscale}',
  'tcp.new-pickup': '一个没有 SYN 的 {flagClass} 包：nf_conntrack_tcp_loose=1 时连接从中途被接管，两个方向都宽松检查窗口',
  'tcp.new-not-loose': 'nf_conntrack_tcp_loose=0：只有 SYN 能创建连接，这个 {flagClass} 包不能',
  'tcp.new-invalid': '{flagClass} 包不能创建连接（内核日志 "invalid new"）',
  'tcp.state': '在 {from} 状态下，{dir} 方向的 {flagClass} 包使状态变为 {to}',
  'tcp.state-invalid': '在 {state} 状态下，{dir} 方向的 {flagClass} 包无效（内核日志 "packet (index {index}) in dir {dirIndex} invalid, state {state}"）',
  'tcp.ignored': '在 {state} 状态下，{dir} 方向的 {flagClass} 包被忽略：连接跟踪可能与主机不同步，所以包放行、状态不变',
  'tcp.reopen': '{state} 状态下收到 SYN：旧连接已结束，删除其记录，把 SYN 当作新连接重新查找',
};
