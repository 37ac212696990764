/**
 * The header's Export button and its menu: the session as a capture at the firewall (pcapng),
 * each node's iptables-save, each node's conntrack -L, and a bash script that reproduces it on
 * real Linux. The simulation gives the session (as for a shared link); src/export replays it
 * in this page (loaded on first use) and makes the file.
 */
import { AnimatePresence, motion } from 'motion/react';
import { useEffect, useRef, useState } from 'react';
import type { ExportKind } from '../../export/exports';
import type { MessageKey } from '../i18n';
import { useT } from '../i18n/useT';
import { requestSession } from '../sim/bridge';
import { useUi } from '../store/store';
import { download } from './download';

const ITEMS: { kind: ExportKind; label: MessageKey; hint: MessageKey }[] = [
  { kind: 'pcap', label: 'export.pcap', hint: 'export.pcapHint' },
  { kind: 'iptables-save', label: 'export.iptablesSave', hint: 'export.iptablesSaveHint' },
  { kind: 'conntrack', label: 'export.conntrack', hint: 'export.conntrackHint' },
  { kind: 'reproduce', label: 'export.reproduce', hint: 'export.reproduceHint' },
];

type Status = null | { state: 'making' | 'done'; name: string } | { state: 'failed'; message: string };

async function makeExport(kind: ExportKind): Promise<{ name: string; mime: string; data: Uint8Array }> {
  const session = await requestSession();
  const { exportOf } = await import('../../export/exports');
  const { recordSession } = await import('../../export/record');
  return exportOf(kind, recordSession(session));
}

export function ExportMenu() {
  const t = useT();
  const ready = useUi((s) => s.simStatus === 'ready' && s.snapshot !== null);
  const [open, setOpen] = useState(false);
  const [status, setStatus] = useState<Status>(null);
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setOpen(false);
    };
    const onDown = (e: PointerEvent) => {
      if (box.current && !box.current.contains(e.target as Node)) setOpen(false);
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('pointerdown', onDown);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('pointerdown', onDown);
    };
  }, [open]);

  const run = async (kind: ExportKind, label: string) => {
    setStatus({ state: 'making', name: label });
    try {
      const f = await makeExport(kind);
      download(f.name, f.mime, f.data);
      setStatus({ state: 'done', name: f.name });
    } catch (e) {
      setStatus({ state: 'failed', message: e instanceof Error ? e.message : String(e) });
    }
  };

  return (
    <div className="export" ref={box}>
      <button
        type="button"
        className="btn export-btn"
        disabled={!ready}
        title={t('export.buttonTitle')}
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => {
          setOpen(!open);
          setStatus(null);
        }}
      >
        <svg aria-hidden="true" width="14" height="14" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" strokeLinejoin="round">
          <path d="M12 3v12" />
          <path d="M7 10l5 5 5-5" />
          <path d="M4 19h16" />
        </svg>
        <span className="export-word">{t('export.button')}</span>
      </button>
      <AnimatePresence>
        {open && (
          <motion.div
            className="export-menu"
            role="menu"
            aria-label={t('export.title')}
            initial={{ opacity: 0, y: -6 }}
            animate={{ opacity: 1, y: 0 }}
            exit={{ opacity: 0, y: -6, transition: { duration: 0.1 } }}
            transition={{ duration: 0.15 }}
          >
            <h2>{t('export.title')}</h2>
            {ITEMS.map((it) => (
              <button
                key={it.kind}
                type="button"
                role="menuitem"
                className="export-item"
                data-kind={it.kind}
                disabled={status?.state === 'making'}
                onClick={() => void run(it.kind, t(it.label))}
              >
                <span className="export-label">{t(it.label)}</span>
                <span className="export-hint">{t(it.hint)}</span>
              </button>
            ))}
            {status && (
              <p role={status.state === 'failed' ? 'alert' : 'status'} className={status.state === 'failed' ? 'export-error' : 'export-status'}>
                {status.state === 'failed'
                  ? t('export.failed', { message: status.message })
                  : t(status.state === 'making' ? 'export.making' : 'export.done', { name: status.name })}
              </p>
            )}
          </motion.div>
        )}
      </AnimatePresence>
    </div>
  );
}
