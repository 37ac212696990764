import { useCallback } from 'react';
import { useUi } from '../store/store';
import { translate, type MessageKey, type Params } from './index';

/** The translate function for the current language (re-renders on a language switch). */
export function useT(): (key: MessageKey, params?: Params) => string {
  const lang = useUi((s) => s.lang);
  return useCallback((key: MessageKey, params?: Params) => translate(lang, key, params), [lang]);
}
