/** The current language, a switch, and `t(key, vars)` for the shell's labels. */
import { useCallback, useContext } from 'react';
import { LocaleContext } from './locale-context.ts';
import { format, MESSAGES, type MessageKey } from './messages.ts';

/** Labels in the current language. */
export function useI18n() {
  const { lang, setLang } = useContext(LocaleContext);
  const t = useCallback(
    (key: MessageKey, vars?: Record<string, string | number>) => format(MESSAGES[lang][key], vars),
    [lang],
  );
  return { lang, setLang, t };
}
