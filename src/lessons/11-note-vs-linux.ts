/** Lesson 11: where the seed note and Linux disagree, each shown with the kernel's (and the tools') own answer. */
import type { Lesson } from './types';

export const lesson: Lesson = {
  id: 'note-vs-linux',
  title: { en: 'Where the note and Linux disagree', zh: '笔记与 Linux 不一致之处' },
  steps: [
    {
      text: {
        en: 'The note shows `Ncat: Connection timed out.` from Ncat 7.70. This lab\'s machines are Debian 12 with Ncat 7.93, which gives up after its own 10 s connect timeout and prints something else. Run the note\'s command and compare.',
        zh: '笔记里 Ncat 7.70 显示的是 `Ncat: Connection timed out.`。本实验的机器是 Debian 12，Ncat 版本 7.93，它在自己的 10 秒连接超时后放弃，输出不一样。运行笔记里的命令对比一下。',
      },
      scenario: { title: 'Seed example: replies only' },
      run: [{ node: 'labos-2', line: 'nc -v {labos-1.ip} 80' }],
    },
    {
      text: {
        en: '`Ncat: TIMEOUT.` — and in those 10 s Linux sent the SYN 7 times (count them in the event list). The note also says a bare RST "will match" NEW. Linux\'s answer:',
        zh: '`Ncat: TIMEOUT.`——在这 10 秒里 Linux 把 SYN 发了 7 次（在事件列表里数一数）。笔记还说单独的 RST 会被当作 NEW。Linux 的回答是：',
      },
      run: [{ node: 'labos-1', line: 'hping3 -R -p 80 -c 1 {labos-2.ip}' }],
      predict: {
        kind: 'state',
        packet: { at: 'fw', label: 'RST', from: 'labos-1' },
        question: { en: 'The lone RST reaches {fw.name}. Which state?', zh: '单独的 RST 到达 {fw.name}。什么状态？' },
        explain: {
          en: 'INVALID: only a SYN (or, with loose pickup, an ACK) may start an entry; the note\'s "ACK or RST" is half right.',
          zh: 'INVALID：只有 SYN（或者开启中途接管时的 ACK）能建立记录；笔记说“ACK 或 RST”只对了一半。',
        },
      },
    },
    {
      text: {
        en: 'The note calls TIME_WAIT "CLOSED", and says a RST leads to CLOSED too. conntrack has no CLOSED: it has TIME_WAIT, and CLOSE after a RST (lesson 4). And `-m state` sees neither: to it, every packet of the close is ESTABLISHED. A whole HTTP exchange, then the table:',
        zh: '笔记把 TIME_WAIT 称为 “CLOSED”，还说收到 RST 也会进入 CLOSED。conntrack 里没有 CLOSED：只有 TIME_WAIT，以及 RST 之后的 CLOSE（第 4 课）。而 `-m state` 两者都看不到：对它来说，关闭过程中的每个报文都是 ESTABLISHED。完整的一次 HTTP 交互，然后看表：',
      },
      run: [
        { node: 'labos-1', line: 'curl http://{labos-2.ip}/' },
        { node: 'fw', line: 'sleep 1; conntrack -L' },
      ],
    },
    {
      text: {
        en: 'The note (after the iptables tutorial) says RELATED needs an ESTABLISHED connection first. Send a UDP datagram to a closed port: the flow is never answered, so it never becomes ESTABLISHED.',
        zh: '笔记（沿用 iptables 教程的说法）认为 RELATED 必须先有一个 ESTABLISHED 的连接。向关闭的端口发送 UDP 数据报：这个流从未得到回应，所以永远不会变成 ESTABLISHED。',
      },
      run: [{ node: 'labos-1', line: 'echo hello | nc -u -v {labos-2.ip} 9999' }],
      predict: {
        kind: 'state',
        packet: { at: 'fw', label: 'ICMP port unreachable' },
        question: { en: 'The ICMP error reaches {fw.name}, about a flow still [UNREPLIED]. Which state?', zh: 'ICMP 差错报文到达 {fw.name}，它涉及的流仍是 [UNREPLIED]。什么状态？' },
        explain: {
          en: 'RELATED: Linux relates an ICMP error to any entry its quoted packet matches, answered or not.',
          zh: 'RELATED：只要 ICMP 差错报文中引用的报文能匹配上某条记录，无论是否得到过回应，Linux 都认为它是 RELATED。',
        },
      },
    },
  ],
};
