/**
 * The one-click conversations: names for command lines a student could type, built from the
 * scenario's addresses (the left host talks to the right one unless said otherwise).
 */
import type { Scenario } from './api';

export interface Preset {
  id: string;
  title: string;
  node: string;
  command: string;
}

export function presets(s: Scenario): Preset[] {
  const [left, , right] = s.nodes;
  const l = left.ifaces[0].addr;
  const r = right.ifaces[0].addr;
  const L = left.id;
  return [
    { id: 'seed-ok', title: `${left.name} connects to ${right.name}'s web server`, node: L, command: `nc -v ${r} 80` },
    { id: 'seed-timeout', title: `${right.name} tries to connect to ${left.name}`, node: right.id, command: `nc -v ${l} 80` },
    { id: 'tcp-close', title: 'A whole TCP connection: open, request, close', node: L, command: `curl http://${r}/` },
    { id: 'udp-unreachable', title: 'UDP to a closed port: ICMP port unreachable', node: L, command: `echo hello | nc -u -v ${r} 9999` },
    { id: 'ping', title: 'Three pings', node: L, command: `ping -c 3 ${r}` },
    { id: 'dns', title: 'A DNS query over UDP', node: L, command: `dig @${r} ${right.name}` },
    { id: 'ftp-passive', title: 'FTP download, passive mode (PASV)', node: L, command: `curl ftp://${r}/readme.txt` },
    { id: 'ftp-active', title: 'FTP download, active mode (PORT)', node: L, command: `curl -P - ftp://${r}/readme.txt` },
    { id: 'nmap-syn', title: 'nmap SYN scan', node: L, command: `nmap -sS -p 21,22,80,443 ${r}` },
    { id: 'nmap-ack', title: 'nmap ACK scan', node: L, command: `nmap -sA -p 21,22,80,443 ${r}` },
    { id: 'nmap-xmas', title: 'nmap Xmas scan (FIN/PSH/URG)', node: L, command: `nmap -sX -p 21,22,80,443 ${r}` },
    { id: 'nmap-udp', title: 'nmap UDP scan', node: L, command: `nmap -sU -p 53,161 ${r}` },
  ];
}
