/** Lesson 1: the note's digest and its example — why a stateful rule beats opening port 80 both ways. */
import { SEED_RULES_LABOS1 } from '../sim/defaultScenario';
import type { Lesson } from './types';

const STATELESS = [
  'iptables -A INPUT -p tcp --dport 80 -j ACCEPT',
  'iptables -A INPUT -p tcp --sport 80 -j ACCEPT',
  'iptables -A INPUT -j DROP',
  'iptables -A OUTPUT -j ACCEPT',
].join('\n');

export const lesson: Lesson = {
  id: 'why-state',
  title: { en: 'Why state', zh: '为什么需要状态' },
  steps: [
    {
      text: {
        en: '{labos-1.name} ({labos-1.ip}) is a client: it must reach web servers on port 80, and nobody may open a connection to it. Without state, the note says, you open port 80 on INPUT and OUTPUT. These are {labos-1.name}\'s rules now. Run a port scan from {labos-2.name}.',
        zh: '{labos-1.name}（{labos-1.ip}）是客户端：它要能访问别人的 80 端口，但别人不能主动连接它。笔记说，不用状态的话，就得在 INPUT 和 OUTPUT 同时放行 80 端口。现在 {labos-1.name} 上就是这样的规则。从 {labos-2.name} 扫描一下它的端口。',
      },
      code: STATELESS,
      scenario: { title: 'Port 80 open both ways (stateless)', rules: { 'labos-1': STATELESS } },
      run: [{ node: 'labos-2', line: 'nmap -sS -p 80 {labos-1.ip}' }],
      predict: {
        kind: 'verdict',
        packet: { at: 'labos-1', label: 'SYN', from: 'labos-2', dport: 80 },
        question: { en: 'The scanner\'s SYN to port 80 reaches {labos-1.name}. Does INPUT accept or drop it?', zh: '扫描器发往 80 端口的 SYN 到达 {labos-1.name}。INPUT 链会接受还是丢弃它？' },
        explain: {
          en: 'ACCEPT: `--dport 80` matches any packet to port 80. {labos-1.name} answers SYN/ACK and nmap prints `80/tcp open`: the scanner has learnt the port is open — exactly what the note warns about.',
          zh: 'ACCEPT：`--dport 80` 匹配任何发往 80 端口的报文。{labos-1.name} 回了 SYN/ACK，nmap 显示 `80/tcp open`：攻击者知道了这个端口是开放的——正是笔记担心的情况。',
        },
      },
    },
    {
      text: {
        en: 'Now the note\'s three rules: let everything out, and let in only what belongs to a connection already seen (ESTABLISHED, RELATED). {labos-1.name} connects to the web server on {labos-2.name}, as in the note.',
        zh: '换成笔记里的三条规则：出向全部放行，入向只放行属于已知连接的报文（ESTABLISHED、RELATED）。像笔记一样，让 {labos-1.name} 访问 {labos-2.name} 的 80 端口。',
      },
      code: SEED_RULES_LABOS1,
      scenario: { title: 'Seed example: replies only' },
      run: [{ node: 'labos-1', line: 'nc -v {labos-2.ip} 80' }],
      predict: {
        kind: 'state',
        packet: { at: 'labos-1', label: 'SYN/ACK' },
        question: { en: 'The server\'s SYN/ACK comes back to {labos-1.name}. Which state does it have there?', zh: '服务器的 SYN/ACK 回到 {labos-1.name}。它在那里是什么状态？' },
        explain: {
          en: 'ESTABLISHED: it answers the SYN {labos-1.name} sent, so it belongs to a connection already seen. Rule 2 accepts it and nc prints `Ncat: Connected to {labos-2.ip}:80.`',
          zh: 'ESTABLISHED：它是对 {labos-1.name} 发出的 SYN 的回应，属于已知的连接。第 2 条规则放行，nc 显示 `Ncat: Connected to {labos-2.ip}:80.`',
        },
      },
    },
    {
      text: {
        en: 'The other way round: {labos-2.name} tries to connect to port 80 of {labos-1.name}.',
        zh: '反过来：{labos-2.name} 尝试连接 {labos-1.name} 的 80 端口。',
      },
      run: [{ node: 'labos-2', line: 'nc -v {labos-1.ip} 80' }],
      predict: {
        kind: 'verdict',
        packet: { at: 'labos-1', label: 'SYN', from: 'labos-2' },
        question: { en: 'The SYN from {labos-2.name} reaches {labos-1.name}\'s INPUT chain. Accepted or dropped?', zh: '来自 {labos-2.name} 的 SYN 到达 {labos-1.name} 的 INPUT 链。接受还是丢弃？' },
        explain: {
          en: 'DROP: the SYN is NEW (the first packet of a connection), rule 2 does not match and rule 3 drops it. nc sends the SYN again and again, and after its 10 s connect timeout prints `Ncat: TIMEOUT.` A scanner learns nothing about port 80.',
          zh: 'DROP：这个 SYN 是 NEW（连接的第一个报文），第 2 条不匹配，被第 3 条丢弃。nc 不断重传 SYN，10 秒连接超时后显示 `Ncat: TIMEOUT.`。扫描器得不到 80 端口的任何信息。',
        },
      },
    },
    {
      text: {
        en: 'The note\'s reminder: if you manage the machine over SSH (port 22), open port 22 too. Here {labos-1.name} runs an SSH server, and you log in from {labos-2.name}. Try it with the three rules alone.',
        zh: '笔记的提醒：如果你是通过 22 端口 SSH 管理这台机器的，别忘了放行 22 端口。这里 {labos-1.name} 运行着 SSH 服务，你从 {labos-2.name} 登录。只用那三条规则试一下。',
      },
      scenario: {
        title: 'Seed example with SSH on labos-1',
        services: { 'labos-1': [{ proto: 'tcp', port: 80, name: 'http' }, { proto: 'tcp', port: 22, name: 'ssh' }] },
      },
      run: [{ node: 'labos-2', line: 'nc -v {labos-1.ip} 22' }],
      predict: {
        kind: 'verdict',
        packet: { at: 'labos-1', label: 'SYN', from: 'labos-2', dport: 22 },
        question: { en: 'Your SSH connection\'s SYN reaches {labos-1.name}. Accepted or dropped?', zh: '你的 SSH 连接的 SYN 到达 {labos-1.name}。接受还是丢弃？' },
        explain: {
          en: 'DROP: to the rules an SSH login is a NEW connection like any other. You have locked yourself out: `Ncat: TIMEOUT.`',
          zh: 'DROP：对这些规则来说，SSH 登录和其他连接一样是 NEW。你把自己锁在外面了：`Ncat: TIMEOUT.`',
        },
      },
    },
    {
      text: {
        en: 'Insert a rule for port 22 before the DROP (at the console, as you would before loading the rules), and log in again.',
        zh: '在 DROP 之前插入一条放行 22 端口的规则（在控制台里输入，就像加载规则前应该做的那样），再登录一次。',
      },
      run: [
        { node: 'labos-1', line: 'iptables -I INPUT -p tcp --dport 22 -j ACCEPT' },
        { node: 'labos-2', line: 'nc -v {labos-1.ip} 22' },
      ],
      predict: {
        kind: 'verdict',
        packet: { at: 'labos-1', label: 'SYN', from: 'labos-2', dport: 22 },
        question: { en: 'And now?', zh: '现在呢？' },
        explain: {
          en: 'ACCEPT: the new rule 1 matches before the DROP. The server\'s banner `SSH-2.0-OpenSSH_8.0` arrives; its packets are ESTABLISHED.',
          zh: 'ACCEPT：新的第 1 条规则在 DROP 之前匹配。服务器的欢迎信息 `SSH-2.0-OpenSSH_8.0` 显示出来，后续报文都是 ESTABLISHED。',
        },
      },
    },
  ],
};
