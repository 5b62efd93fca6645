import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { localeNames, uiLocales } from '../i18n/index.ts';
import { useLocaleSwitch } from '../features/auth/hooks/useLocaleSwitch.ts';

/** 简体 / 繁體 / English, each in its own language; saved on the account when signed in. */
export function LanguageSwitch({ size = 'middle' }: { size?: 'small' | 'middle' }) {
  const { t } = useTranslation();
  const { locale, switchTo, saving } = useLocaleSwitch();
  return (
    <Segmented
      aria-label={t('locale.switchLabel')}
      data-testid="language-switch"
      size={size}
      value={locale}
      disabled={saving}
      options={uiLocales.map((value) => ({
        value,
        label: localeNames[value].short,
        title: localeNames[value].long,
      }))}
      onChange={(value) => void switchTo(value)}
    />
  );
}
