/** Lesson 4: the 4-way close — FIN_WAIT and CLOSE_WAIT are ESTABLISHED to `-m state`; TIME_WAIT, CLOSE, RST. */
import type { Lesson } from './types';

export const lesson: Lesson = {
  id: 'close',
  title: { en: 'The 4-way close and RST', zh: '四次挥手与 RST' },
  steps: [
    {
      text: {
        en: 'curl fetches a page and closes the connection. conntrack follows the close: FIN_WAIT after the first FIN; CLOSE_WAIT when the other side only acknowledges it; LAST_ACK after the second FIN; TIME_WAIT after the last ACK. (Here the server acknowledges and sends its own FIN in one FIN/ACK, so the entry goes from FIN_WAIT straight to LAST_ACK.)',
        zh: 'curl 取一个页面后关闭连接。conntrack 跟踪这次关闭：第一个 FIN 之后是 FIN_WAIT；对方只确认时是 CLOSE_WAIT；第二个 FIN 之后是 LAST_ACK；最后一个 ACK 之后是 TIME_WAIT。（这里服务器用一个 FIN/ACK 同时确认并发出自己的 FIN，所以记录从 FIN_WAIT 直接进入 LAST_ACK。）',
      },
      scenario: { title: 'Seed example: replies only' },
      run: [{ node: 'labos-1', line: 'curl http://{labos-2.ip}/' }],
      predict: {
        kind: 'state',
        packet: { at: 'fw', label: 'FIN/ACK', from: 'labos-1' },
        question: { en: '{labos-1.name}\'s FIN/ACK reaches {fw.name}; the entry goes to FIN_WAIT. Which state for `-m state`?', zh: '{labos-1.name} 的 FIN/ACK 到达 {fw.name}，记录变为 FIN_WAIT。`-m state` 看到什么状态？' },
        explain: {
          en: 'ESTABLISHED: as the note says, FIN_WAIT and CLOSE_WAIT are ESTABLISHED to `-m state`. Every packet of the close, up to the last ACK, is ESTABLISHED.',
          zh: 'ESTABLISHED：正如笔记所说，FIN_WAIT、CLOSE_WAIT 在 `-m state` 中都算 ESTABLISHED。关闭过程中直到最后一个 ACK 的所有报文都是 ESTABLISHED。',
        },
      },
    },
    {
      text: {
        en: 'The last ACK moved the entry to TIME_WAIT (the note calls it CLOSED). It stays 120 s (`nf_conntrack_tcp_timeout_time_wait`), so late packets of the connection are still recognised.',
        zh: '最后一个 ACK 让记录进入 TIME_WAIT（笔记称之为 CLOSED）。它会保留 120 秒（`nf_conntrack_tcp_timeout_time_wait`），这样迟到的报文仍能被识别。',
      },
      run: [{ node: 'fw', line: 'conntrack -L' }],
    },
    {
      text: {
        en: 'A connection to a port where nothing listens: {labos-2.name} answers the SYN with a RST.',
        zh: '连接一个没有服务监听的端口：{labos-2.name} 用 RST 回应 SYN。',
      },
      run: [{ node: 'labos-1', line: 'nc -v {labos-2.ip} 8080' }],
      predict: {
        kind: 'state',
        packet: { at: 'fw', label: 'RST/ACK' },
        question: { en: 'The RST/ACK reaches {fw.name}. Which state?', zh: 'RST/ACK 到达 {fw.name}。什么状态？' },
        explain: {
          en: 'ESTABLISHED: it is the reply to the SYN. The entry goes to CLOSE — and, never ASSURED, Linux deletes it at once (an ASSURED one would stay in CLOSE 10 s). nc prints `Ncat: Connection refused.`',
          zh: 'ESTABLISHED：它是对 SYN 的回应。记录进入 CLOSE——而且因为从未 ASSURED，Linux 立即删除它（ASSURED 的记录会在 CLOSE 状态保留 10 秒）。nc 显示 `Ncat: Connection refused.`',
        },
      },
    },
  ],
};
