import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { type ReactNode, useEffect, useMemo, useState } from 'react';

import { I18nContext, translator } from './I18nContext';
import type { Locale } from './messages';

const STORED = 'jifen.console.locale';

function initialLocale(): Locale {
  return window.localStorage.getItem(STORED) === 'en-US' ? 'en-US' : 'zh-CN';
}

/** zh-CN unless the user chose English (kept in this browser); Ant Design's own texts follow. */
export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(initialLocale);
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  const value = useMemo(() => {
    dayjs.locale(locale === 'zh-CN' ? 'zh-cn' : 'en');
    return {
      locale,
      t: translator(locale),
      setLocale: (next: Locale) => {
        window.localStorage.setItem(STORED, next);
        setLocaleState(next);
      },
    };
  }, [locale]);
  return (
    <I18nContext.Provider value={value}>
      <ConfigProvider locale={locale === 'zh-CN' ? zhCN : enUS} theme={{ token: { colorPrimary: '#d4380d' } }}>
        <AntApp>{children}</AntApp>
      </ConfigProvider>
    </I18nContext.Provider>
  );
}
