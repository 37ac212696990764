/**
 * Chinese for the engine's reason codes (ReasonView.code). `{param}` is filled from
 * ReasonView.params. A code missing here falls back to the engine's English text.
 */
export const reasonsZh: Record<string, string> = {
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
