/**
 * The packet crafter's form as plain data, its validation (field by field, as the student types),
 * and the CraftFields the simulation builds the packet from (it validates again and answers with
 * SimBatch.craftErrors).
 */
import type { CraftFields } from '../../sim/api';
import type { MessageKey } from '../i18n/en';

export const TCP_FLAGS = ['SYN', 'ACK', 'FIN', 'RST', 'PSH', 'URG', 'ECE', 'CWR'] as const;
export type TcpFlag = (typeof TCP_FLAGS)[number];

export interface CraftForm {
  node: string;
  proto: 'tcp' | 'udp' | 'icmp';
  dst: string;
  /** Empty: the host's own address. */
  src: string;
  sport: string;
  dport: string;
  flags: TcpFlag[];
  seq: string;
  ack: string;
  win: string;
  ttl: string;
  icmpType: string;
  icmpCode: string;
  /** Payload text. */
  payload: string;
}

export type CraftErrors = Partial<Record<keyof CraftForm, MessageKey>>;

export const defaultForm = (node: string, dst: string): CraftForm => ({
  node,
  proto: 'tcp',
  dst,
  src: '',
  sport: '45000',
  dport: '80',
  flags: ['SYN'],
  seq: '0',
  ack: '0',
  win: '64240',
  ttl: '64',
  icmpType: '8',
  icmpCode: '0',
  payload: '',
});

function isIPv4(s: string): boolean {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s.trim());
  return !!m && m.slice(1).every((p) => Number(p) <= 255 && String(Number(p)) === p);
}

function inRange(s: string, max: number): boolean {
  const t = s.trim();
  if (!/^\d+$/.test(t)) return false;
  const n = Number(t);
  return Number.isSafeInteger(n) && n >= 0 && n <= max;
}

export function validateCraft(f: CraftForm): CraftErrors {
  const e: CraftErrors = {};
  if (!f.dst.trim()) e.dst = 'craft.err.required';
  else if (!isIPv4(f.dst)) e.dst = 'craft.err.ip';
  if (f.src.trim() && !isIPv4(f.src)) e.src = 'craft.err.ip';
  if (!inRange(f.ttl, 255)) e.ttl = 'craft.err.u8';
  if (f.proto !== 'icmp') {
    if (!inRange(f.sport, 65535)) e.sport = 'craft.err.port';
    if (!inRange(f.dport, 65535)) e.dport = 'craft.err.port';
  }
  if (f.proto === 'tcp') {
    if (!inRange(f.seq, 0xffffffff)) e.seq = 'craft.err.u32';
    if (!inRange(f.ack, 0xffffffff)) e.ack = 'craft.err.u32';
    if (!inRange(f.win, 65535)) e.win = 'craft.err.u16';
  }
  if (f.proto === 'icmp') {
    if (!inRange(f.icmpType, 255)) e.icmpType = 'craft.err.u8';
    if (!inRange(f.icmpCode, 255)) e.icmpCode = 'craft.err.u8';
  }
  return e;
}

/** The request fields for a valid form. */
export function craftFields(f: CraftForm): CraftFields {
  const out: CraftFields = { proto: f.proto, dst: f.dst.trim(), ttl: f.ttl.trim() };
  if (f.src.trim()) out.src = f.src.trim();
  if (f.proto !== 'icmp') {
    out.sport = f.sport.trim();
    out.dport = f.dport.trim();
  }
  if (f.proto === 'tcp') {
    out.flags = TCP_FLAGS.filter((x) => f.flags.includes(x)).join(',');
    out.seq = f.seq.trim();
    out.ack = f.ack.trim();
    out.win = f.win.trim();
  }
  if (f.proto === 'icmp') {
    out.icmpType = f.icmpType.trim();
    out.icmpCode = f.icmpCode.trim();
  }
  if (f.payload) out.payload = f.payload;
  return out;
}
