/** Lesson 7: ICMP — echo NEW/ESTABLISHED, and ICMP errors RELATED to the TCP or UDP flow that caused them. */
import type { Lesson } from './types';

const REJECT_8080 = 'iptables -A FORWARD -p tcp --dport 8080 -j REJECT';

export const lesson: Lesson = {
  id: 'icmp',
  title: { en: 'ICMP: echo and errors', zh: 'ICMP：回显与差错报文' },
  steps: [
    {
      text: {
        en: 'ICMP has no connections either. conntrack pairs an echo request with its reply by the ICMP id.',
        zh: 'ICMP 也没有连接。conntrack 通过 ICMP id 把 echo request 和它的 reply 配对。',
      },
      scenario: { title: 'Seed example: replies only' },
      run: [{ node: 'labos-1', line: 'ping -c 2 {labos-2.ip}' }],
      predict: {
        kind: 'state',
        packet: { at: 'labos-1', label: 'ICMP echo reply' },
        question: { en: 'The first echo reply comes back to {labos-1.name}. Which state?', zh: '第一个 echo reply 回到 {labos-1.name}。什么状态？' },
        explain: {
          en: 'ESTABLISHED: as the note says, the echo request is NEW and its reply ESTABLISHED, so the note\'s rule 2 lets ping\'s answers in.',
          zh: 'ESTABLISHED：正如笔记所说，echo request 是 NEW，echo reply 是 ESTABLISHED，所以笔记的第 2 条规则放行了 ping 的回包。',
        },
      },
    },
    {
      text: {
        en: 'ICMP errors are not pairs: they come back because of a TCP or UDP packet. First UDP: a datagram to a closed port of {labos-2.name}.',
        zh: 'ICMP 差错报文不是成对出现的：它们是因为某个 TCP 或 UDP 报文而返回的。先看 UDP：向 {labos-2.name} 的一个关闭端口发数据报。',
      },
      run: [{ node: 'labos-1', line: 'echo hello | nc -u -v {labos-2.ip} 9999' }],
      predict: {
        kind: 'state',
        packet: { at: 'labos-1', label: 'ICMP port unreachable' },
        question: { en: 'The ICMP port unreachable reaches {labos-1.name}. Which state?', zh: 'ICMP port unreachable 到达 {labos-1.name}。什么状态？' },
        explain: {
          en: 'RELATED: conntrack reads the UDP header quoted in the error and finds the flow. Rule 2 accepts it, and nc learns why: `Ncat: Connection refused.`',
          zh: 'RELATED：conntrack 读取差错报文中引用的 UDP 头部，找到了对应的流。第 2 条规则放行，nc 也因此得知原因：`Ncat: Connection refused.`',
        },
      },
    },
    {
      text: {
        en: 'Now TCP: {fw.name} rejects connections to port 8080 with an ICMP port unreachable (REJECT\'s default).',
        zh: '再看 TCP：{fw.name} 用 ICMP port unreachable（REJECT 的默认方式）拒绝到 8080 端口的连接。',
      },
      code: REJECT_8080,
      scenario: { title: 'fw rejects TCP port 8080', rules: { fw: REJECT_8080 } },
      run: [{ node: 'labos-1', line: 'nc -v {labos-2.ip} 8080' }],
      predict: {
        kind: 'state',
        packet: { at: 'labos-1', label: 'ICMP port unreachable' },
        question: { en: 'The ICMP error from {fw.name} reaches {labos-1.name}. Which state?', zh: '来自 {fw.name} 的 ICMP 差错报文到达 {labos-1.name}。什么状态？' },
        explain: {
          en: 'RELATED: the same as for UDP — the note\'s answer: whichever protocol caused it, the error has the same state. nc prints `Ncat: Connection refused.` at once instead of waiting for a timeout.',
          zh: 'RELATED：和 UDP 一样——这就是笔记的答案：无论是哪种协议引起的，差错报文的状态都一样。nc 立刻显示 `Ncat: Connection refused.`，而不用等到超时。',
        },
      },
    },
  ],
};
