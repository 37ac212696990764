/** Lesson 9: INVALID in practice — scans and out-of-window packets, and why to DROP INVALID. */
import type { Lesson } from './types';

export const lesson: Lesson = {
  id: 'invalid',
  title: { en: 'INVALID in practice', zh: '实战中的 INVALID' },
  steps: [
    {
      text: {
        en: 'The note: "Generally, it is a good idea to DROP everything in this state." Where do INVALID packets come from? Scanners, first: nmap\'s Xmas scan sends FIN, PSH and URG together, a combination no connection uses. {fw.name} has no rules yet.',
        zh: '笔记说：“一般来说，丢弃处于这种状态的所有报文是个好主意。”INVALID 报文从哪里来？首先是扫描器：nmap 的 Xmas 扫描同时设置 FIN、PSH、URG，这种组合在正常连接中不会出现。{fw.name} 上暂时还没有规则。',
      },
      scenario: { title: 'Seed example: replies only' },
      run: [{ node: 'labos-1', line: 'nmap -sX -p 80 {labos-2.ip}' }],
      predict: {
        kind: 'state',
        packet: { at: 'fw', label: 'FIN/PSH/URG' },
        question: { en: 'The Xmas probe reaches {fw.name}. Which state?', zh: 'Xmas 探测报文到达 {fw.name}。什么状态？' },
        explain: {
          en: 'INVALID: it belongs to no connection and cannot start one. {fw.name} forwards it anyway (no rules), and from the silence nmap concludes `open|filtered`.',
          zh: 'INVALID：它不属于任何连接，也不能开启连接。{fw.name} 没有规则，照样转发；nmap 从没有回应推断出 `open|filtered`。',
        },
      },
    },
    {
      text: {
        en: 'Second source: packets outside the TCP window. Open a connection from a fixed source port…',
        zh: '第二个来源：落在 TCP 窗口之外的报文。先从一个固定的源端口建立连接……',
      },
      run: [{ node: 'labos-1', line: 'nc -p 40000 -v {labos-2.ip} 80' }],
    },
    {
      text: {
        en: '…and from {labos-2.name} send an ACK into it with hping3, which picks a random sequence number. conntrack checks it against the window it has learnt. Above the window, Linux says INVALID ("SEQ is over upper bound"). Below it, Linux 6.x takes it for old data sent again: it is ignored by the state machine and passes as ESTABLISHED. Which one you get depends on the random number.',
        zh: '……再从 {labos-2.name} 用 hping3 向这个连接发送一个 ACK，hping3 会随机选取序列号。conntrack 用它学到的窗口来检查：高于窗口，Linux 判为 INVALID（“SEQ is over upper bound”）；低于窗口，Linux 6.x 把它当作重传的旧数据：状态机忽略它，报文按 ESTABLISHED 通过。结果取决于这个随机数。',
      },
      run: [{ node: 'labos-2', line: 'hping3 -A -s 80 -p 40000 -c 1 {labos-1.ip}' }],
      predict: {
        kind: 'state',
        packet: { at: 'fw', label: 'ACK', from: 'labos-2' },
        question: { en: 'The forged ACK reaches {fw.name}. Which state?', zh: '伪造的 ACK 到达 {fw.name}。什么状态？' },
        explain: {
          en: 'The reason list below says which side of the window the sequence number fell on: over the upper bound is INVALID, under the lower bound is ignored and stays ESTABLISHED.',
          zh: '下面的原因列表说明了序列号落在窗口的哪一侧：超过上界是 INVALID，低于下界则被忽略、仍为 ESTABLISHED。',
        },
      },
    },
    {
      text: {
        en: 'Drop INVALID on {fw.name}, and scan again. INVALID packets are scans, forged or stale segments; a host behind the firewall may answer them and give itself away, or reset a real connection. Dropping them early, before any ACCEPT, costs nothing.',
        zh: '在 {fw.name} 上丢弃 INVALID，然后再扫描一次。INVALID 报文多是扫描、伪造或过期的报文段；防火墙后面的主机可能会回应它们而暴露自己，或者把正常连接重置掉。在任何 ACCEPT 之前尽早丢弃它们，没有任何代价。',
      },
      code: 'iptables -A FORWARD -m state --state INVALID -j DROP',
      run: [
        { node: 'fw', line: 'iptables -A FORWARD -m state --state INVALID -j DROP' },
        { node: 'labos-1', line: 'nmap -sX -p 80 {labos-2.ip}' },
      ],
      predict: {
        kind: 'verdict',
        packet: { at: 'fw', label: 'FIN/PSH/URG' },
        question: { en: 'The Xmas probe reaches {fw.name} again. Accepted or dropped?', zh: 'Xmas 探测报文再次到达 {fw.name}。接受还是丢弃？' },
        explain: {
          en: 'DROP: the new rule matches the INVALID probe; it never reaches {labos-2.name}.',
          zh: 'DROP：新规则匹配了这个 INVALID 探测报文；它再也到不了 {labos-2.name}。',
        },
      },
    },
  ],
};
