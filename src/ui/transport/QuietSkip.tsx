import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useT } from '../i18n/useT';
import { send } from '../sim/bridge';
import { formatSeconds } from '../store/derive';
import { useUi } from '../store/store';
import { IconFastForward } from '../common/icons';

/** How long the "⏩ 3.6 s later" note stays after a quiet stretch was skipped (wall ms). */
const NOTE_MS = 1500;

/**
 * Quiet time: a toggle (on by default) and, while a quiet stretch is being skipped and a moment
 * after, a note of how much virtual time it was ("⏩ 3.6 s later").
 */
export function QuietSkip() {
  const t = useT();
  const { ff, on, ready } = useUi(
    useShallow((s) => ({
      ff: s.snapshot?.fastForward ?? null,
      on: s.snapshot?.skipQuiet !== false,
      ready: s.simStatus === 'ready',
    })),
  );
  const [note, setNote] = useState<{ ms: number; from: number } | null>(null);
  // a new quiet stretch: note it (state from the previous render, React's documented pattern)
  if (ff && note?.from !== ff.from) setNote({ ms: ff.to - ff.from, from: ff.from });
  const skipping = ff !== null;
  // the note stays a moment after the stretch ends, then goes
  useEffect(() => {
    if (skipping || note === null) return;
    const id = setTimeout(() => setNote(null), NOTE_MS);
    return () => clearTimeout(id);
  }, [skipping, note]);
  return (
    <>
      <button
        type="button"
        className={`tbtn quiet-toggle${on ? ' on' : ''}`}
        aria-label="Skip quiet time"
        aria-pressed={on}
        title={t('transport.skipQuiet')}
        disabled={!ready}
        onClick={() => send({ type: 'setSkipQuiet', on: !on })}
      >
        <IconFastForward />
      </button>
      <span className="quiet-note" role="status" data-testid="quiet-note">
        {note && (
          <>
            <IconFastForward /> {t('transport.quietLater', { s: formatSeconds(note.ms) })}
          </>
        )}
      </span>
    </>
  );
}
