/**
 * The four exports of a session, as files: the firewall's capture (pcapng), each node's
 * iptables-save, each node's conntrack -L, and the Reproduce script. Pure: the Export menu runs
 * it in the browser on the session the worker shares; scripts/export-check in Node.
 */
import type { SharedSession } from '../sim/api';
import { sessionPcapng } from './pcap';
import { recordSession, type SessionRecording } from './record';
import { reproduceScript } from './reproduce';
import { conntrackListText, iptablesSaveText } from './texts';

export type ExportKind = 'pcap' | 'iptables-save' | 'conntrack' | 'reproduce';

export const EXPORT_KINDS: ExportKind[] = ['pcap', 'iptables-save', 'conntrack', 'reproduce'];

export interface ExportFile {
  kind: ExportKind;
  name: string;
  mime: string;
  data: Uint8Array;
}

export const EXPORT_NAMES: Record<ExportKind, string> = {
  pcap: 'conntrack-lab-fw.pcapng',
  'iptables-save': 'conntrack-lab.iptables-save.txt',
  conntrack: 'conntrack-lab.conntrack-L.txt',
  reproduce: 'conntrack-lab-reproduce.sh',
};

const MIME: Record<ExportKind, string> = {
  pcap: 'application/vnd.tcpdump.pcap',
  'iptables-save': 'text/plain',
  conntrack: 'text/plain',
  reproduce: 'application/x-sh',
};

function file(kind: ExportKind, data: Uint8Array | string): ExportFile {
  return { kind, name: EXPORT_NAMES[kind], mime: MIME[kind], data: typeof data === 'string' ? new TextEncoder().encode(data) : data };
}

export function exportOf(kind: ExportKind, rec: SessionRecording): ExportFile {
  switch (kind) {
    case 'pcap':
      return file(kind, sessionPcapng(rec));
    case 'iptables-save':
      return file(kind, iptablesSaveText(rec));
    case 'conntrack':
      return file(kind, conntrackListText(rec));
    case 'reproduce':
      return file(kind, reproduceScript(rec.session));
  }
}

/** Every export of a session (it is replayed once). */
export function buildExports(session: SharedSession): ExportFile[] {
  const rec = recordSession(session);
  return EXPORT_KINDS.map((k) => exportOf(k, rec));
}
