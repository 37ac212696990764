/** Lesson 3: the TCP 3-way handshake against conntrack — no SYN_RECV in `-m state`, replies are ESTABLISHED. */
import type { Lesson } from './types';

export const lesson: Lesson = {
  id: 'handshake',
  title: { en: 'The TCP 3-way handshake', zh: 'TCP 三次握手' },
  steps: [
    {
      text: {
        en: 'Back to the note\'s rules. {labos-1.name} opens a TCP connection to {labos-2.name}: SYN, SYN/ACK, ACK. Watch the state diagram on the right: it shows both the packet\'s state (`-m state`) and the entry\'s TCP state (`conntrack -L`).',
        zh: '回到笔记的规则。{labos-1.name} 向 {labos-2.name} 建立 TCP 连接：SYN、SYN/ACK、ACK。注意右边的状态图：它同时显示报文的状态（`-m state`）和记录的 TCP 状态（`conntrack -L`）。',
      },
      scenario: { title: 'Seed example: replies only' },
      run: [{ node: 'labos-1', line: 'nc -v {labos-2.ip} 80' }],
      predict: {
        kind: 'state',
        packet: { at: 'fw', label: 'SYN', from: 'labos-1' },
        question: { en: 'The SYN reaches {fw.name}. Which state?', zh: 'SYN 到达 {fw.name}。什么状态？' },
        explain: {
          en: 'NEW: the first packet of the connection. conntrack creates an entry in SYN_SENT, marked [UNREPLIED].',
          zh: 'NEW：连接的第一个报文。conntrack 创建一条 SYN_SENT 状态的记录，带 [UNREPLIED] 标记。',
        },
      },
    },
    {
      text: {
        en: 'Again ({ui:lesson.run} stops the nc still connected first). This time, the answer.',
        zh: '再来一次（{ui:lesson.run} 会先结束还连着的 nc）。这次看回应。',
      },
      run: [{ node: 'labos-1', line: 'nc -v {labos-2.ip} 80' }],
      predict: {
        kind: 'state',
        packet: { at: 'fw', label: 'SYN/ACK' },
        question: { en: 'The SYN/ACK reaches {fw.name}. The entry goes to SYN_RECV. Which state does `-m state` see?', zh: 'SYN/ACK 到达 {fw.name}，记录变为 SYN_RECV。`-m state` 看到的是什么状态？' },
        explain: {
          en: 'ESTABLISHED: `-m state` has no SYN_RECV (the note: no "SYN_RCVD"-like state). The entry\'s TCP state is SYN_RECV, but for the rules the packet is ESTABLISHED — it is a reply, and the third packet, the ACK, is ESTABLISHED too.',
          zh: 'ESTABLISHED：`-m state` 里没有 SYN_RECV（笔记说：没有类似 SYN_RCVD 的状态）。记录的 TCP 状态是 SYN_RECV，但对规则来说这个报文是 ESTABLISHED——它是回包，第三个报文 ACK 也是 ESTABLISHED。',
        },
      },
    },
    {
      text: {
        en: 'Why call the SYN/ACK ESTABLISHED? The note\'s answer: with the TCP states you would need two rules on the client — one for SYN/ACKs, one for the packets after — and both only say "the server answers". iptables calls every answer ESTABLISHED, so one rule (`--state ESTABLISHED,RELATED`) does it. The entry itself: ',
        zh: '为什么把 SYN/ACK 叫做 ESTABLISHED？笔记的解释：按 TCP 状态机，客户端需要两条规则——一条放行 SYN/ACK，一条放行建连后的报文——而两者的共同点都是“服务端的回包”。iptables 把所有回包统称 ESTABLISHED，一条规则（`--state ESTABLISHED,RELATED`）就够了。看看记录本身：',
      },
      run: [{ node: 'fw', line: 'conntrack -L' }],
    },
  ],
};
