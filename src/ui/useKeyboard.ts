import { useEffect } from 'react';
import { nextLessonStep } from './lesson/courseActions';
import { send } from './sim/bridge';
import { useUi } from './store/store';

/** True when a key press belongs to a text field, editor or other control. */
export function isTypingTarget(el: EventTarget | null): boolean {
  if (!(el instanceof HTMLElement)) return false;
  if (el.isContentEditable || el.closest('.cm-editor')) return true;
  const tag = el.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') {
    const type = (el as HTMLInputElement).type;
    return type !== 'checkbox' && type !== 'radio' && type !== 'button';
  }
  return false;
}

function isExampleButton(el: EventTarget | null): boolean {
  return el instanceof HTMLButtonElement && el.dataset.preset !== undefined;
}

/** Space: play/pause; ←/→: step back/forward; N: the next lesson step — not while typing. */
export function useKeyboard() {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || isTypingTarget(e.target)) return;
      if (document.querySelector('dialog[open]')) return;
      const s = useUi.getState();
      if (s.simStatus !== 'ready') return;
      if (e.key === ' ' || e.code === 'Space') {
        // a focused button handles Space itself, but an example button plays or pauses (pressing
        // it again would type the example again)
        if (e.target instanceof HTMLButtonElement && !isExampleButton(e.target)) return;
        e.preventDefault();
        send({ type: s.snapshot?.playing ? 'pause' : 'play' });
      } else if (e.key === 'ArrowRight') {
        e.preventDefault();
        send({ type: 'stepForward' });
      } else if (e.key === 'ArrowLeft') {
        e.preventDefault();
        send({ type: 'stepBack' });
      } else if (e.key === 'n' || e.key === 'N') {
        e.preventDefault();
        nextLessonStep();
      }
    };
    // a button activates on Space's keyup: keep an example button from it
    const onKeyUp = (e: KeyboardEvent) => {
      if ((e.key === ' ' || e.code === 'Space') && isExampleButton(e.target)) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('keyup', onKeyUp);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('keyup', onKeyUp);
    };
  }, []);
}
