import { useShallow } from 'zustand/react/shallow';
import { useT } from '../i18n/useT';
import { send } from '../sim/bridge';
import { useUi } from '../store/store';
import { IconPause, IconPlay, IconStepBack, IconStepForward, IconTimeout } from '../common/icons';
import { Clock } from './Clock';
import { QuietSkip } from './QuietSkip';
import { formatSpeed, posFromSpeed, speedFromPos, SPEED_MAX_POS, SPEED_MIN_POS } from './speed';

/**
 * Play/Pause, steps, skip to the next timeout, speed. The accessible names are fixed English
 * ("Play", "Step forward", ...): tests and screen-reader users rely on them; the visible
 * tooltip follows the language.
 */
export function Transport() {
  const t = useT();
  const { playing, hasNext, ready, speed, cursor } = useUi(
    useShallow((s) => ({
      playing: s.snapshot?.playing ?? false,
      hasNext: s.snapshot?.nextTimeout != null,
      ready: s.simStatus === 'ready',
      speed: s.speed,
      cursor: s.snapshot?.cursor ?? -1,
    })),
  );
  return (
    <div className="transport" role="group" aria-label={t('transport.label')}>
      <button
        type="button"
        className="tbtn"
        aria-label="Step back"
        title={`${t('transport.stepBack')} (←)`}
        disabled={!ready || cursor < 0}
        onClick={() => send({ type: 'stepBack' })}
      >
        <IconStepBack />
      </button>
      <button
        type="button"
        className="tbtn primary"
        aria-label={playing ? 'Pause' : 'Play'}
        title={`${playing ? t('transport.pause') : t('transport.play')} (Space)`}
        disabled={!ready}
        onClick={() => send({ type: playing ? 'pause' : 'play' })}
      >
        {playing ? <IconPause /> : <IconPlay />}
        <span aria-hidden="true">{playing ? t('transport.pause') : t('transport.play')}</span>
      </button>
      <button
        type="button"
        className="tbtn"
        aria-label="Step forward"
        title={`${t('transport.stepForward')} (→)`}
        disabled={!ready}
        onClick={() => send({ type: 'stepForward' })}
      >
        <IconStepForward />
      </button>
      <button
        type="button"
        className="tbtn"
        aria-label="Skip to next timeout"
        title={t('transport.skipTimeout')}
        disabled={!ready || !hasNext}
        onClick={() => send({ type: 'skipToNextTimeout' })}
      >
        <IconTimeout />
        <span aria-hidden="true" className="tlabel">{t('transport.skipShort')}</span>
      </button>
      <label className="speed" title={t('transport.speed')}>
        <span aria-hidden="true">{t('transport.speed')}</span>
        <input
          type="range"
          aria-label="Speed"
          aria-valuetext={formatSpeed(speed)}
          min={SPEED_MIN_POS}
          max={SPEED_MAX_POS}
          step={1}
          value={posFromSpeed(speed)}
          onChange={(e) => send({ type: 'setSpeed', speed: speedFromPos(Number(e.target.value)) })}
        />
        <output>{formatSpeed(speed)}</output>
      </label>
      <Clock />
      <QuietSkip />
    </div>
  );
}
