/** Lesson 8: RELATED by helpers — FTP, and why a helper must be attached explicitly now. */
import type { Lesson } from './types';

export const lesson: Lesson = {
  id: 'helpers',
  title: { en: 'RELATED by helpers: FTP', zh: '靠 helper 识别 RELATED：FTP' },
  steps: [
    {
      text: {
        en: 'FTP uses two connections: commands on port 21, and a separate data connection for each file. In passive mode ({ui:preset.ftpPassive}) the client opens the data connection too — outwards, so the note\'s rules let it out as NEW.',
        zh: 'FTP 使用两个连接：21 端口上的控制连接，以及每个文件单独的数据连接。被动模式（{ui:preset.ftpPassive}）下数据连接也由客户端发起——是出向的，笔记的规则把它作为 NEW 放行。',
      },
      scenario: { title: 'Seed example: replies only' },
      run: [{ node: 'labos-1', line: 'curl ftp://{labos-2.ip}/readme.txt' }],
    },
    {
      text: {
        en: 'In active mode ({ui:preset.ftpActive}) the client sends a PORT command and the server connects back to it, from port 20.',
        zh: '主动模式（{ui:preset.ftpActive}）下客户端发送 PORT 命令，由服务器从 20 端口反向连接客户端。',
      },
      run: [{ node: 'labos-1', line: 'curl -P - ftp://{labos-2.ip}/readme.txt' }],
      predict: {
        kind: 'verdict',
        packet: { at: 'labos-1', label: 'SYN', from: 'labos-2' },
        question: { en: 'The server\'s SYN for the data connection reaches {labos-1.name}. Accepted or dropped?', zh: '服务器数据连接的 SYN 到达 {labos-1.name}。接受还是丢弃？' },
        explain: {
          en: 'DROP: nothing told conntrack to expect this connection, so its SYN is NEW and rule 3 drops it. curl waits, and fails after a while ({ui:lesson.run} in the next step stops it).',
          zh: 'DROP：没有任何东西告诉 conntrack 要期待这个连接，所以它的 SYN 是 NEW，被第 3 条规则丢弃。curl 一直等待，过一会儿失败（下一步的“{ui:lesson.run}”会先结束它）。',
        },
      },
    },
    {
      text: {
        en: 'To see the PORT command, conntrack needs the FTP helper. Linux 4.7 turned the automatic assignment of helpers by port off by default (`nf_conntrack_helper` = 0), because a helper on any port 21 is an attack surface; later kernels removed the switch altogether. On this lab\'s kernel the sysctl does not exist:',
        zh: '要看懂 PORT 命令，conntrack 需要 FTP helper。Linux 4.7 起默认关闭了按端口自动分配 helper（`nf_conntrack_helper` = 0），因为在任意 21 端口上自动启用 helper 会扩大攻击面；后来的内核干脆去掉了这个开关。在本实验的内核上这个 sysctl 已经不存在：',
      },
      run: [{ node: 'labos-1', line: 'sysctl net.netfilter.nf_conntrack_helper' }],
    },
    {
      text: {
        en: 'So a rule attaches the helper explicitly, in the raw table, to the control connection: `-j CT --helper ftp`. Then try active FTP again.',
        zh: '所以要用规则在 raw 表里显式地把 helper 挂到控制连接上：`-j CT --helper ftp`。然后再试一次主动模式。',
      },
      code: 'iptables -t raw -A OUTPUT -p tcp --dport 21 -j CT --helper ftp',
      run: [
        { node: 'labos-1', line: 'iptables -t raw -A OUTPUT -p tcp --dport 21 -j CT --helper ftp' },
        { node: 'labos-1', line: 'curl -P - ftp://{labos-2.ip}/readme.txt' },
      ],
      predict: {
        kind: 'state',
        packet: { at: 'labos-1', label: 'SYN', from: 'labos-2' },
        question: { en: 'The server\'s SYN for the data connection reaches {labos-1.name}. Which state now?', zh: '服务器数据连接的 SYN 到达 {labos-1.name}。现在是什么状态？' },
        explain: {
          en: 'RELATED: the helper read the PORT command and set up an expectation; the data connection\'s SYN matches it. Rule 2 accepts it and the file arrives.',
          zh: 'RELATED：helper 读取了 PORT 命令并建立了一个期望（expectation）；数据连接的 SYN 与之匹配。第 2 条规则放行，文件顺利下载。',
        },
      },
    },
  ],
};
