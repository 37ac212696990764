/** Lesson 5: NEW is the first packet conntrack sees, not only a SYN — nf_conntrack_tcp_loose, and the first packets Linux calls INVALID. */
import type { Lesson } from './types';

export const lesson: Lesson = {
  id: 'new-not-syn',
  title: { en: 'NEW is not only a SYN', zh: 'NEW 不只是 SYN' },
  steps: [
    {
      text: {
        en: 'The note: NEW is the first packet conntrack sees of a connection — not necessarily a SYN. hping3 sends a bare ACK, as if a connection already existed.',
        zh: '笔记说：NEW 指 conntrack 看到的连接的第一个报文——不一定是 SYN。用 hping3 直接发一个 ACK，就像连接早已存在一样。',
      },
      scenario: { title: 'Seed example: replies only' },
      run: [{ node: 'labos-1', line: 'hping3 -A -p 80 -c 1 {labos-2.ip}' }],
      predict: {
        kind: 'state',
        packet: { at: 'fw', label: 'ACK', from: 'labos-1' },
        question: { en: 'The lone ACK reaches {fw.name}. Which state?', zh: '这个单独的 ACK 到达 {fw.name}。什么状态？' },
        explain: {
          en: 'NEW: with `nf_conntrack_tcp_loose` = 1 (the default) Linux picks up a connection in the middle — useful after a firewall restart or a failover, as the note says. The entry starts in ESTABLISHED; {labos-2.name} knows no such connection and answers with a RST.',
          zh: 'NEW：`nf_conntrack_tcp_loose` 为 1（默认值）时，Linux 会从中途接管连接——正如笔记所说，在防火墙重启或切换后很有用。记录直接从 ESTABLISHED 开始；{labos-2.name} 并没有这个连接，于是回了一个 RST。',
        },
      },
    },
    {
      text: {
        en: 'Turn mid-stream pickup off on {fw.name} and send the same ACK.',
        zh: '在 {fw.name} 上关闭中途接管，再发送同样的 ACK。',
      },
      run: [
        { node: 'fw', line: 'sysctl -w net.netfilter.nf_conntrack_tcp_loose=0' },
        { node: 'labos-1', line: 'hping3 -A -p 80 -c 1 {labos-2.ip}' },
      ],
      predict: {
        kind: 'state',
        packet: { at: 'fw', label: 'ACK', from: 'labos-1' },
        question: { en: 'And now, at {fw.name}?', zh: '现在在 {fw.name} 上呢？' },
        explain: {
          en: 'INVALID: without loose pickup only a SYN may start a TCP entry. (The hosts still have loose = 1: at {labos-2.name} the ACK is NEW.)',
          zh: 'INVALID：关闭中途接管后，只有 SYN 能建立 TCP 记录。（两台主机的 loose 仍是 1：在 {labos-2.name} 上这个 ACK 是 NEW。）',
        },
      },
    },
    {
      text: {
        en: 'The note also says a bare RST would be NEW. Linux disagrees: try it.',
        zh: '笔记还说单独的 RST 也会是 NEW。Linux 并不这样认为：试一下。',
      },
      run: [{ node: 'labos-1', line: 'hping3 -R -p 80 -c 1 {labos-2.ip}' }],
      predict: {
        kind: 'state',
        packet: { at: 'fw', label: 'RST', from: 'labos-1' },
        question: { en: 'The lone RST reaches {fw.name}. Which state?', zh: '单独的 RST 到达 {fw.name}。什么状态？' },
        explain: {
          en: 'INVALID: a RST (like a FIN or a SYN/ACK) can never start a connection, loose or not; conntrack makes no entry.',
          zh: 'INVALID：无论是否允许中途接管，RST（以及 FIN、SYN/ACK）都不能开启一个连接；conntrack 不会建立记录。',
        },
      },
    },
    {
      text: {
        en: 'And a SYN/ACK out of nowhere, as a host that missed the SYN would see it.',
        zh: '再来一个凭空出现的 SYN/ACK，就像一台没看到 SYN 的主机所见到的那样。',
      },
      run: [{ node: 'labos-1', line: 'hping3 -SA -p 80 -c 1 {labos-2.ip}' }],
      predict: {
        kind: 'state',
        packet: { at: 'fw', label: 'SYN/ACK', from: 'labos-1' },
        question: { en: 'The SYN/ACK reaches {fw.name}. Which state?', zh: '这个 SYN/ACK 到达 {fw.name}。什么状态？' },
        explain: {
          en: 'INVALID: in the kernel\'s TCP state table a SYN/ACK with no entry leads nowhere. Only a SYN — and an ACK while loose is on — can be NEW.',
          zh: 'INVALID：在内核的 TCP 状态表里，没有记录时的 SYN/ACK 不会进入任何状态。只有 SYN——以及开启 loose 时的 ACK——才可能是 NEW。',
        },
      },
    },
  ],
};
