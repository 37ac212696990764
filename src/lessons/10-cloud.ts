/** Lesson 10: the note's cloud analogy — the same policy as a stateful security group on fw, against a stateless network ACL. */
import type { Lesson } from './types';

const SECURITY_GROUP = [
  'iptables -A FORWARD -m state --state ESTABLISHED,RELATED -j ACCEPT',
  'iptables -A FORWARD -i eth0 -p tcp --dport 80 -j ACCEPT',
  'iptables -A FORWARD -j DROP',
].join('\n');

const NETWORK_ACL = [
  'iptables -A FORWARD -i eth0 -p tcp --dport 80 -j ACCEPT',
  'iptables -A FORWARD -i eth1 -p tcp --sport 80 -j ACCEPT',
  'iptables -A FORWARD -j DROP',
].join('\n');

export const lesson: Lesson = {
  id: 'cloud',
  title: { en: 'Security group or network ACL', zh: '安全组与网络 ACL' },
  steps: [
    {
      text: {
        en: 'The note: "think of it as a cloud security group". A security group is stateful: allow a flow one way and its replies come back by themselves. Here the policy moves to the firewall in the middle: {labos-1.name} has no rules, and {fw.name}\'s FORWARD chain lets {labos-1.name}\'s side (eth0) reach port 80 and lets back only what belongs to those connections.',
        zh: '笔记说：“可以将这种方式理解成云计算中的安全组”。安全组是有状态的：放行一个方向的流量，它的回包会自动回来。这里把策略搬到中间的防火墙上：{labos-1.name} 没有规则，{fw.name} 的 FORWARD 链允许 {labos-1.name} 一侧（eth0）访问 80 端口，回来的只放行属于这些连接的报文。',
      },
      code: SECURITY_GROUP,
      scenario: { title: 'Security group on fw', rules: { 'labos-1': '', fw: SECURITY_GROUP } },
      run: [{ node: 'labos-1', line: 'nc -v {labos-2.ip} 80' }],
      predict: {
        kind: 'verdict',
        packet: { at: 'fw', label: 'SYN/ACK' },
        question: { en: 'The server\'s SYN/ACK reaches {fw.name}. Accepted or dropped?', zh: '服务器的 SYN/ACK 到达 {fw.name}。接受还是丢弃？' },
        explain: {
          en: 'ACCEPT: it is ESTABLISHED, so rule 1 lets it through — no rule for port 80 replies is needed.',
          zh: 'ACCEPT：它是 ESTABLISHED，第 1 条规则放行——不需要为 80 端口的回包单独写规则。',
        },
      },
    },
    {
      text: {
        en: 'An attacker on {labos-2.name} sends a SYN from source port 80, to look like a web server\'s reply.',
        zh: '{labos-2.name} 上的攻击者从源端口 80 发出 SYN，伪装成 Web 服务器的回包。',
      },
      run: [{ node: 'labos-2', line: 'hping3 -S -s 80 -p 80 -c 1 {labos-1.ip}' }],
      predict: {
        kind: 'verdict',
        packet: { at: 'fw', label: 'SYN', from: 'labos-2' },
        question: { en: 'The SYN reaches {fw.name}. Accepted or dropped?', zh: '这个 SYN 到达 {fw.name}。接受还是丢弃？' },
        explain: {
          en: 'DROP: it is NEW, and NEW is allowed only from eth0 to port 80. The source port does not matter to a stateful rule.',
          zh: 'DROP：它是 NEW，而 NEW 只允许从 eth0 去往 80 端口。对有状态的规则来说，源端口无关紧要。',
        },
      },
    },
    {
      text: {
        en: 'A network ACL is stateless: each packet is judged alone. To let the replies back you must allow "from port 80" inbound.',
        zh: '网络 ACL 是无状态的：每个报文单独判断。要让回包回来，就必须在入向放行“来自 80 端口”的报文。',
      },
      code: NETWORK_ACL,
      scenario: { title: 'Network ACL on fw', rules: { 'labos-1': '', fw: NETWORK_ACL } },
      run: [{ node: 'labos-1', line: 'nc -v {labos-2.ip} 80' }],
    },
    {
      text: {
        en: 'The same attacker\'s SYN from source port 80.',
        zh: '同一个攻击者，从源端口 80 发出 SYN。',
      },
      run: [{ node: 'labos-2', line: 'hping3 -S -s 80 -p 80 -c 1 {labos-1.ip}' }],
      predict: {
        kind: 'verdict',
        packet: { at: 'fw', label: 'SYN', from: 'labos-2' },
        question: { en: 'The SYN reaches {fw.name}. Accepted or dropped?', zh: '这个 SYN 到达 {fw.name}。接受还是丢弃？' },
        explain: {
          en: 'ACCEPT: rule 2 (`-i eth1 --sport 80`) cannot tell a reply from a new connection. {labos-1.name} answers SYN/ACK (`flags=SA` in hping3\'s output): its port 80 is open to the world — the note\'s digest once more.',
          zh: 'ACCEPT：第 2 条规则（`-i eth1 --sport 80`）无法区分回包和新连接。{labos-1.name} 回了 SYN/ACK（hping3 输出中的 `flags=SA`）：它的 80 端口对外开放了——又回到了笔记摘要里的问题。',
        },
      },
    },
  ],
};
