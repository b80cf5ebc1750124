import { createContext, useContext } from 'react';

import { format, type Locale, type MessageKey, messages } from './messages';

export interface I18n {
  locale: Locale;
  setLocale: (locale: Locale) => void;
  t: (key: MessageKey, values?: Record<string, string | number>) => string;
}

export function translator(locale: Locale): I18n['t'] {
  return (key, values) => format(messages[locale][key] ?? key, values);
}

export const I18nContext = createContext<I18n>({ locale: 'zh-CN', setLocale: () => undefined, t: translator('zh-CN') });

export function useI18n(): I18n {
  return useContext(I18nContext);
}
