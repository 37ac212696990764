import type { ReactNode } from 'react';
import { ErrorBoundary } from './ErrorBoundary';

interface Props {
  area: string;
  title?: ReactNode;
  /** Extra controls in the panel's header. */
  tools?: ReactNode;
  /** Accessible name of the panel (a region), when the panel itself is one. */
  label?: string;
  className?: string;
  children: ReactNode;
}

/** A framed panel of the page grid, with its own error boundary. */
export function Panel({ area, title, tools, label, className, children }: Props) {
  return (
    <section className={`panel area-${area} ${className ?? ''}`} aria-label={label}>
      {(title || tools) && (
        <div className="panel-head">
          {title && <h2>{title}</h2>}
          {tools}
        </div>
      )}
      <div className="panel-body">
        <ErrorBoundary name={area}>{children}</ErrorBoundary>
      </div>
    </section>
  );
}
