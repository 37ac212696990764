import { useReactFlow } from '@xyflow/react';
import { useEffect, useRef } from 'react';

/** Refit a flow when its panel changes size (window resize, projector). */
export function FitOnResize({ padding = 0.1 }: { padding?: number }) {
  const { fitView } = useReactFlow();
  const probe = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    const el = probe.current?.closest('.react-flow');
    if (!el) return;
    let raf = 0;
    const ro = new ResizeObserver(() => {
      cancelAnimationFrame(raf);
      raf = requestAnimationFrame(() => void fitView({ padding }));
    });
    ro.observe(el);
    return () => {
      cancelAnimationFrame(raf);
      ro.disconnect();
    };
  }, [fitView, padding]);
  return <span ref={probe} hidden />;
}
