import { AnimatePresence, motion } from 'motion/react';
import { useShallow } from 'zustand/react/shallow';
import { useT } from './i18n/useT';
import { reloadAtCheckpoint } from './sim/bridge';
import { useUi } from './store/store';

/** The simulation's status when it is not simply running: loading, missing, failed. */
export function SimBanner() {
  const t = useT();
  const { status, error, setSimStatus, linkError, setLinkError, linkReplay, recoverable } = useUi(
    useShallow((s) => ({
      status: s.simStatus,
      error: s.simError,
      setSimStatus: s.setSimStatus,
      linkError: s.linkError,
      setLinkError: s.setLinkError,
      linkReplay: s.linkReplay,
      recoverable: s.recoverable,
    })),
  );
  const anim = { initial: { height: 0, opacity: 0 }, animate: { height: 'auto', opacity: 1 }, exit: { height: 0, opacity: 0 }, transition: { duration: 0.2 } };
  return (
    <div>
      <AnimatePresence>
        {linkError !== null && (
          <motion.div key="link" className="banner error" role="alert" data-testid="link-error" {...anim}>
            <strong>⚠</strong> {t('link.error', { message: linkError })}
            <button type="button" className="btn" onClick={() => setLinkError(null)}>
              {t('sim.dismiss')}
            </button>
          </motion.div>
        )}
        {status === 'failed' && (
          <motion.div key="failed" className="banner error" role="alert" {...anim}>
            <strong>⚠</strong> {t('sim.failed', { message: error ?? '' })}
            {recoverable && (
              <button type="button" className="btn" onClick={reloadAtCheckpoint}>
                {t('sim.reload')}
              </button>
            )}
            <button type="button" className="btn" onClick={() => setSimStatus('ready')}>
              {t('sim.dismiss')}
            </button>
          </motion.div>
        )}
        {(status === 'loading' || status === 'unavailable') && (
          <motion.div key="info" className="banner info" role="status" {...anim}>
            {status === 'loading' ? t(linkReplay ? 'sim.loadingLink' : 'sim.loading') : t('sim.unavailable')}
          </motion.div>
        )}
      </AnimatePresence>
    </div>
  );
}
