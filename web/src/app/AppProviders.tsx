import { QueryClientProvider } from '@tanstack/react-query';
import { ConfigProvider, theme } from 'antd';
import type { ThemeConfig } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Locale } from '#src/shared/schema.ts';
import { isLocale } from '../i18n/index.ts';
import { NotifyProvider } from '../lib/notify.tsx';
import { antdLocales } from './antdLocales.ts';
import { queryClient } from './queryClient.ts';

const latin = "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Noto Sans'";
/** CJK faces per script, so Traditional text gets Traditional glyph forms (e.g. 戶 not 户). */
const cjk: Record<Locale, string> = {
  'zh-CN': "'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Noto Sans SC'",
  'zh-TW': "'PingFang TC', 'Microsoft JhengHei', 'Noto Sans CJK TC', 'Noto Sans TC'",
  en: "'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC'",
};

const themeFor = (locale: Locale): ThemeConfig => ({
  token: { fontFamily: `${latin}, ${cjk[locale]}, sans-serif`, colorPrimary: '#c2410c', borderRadius: 6 },
});

/** The page's base text style from the theme (what antd's App component would set). */
function BaseText({ children }: { children: ReactNode }) {
  const { token } = theme.useToken();
  return (
    <div
      style={{
        height: '100%',
        fontFamily: token.fontFamily,
        fontSize: token.fontSize,
        lineHeight: token.lineHeight,
        color: token.colorText,
      }}
    >
      {children}
    </div>
  );
}

/** Data cache, Ant Design in the interface language, and toast messages. */
export function AppProviders({ children }: { children: ReactNode }) {
  const { i18n } = useTranslation();
  const locale: Locale = isLocale(i18n.language) ? i18n.language : 'en';
  return (
    <QueryClientProvider client={queryClient}>
      <ConfigProvider locale={antdLocales[locale]} theme={themeFor(locale)}>
        <NotifyProvider>
          <BaseText>{children}</BaseText>
        </NotifyProvider>
      </ConfigProvider>
    </QueryClientProvider>
  );
}
