/** Lesson 6: UDP "connections" — the 4-tuple, replies, timeouts and ASSURED. */
import type { Lesson } from './types';

export const lesson: Lesson = {
  id: 'udp',
  title: { en: 'UDP “connections”', zh: 'UDP 的“连接”' },
  steps: [
    {
      text: {
        en: 'UDP has no connection, yet conntrack keeps one entry per flow: source and destination address and port (the note: "matched by the 4-tuple"). A DNS query from {labos-1.name}:',
        zh: 'UDP 本身没有连接，但 conntrack 仍为每个流保存一条记录：源和目的地址、端口（笔记：按四元组匹配）。从 {labos-1.name} 发起一次 DNS 查询：',
      },
      scenario: { title: 'Seed example: replies only' },
      run: [{ node: 'labos-1', line: 'dig @{labos-2.ip} {labos-2.name}' }],
      predict: {
        kind: 'state',
        packet: { at: 'fw', label: 'UDP 53', from: 'labos-1' },
        question: { en: 'The query reaches {fw.name}. Which state?', zh: '查询到达 {fw.name}。什么状态？' },
        explain: {
          en: 'NEW: the first datagram of this 4-tuple. The entry is [UNREPLIED] and lives 30 s.',
          zh: 'NEW：这个四元组的第一个数据报。记录带 [UNREPLIED]，存活 30 秒。',
        },
      },
    },
    {
      text: {
        en: 'The same query again. dig uses a new source port each time.',
        zh: '再查询一次。dig 每次都使用新的源端口。',
      },
      run: [{ node: 'labos-1', line: 'dig @{labos-2.ip} {labos-2.name}' }],
      predict: {
        kind: 'state',
        packet: { at: 'fw', label: 'UDP 53', from: 'labos-2' },
        question: { en: 'This time the answer: it reaches {fw.name}. Which state?', zh: '这次看应答：它到达 {fw.name}。什么状态？' },
        explain: {
          en: 'ESTABLISHED: it matches the entry\'s reply direction (source and destination swapped). The [UNREPLIED] mark goes.',
          zh: 'ESTABLISHED：它匹配记录的回复方向（源和目的互换）。[UNREPLIED] 标记随之消失。',
        },
      },
    },
    {
      text: {
        en: 'Two more queries, one after the other, and {fw.name}\'s table a second later: one entry per query, told apart by the source port (the earlier queries\' entries are there too while younger than 30 s). None is [ASSURED]: Linux assures a UDP flow only when it still has traffic both ways more than 2 s after it began — then it counts as a stream and lives 120 s. A quick question and answer like DNS keeps the 30 s timeout.',
        zh: '再连续查询两次，一秒后看 {fw.name} 的表：每次查询一条记录，靠源端口区分（之前查询的记录如果还不到 30 秒也会在）。没有一条是 [ASSURED]：只有在开始 2 秒之后仍有双向流量，Linux 才会把 UDP 流标为 ASSURED——这时它被视为“流”，存活 120 秒。像 DNS 这样一问一答的交互只有 30 秒超时。',
      },
      run: [
        { node: 'labos-1', line: 'dig @{labos-2.ip} {labos-2.name} +short; dig @{labos-2.ip} {labos-2.name} +short' },
        { node: 'fw', line: 'sleep 1; conntrack -L' },
      ],
    },
    {
      text: {
        en: 'The two timeouts, as sysctls. Press {ui:transport.skipTimeout} until the entries expire (watch the conntrack table), then list them again.',
        zh: '这两个超时对应的 sysctl。按 {ui:transport.skipTimeout} 直到记录过期（注意 conntrack 表），然后再列一次。',
      },
      run: [{ node: 'fw', line: 'sysctl net.netfilter.nf_conntrack_udp_timeout net.netfilter.nf_conntrack_udp_timeout_stream' }],
    },
    {
      text: {
        en: 'After 30 s without a datagram the entries are gone: the next datagram of that 4-tuple would be NEW again.',
        zh: '30 秒内没有数据报，记录就消失了：这个四元组的下一个数据报又会是 NEW。',
      },
      run: [{ node: 'fw', line: 'conntrack -L' }],
    },
  ],
};
