/** The language context shared by the provider and `useI18n`. */
import { createContext } from 'react';
import type { Lang } from './messages.ts';

/** What the language context holds. */
export interface LocaleState {
  lang: Lang;
  setLang: (lang: Lang) => void;
}

/** The language context; Chinese until a provider says otherwise. */
export const LocaleContext = createContext<LocaleState>({ lang: 'zh', setLang: () => {} });
