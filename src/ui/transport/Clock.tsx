import { useEffect, useRef } from 'react';
import { useT } from '../i18n/useT';
import { formatTime, virtualNow } from '../store/derive';
import { useUi } from '../store/store';

/** The virtual clock, ticking with the animation (written straight to the DOM, no re-render). */
export function Clock() {
  const t = useT();
  const ref = useRef<HTMLSpanElement>(null);
  const nextRef = useRef<HTMLElement>(null);
  useEffect(() => {
    let raf = 0;
    let last = '';
    let lastNext = '';
    const tick = () => {
      raf = requestAnimationFrame(tick);
      const s = useUi.getState();
      const now = virtualNow(s.snapshot, s.snapshotAt, performance.now(), s.speed);
      const text = `t=${formatTime(now)}s`;
      if (text !== last && ref.current) ref.current.textContent = last = text;
      const nt = s.snapshot?.nextTimeout;
      const nextText = nt == null ? '' : `${t('transport.nextTimeoutIn', { s: formatTime(Math.max(0, nt - now)) })}`;
      if (nextText !== lastNext && nextRef.current) nextRef.current.textContent = lastNext = nextText;
    };
    raf = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(raf);
  }, [t]);
  return (
    <div className="clock" title={t('transport.clock')}>
      <span ref={ref} data-testid="clock">
        t=0.000s
      </span>
      <small ref={nextRef} />
    </div>
  );
}
