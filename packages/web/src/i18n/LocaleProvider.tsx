/**
 * Language and theme: antd's own texts follow the language (zh_CN by default, en_US on request), dayjs
 * too (so the date picker starts weeks on Monday in Chinese); the choice is remembered in localStorage.
 */
import { ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { type ReactNode, useEffect, useMemo, useState } from 'react';
import { LocaleContext } from './locale-context.ts';
import type { Lang } from './messages.ts';

const STORAGE_KEY = 'renshe.lang';

function initialLang(): Lang {
  try {
    return globalThis.localStorage?.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

const dayjsLocale = (lang: Lang) => (lang === 'zh' ? 'zh-cn' : 'en');
const startLang = initialLang();
dayjs.locale(dayjsLocale(startLang));

/** The government-service look: white and blue, CJK fonts first. */
const theme = {
  token: {
    colorPrimary: '#0f4fa8',
    colorLink: '#0f4fa8',
    borderRadius: 6,
    fontSize: 15,
    fontFamily:
      "-apple-system, BlinkMacSystemFont, 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'WenQuanYi Micro Hei', 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif",
  },
  components: {
    Layout: {
      headerBg: '#0f4fa8',
      headerHeight: 56,
      headerPadding: '0 16px',
      bodyBg: '#f3f6fb',
      footerBg: '#f3f6fb',
    },
  },
};

/** Provides the language and antd's configuration. */
export function LocaleProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(startLang);
  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  }, [lang]);
  const value = useMemo(
    () => ({
      lang,
      setLang: (next: Lang) => {
        dayjs.locale(dayjsLocale(next));
        try {
          globalThis.localStorage?.setItem(STORAGE_KEY, next);
        } catch {
          // Private mode: the choice lasts for this page only.
        }
        setLangState(next);
      },
    }),
    [lang],
  );
  return (
    <LocaleContext value={value}>
      <ConfigProvider locale={lang === 'zh' ? zhCN : enUS} theme={theme} button={{ autoInsertSpace: false }}>
        {children}
      </ConfigProvider>
    </LocaleContext>
  );
}
