import type { ReasonView } from '../../sim/api';
import { en, type MessageKey } from './en';
import { reasonsZh } from './reasonsZh';
import { zh } from './zh';

export type Lang = 'en' | 'zh';
export type { MessageKey };

const dictionaries: Record<Lang, Record<MessageKey, string>> = { en, zh };

export type Params = Record<string, string | number>;

/** Replace `{name}` by params[name]; unknown placeholders stay as they are. */
export function fill(template: string, params?: Params): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
}

export function translate(lang: Lang, key: MessageKey, params?: Params): string {
  return fill(dictionaries[lang][key] ?? en[key], params);
}

/** The first language: Chinese when the browser prefers it, English otherwise. */
export function initialLang(languages: readonly string[] | undefined): Lang {
  const first = languages?.[0]?.toLowerCase() ?? 'en';
  return first.startsWith('zh') ? 'zh' : 'en';
}

/** A reason in the chosen language: the engine's English, or our Chinese by code when we have it. */
export function reasonText(lang: Lang, r: ReasonView): string {
  if (lang === 'zh') {
    const tpl = reasonsZh[r.code];
    if (tpl) return fill(tpl, r.params);
  }
  return r.text;
}
