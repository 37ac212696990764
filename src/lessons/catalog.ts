/**
 * The course: each lesson's title (for the list) and how to load its data on demand (a dynamic
 * import, so the start bundle carries only this list). Numbered in the seed note's order.
 */
import type { Bilingual, Lesson } from './types';

export interface LessonEntry {
  id: string;
  title: Bilingual;
  load: () => Promise<Lesson>;
}

export const COURSE: LessonEntry[] = [
  { id: 'why-state', title: { en: 'Why state', zh: '为什么需要状态' }, load: () => import('./01-why-state').then((m) => m.lesson) },
  { id: 'states', title: { en: 'The four states and UNTRACKED', zh: '四种状态与 UNTRACKED' }, load: () => import('./02-states').then((m) => m.lesson) },
  { id: 'handshake', title: { en: 'The TCP 3-way handshake', zh: 'TCP 三次握手' }, load: () => import('./03-handshake').then((m) => m.lesson) },
  { id: 'close', title: { en: 'The 4-way close and RST', zh: '四次挥手与 RST' }, load: () => import('./04-close').then((m) => m.lesson) },
  { id: 'new-not-syn', title: { en: 'NEW is not only a SYN', zh: 'NEW 不只是 SYN' }, load: () => import('./05-new-not-syn').then((m) => m.lesson) },
  { id: 'udp', title: { en: 'UDP “connections”', zh: 'UDP 的“连接”' }, load: () => import('./06-udp').then((m) => m.lesson) },
  { id: 'icmp', title: { en: 'ICMP: echo and errors', zh: 'ICMP：回显与差错报文' }, load: () => import('./07-icmp').then((m) => m.lesson) },
  { id: 'helpers', title: { en: 'RELATED by helpers: FTP', zh: '靠 helper 识别 RELATED：FTP' }, load: () => import('./08-helpers').then((m) => m.lesson) },
  { id: 'invalid', title: { en: 'INVALID in practice', zh: '实战中的 INVALID' }, load: () => import('./09-invalid').then((m) => m.lesson) },
  { id: 'cloud', title: { en: 'Security group or network ACL', zh: '安全组与网络 ACL' }, load: () => import('./10-cloud').then((m) => m.lesson) },
  { id: 'note-vs-linux', title: { en: 'Where the note and Linux disagree', zh: '笔记与 Linux 不一致之处' }, load: () => import('./11-note-vs-linux').then((m) => m.lesson) },
];

/** The lesson's number as the list and links show it (1-based), or 0 for an unknown id. */
export function lessonNumber(id: string): number {
  return COURSE.findIndex((l) => l.id === id) + 1;
}
