import { useShallow } from 'zustand/react/shallow';
import { useT } from './i18n/useT';
import { useUi } from './store/store';

/** The simulation's status when it is not simply running: loading, missing, failed. */
export function SimBanner() {
  const t = useT();
  const { status, error, setSimStatus } = useUi(
    useShallow((s) => ({ status: s.simStatus, error: s.simError, setSimStatus: s.setSimStatus })),
  );
  if (status === 'ready') return <div />;
  if (status === 'failed')
    return (
      <div className="banner error" role="alert">
        <strong>⚠</strong> {t('sim.failed', { message: error ?? '' })}
        <button type="button" className="btn" onClick={() => setSimStatus('ready')}>
          {t('sim.dismiss')}
        </button>
      </div>
    );
  return (
    <div className="banner info" role="status">
      {status === 'loading' ? t('sim.loading') : t('sim.unavailable')}
    </div>
  );
}
