/**
 * The header's Share button and the small dialog under it: the link to this session (replayed
 * exactly by whoever opens it), a Copy button, and what the link contains.
 */
import { AnimatePresence, motion } from 'motion/react';
import { useEffect, useRef, useState } from 'react';
import { useT } from '../i18n/useT';
import { requestShare } from '../sim/bridge';
import { formatTime } from '../store/derive';
import { useUi } from '../store/store';

export function ShareButton() {
  const t = useT();
  const open = useUi((s) => s.share !== null);
  const ready = useUi((s) => s.simStatus === 'ready' && s.snapshot !== null);
  return (
    <button
      type="button"
      className="btn share-btn"
      disabled={!ready}
      title={t('share.buttonTitle')}
      aria-haspopup="dialog"
      aria-expanded={open}
      onClick={requestShare}
    >
      <svg aria-hidden="true" width="14" height="14" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round">
        <path d="M10 14a5 5 0 0 0 7 0l3-3a5 5 0 0 0-7-7l-1 1" />
        <path d="M14 10a5 5 0 0 0-7 0l-3 3a5 5 0 0 0 7 7l1-1" />
      </svg>
      <span className="share-word">{t('share.button')}</span>
    </button>
  );
}

export function ShareDialog() {
  const t = useT();
  const share = useUi((s) => s.share);
  const setShare = useUi((s) => s.setShare);
  const input = useRef<HTMLInputElement>(null);
  // What the Copy button did, for which link (a new link starts uncopied).
  const [copiedFor, setCopiedFor] = useState<{ url: string; ok: boolean } | null>(null);

  const url = share?.state === 'ready' ? share.url : null;
  const copied = copiedFor === null || copiedFor.url !== url ? 'no' : copiedFor.ok ? 'yes' : 'failed';
  useEffect(() => {
    if (url) input.current?.select();
  }, [url]);
  useEffect(() => {
    if (!share) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setShare(null);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [share, setShare]);

  const copy = async () => {
    if (!url) return;
    input.current?.select();
    try {
      await navigator.clipboard.writeText(url);
      setCopiedFor({ url, ok: true });
    } catch {
      setCopiedFor({ url, ok: false });
    }
  };

  return (
    <AnimatePresence>
      {share && (
        <motion.div
          className="share-dialog"
          role="dialog"
          aria-labelledby="share-title"
          initial={{ opacity: 0, y: -6 }}
          animate={{ opacity: 1, y: 0 }}
          exit={{ opacity: 0, y: -6, transition: { duration: 0.1 } }}
          transition={{ duration: 0.15 }}
        >
          <h2 id="share-title">{t('share.title')}</h2>
          {share.state === 'making' && <p role="status">{t('share.making')}</p>}
          {share.state === 'failed' && <p role="alert" className="share-error">{t('share.failed', { message: share.error })}</p>}
          {share.state === 'ready' && (
            <>
              <div className="share-row">
                <input ref={input} readOnly value={share.url} aria-label={t('share.title')} onFocus={(e) => e.currentTarget.select()} />
                <button type="button" className="btn primary" onClick={() => void copy()}>
                  {copied === 'yes' ? `✓ ${t('share.copied')}` : t('share.copy')}
                </button>
              </div>
              {copied === 'failed' && <p role="alert" className="share-error">{t('share.copyFailed')}</p>}
              <p className="share-explain">{t('share.explain', { t: formatTime(share.at) })}</p>
            </>
          )}
          <button type="button" className="btn share-close" onClick={() => setShare(null)}>
            {t('share.close')}
          </button>
        </motion.div>
      )}
    </AnimatePresence>
  );
}
