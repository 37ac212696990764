import { Fragment } from 'react';
import { fillLessonText } from '../../lessons/placeholders';
import type { Bilingual } from '../../lessons/types';
import { translate, type MessageKey } from '../i18n';
import { en } from '../i18n/en';
import { useUi } from '../store/store';

/** A lesson text's placeholders filled for the reader: the loaded scenario's names and addresses, UI labels in their language. */
export function useLessonFill(): (t: Bilingual | string) => string {
  const lang = useUi((s) => s.lang);
  const scenario = useUi((s) => s.scenario);
  return (t) => {
    const text = typeof t === 'string' ? t : t[lang];
    if (!scenario) return text;
    return fillLessonText(text, scenario, (k) => (Object.hasOwn(en, k) ? translate(lang, k as MessageKey) : null));
  };
}

/** Lesson prose: `backquoted` parts are code. */
export function LessonText({ text }: { text: string }) {
  const parts = text.split('`');
  return (
    <>
      {parts.map((p, i) => (i % 2 === 1 ? <code key={i}>{p}</code> : <Fragment key={i}>{p}</Fragment>))}
    </>
  );
}
