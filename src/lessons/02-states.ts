/** Lesson 2: the states `-m state` knows — NEW, ESTABLISHED, RELATED, INVALID, UNTRACKED — and `[!] --state`. */
import type { Lesson } from './types';

const COUNT_STATES = [
  'iptables -t raw -A PREROUTING -p udp --dport 53 -j NOTRACK',
  'iptables -t raw -A PREROUTING -p udp --sport 53 -j NOTRACK',
  'iptables -A FORWARD -m state --state NEW -j ACCEPT',
  'iptables -A FORWARD -m state --state ESTABLISHED -j ACCEPT',
  'iptables -A FORWARD -m state --state RELATED -j ACCEPT',
  'iptables -A FORWARD -m state --state INVALID -j ACCEPT',
  'iptables -A FORWARD -m state --state UNTRACKED -j ACCEPT',
].join('\n');

export const lesson: Lesson = {
  id: 'states',
  title: { en: 'The four states and UNTRACKED', zh: '四种状态与 UNTRACKED' },
  steps: [
    {
      text: {
        en: '`-m state` reads what conntrack decided about each packet. It knows five names: NEW, ESTABLISHED, RELATED, INVALID — the note\'s four — and UNTRACKED, for packets the raw table exempted from tracking. `--state` takes a comma-separated list; `!` before it inverts the match. Here {fw.name} has one rule per state, each accepting, so its counters show which packets got which state; and the raw table leaves DNS (UDP port 53) untracked.',
        zh: '`-m state` 读取的是 conntrack 对每个报文的判断。它认识五个名字：NEW、ESTABLISHED、RELATED、INVALID——也就是笔记里的四种——以及 UNTRACKED，表示被 raw 表豁免、不做跟踪的报文。`--state` 后面是逗号分隔的列表，前面加 `!` 表示取反。这里 {fw.name} 每种状态一条规则，都是放行，计数器能告诉我们哪些报文得到了哪种状态；raw 表让 DNS（UDP 53 端口）不被跟踪。',
      },
      code: COUNT_STATES,
      scenario: { title: 'One rule per state on fw', rules: { fw: COUNT_STATES } },
      run: [{ node: 'labos-1', line: 'ping -c 2 {labos-2.ip}' }],
      predict: {
        kind: 'state',
        packet: { at: 'fw', label: 'ICMP echo', from: 'labos-1' },
        question: { en: 'The first echo request reaches {fw.name}. Which state?', zh: '第一个 echo request 到达 {fw.name}。什么状态？' },
        explain: {
          en: 'NEW: the first packet conntrack sees of this ping. The echo reply is ESTABLISHED, and so is the second request: it has the same id, so it belongs to the same entry.',
          zh: 'NEW：这是 conntrack 看到的这次 ping 的第一个报文。echo reply 是 ESTABLISHED，第二个请求也是：它的 id 相同，属于同一条记录。',
        },
      },
    },
    {
      text: {
        en: 'A UDP datagram to a port where nothing listens: {labos-2.name} answers with an ICMP error.',
        zh: '向一个没有服务监听的端口发送 UDP 数据报：{labos-2.name} 会回一个 ICMP 差错报文。',
      },
      run: [{ node: 'labos-1', line: 'echo hello | nc -u -v {labos-2.ip} 9999' }],
      predict: {
        kind: 'state',
        packet: { at: 'fw', label: 'ICMP port unreachable' },
        question: { en: 'The ICMP port unreachable reaches {fw.name}. Which state?', zh: 'ICMP port unreachable 到达 {fw.name}。什么状态？' },
        explain: {
          en: 'RELATED: it is not part of the UDP flow, but it is about it — conntrack finds the flow from the packet quoted inside the ICMP error.',
          zh: 'RELATED：它不属于这条 UDP 流本身，但与之相关——conntrack 通过 ICMP 差错报文里引用的原始报文找到了这条流。',
        },
      },
    },
    {
      text: {
        en: 'A lone FIN with no connection before it (hping3 crafts it).',
        zh: '一个前面没有任何连接的单独 FIN 报文（用 hping3 构造）。',
      },
      run: [{ node: 'labos-1', line: 'hping3 -F -p 80 -c 1 {labos-2.ip}' }],
      predict: {
        kind: 'state',
        packet: { at: 'fw', label: 'FIN', from: 'labos-1' },
        question: { en: 'The FIN reaches {fw.name}. Which state?', zh: '这个 FIN 到达 {fw.name}。什么状态？' },
        explain: {
          en: 'INVALID: a FIN cannot start a TCP connection, and there is none it could belong to. conntrack creates no entry for it.',
          zh: 'INVALID：FIN 不能开启一个 TCP 连接，也没有可以归属的连接。conntrack 不会为它创建记录。',
        },
      },
    },
    {
      text: {
        en: 'A DNS query: the raw table\'s NOTRACK rules run before conntrack.',
        zh: '一次 DNS 查询：raw 表的 NOTRACK 规则在 conntrack 之前执行。',
      },
      run: [{ node: 'labos-1', line: 'dig @{labos-2.ip} {labos-2.name}' }],
      predict: {
        kind: 'state',
        packet: { at: 'fw', label: 'UDP 53', from: 'labos-1' },
        question: { en: 'The query reaches {fw.name}. Which state?', zh: '查询报文到达 {fw.name}。什么状态？' },
        explain: {
          en: 'UNTRACKED: `-j NOTRACK` in raw PREROUTING marked it before conntrack looked, so no entry is made, for the query nor for the answer. (The hosts still track it: only {fw.name} has the NOTRACK rules.)',
          zh: 'UNTRACKED：raw 表 PREROUTING 里的 `-j NOTRACK` 在 conntrack 之前就做了标记，所以查询和应答都不会建立记录。（两台主机仍然跟踪它：只有 {fw.name} 有 NOTRACK 规则。）',
        },
      },
    },
    {
      text: {
        en: 'Look at the counters of {fw.name}\'s FORWARD chain: each state\'s rule counted its packets.',
        zh: '看看 {fw.name} 的 FORWARD 链计数器：每种状态的规则各自统计了自己的报文。',
      },
      run: [{ node: 'fw', line: 'iptables -L FORWARD -v -n' }],
    },
    {
      text: {
        en: 'Now `!`: insert a rule that drops every packet whose state is NOT one of NEW, ESTABLISHED, RELATED — then send the lone FIN again.',
        zh: '再看 `!`：插入一条规则，丢弃状态不是 NEW、ESTABLISHED、RELATED 之一的报文——然后再发一次单独的 FIN。',
      },
      run: [
        { node: 'fw', line: 'iptables -I FORWARD -m state ! --state NEW,ESTABLISHED,RELATED -j DROP' },
        { node: 'labos-1', line: 'hping3 -F -p 80 -c 1 {labos-2.ip}' },
      ],
      predict: {
        kind: 'verdict',
        packet: { at: 'fw', label: 'FIN', from: 'labos-1' },
        question: { en: 'Accepted or dropped at {fw.name}?', zh: '在 {fw.name} 上是接受还是丢弃？' },
        explain: {
          en: 'DROP: INVALID is not in the list, so `! --state NEW,ESTABLISHED,RELATED` matches. Careful: UNTRACKED is not in it either — this rule now drops the untracked DNS too.',
          zh: 'DROP：INVALID 不在列表里，所以 `! --state NEW,ESTABLISHED,RELATED` 匹配。注意：UNTRACKED 也不在列表里——这条规则现在也会丢弃不被跟踪的 DNS。',
        },
      },
    },
  ],
};
