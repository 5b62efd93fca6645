import { Card, Radio, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Locale } from '#src/shared/schema.ts';
import { localeNames, uiLocales } from '../../../i18n/index.ts';
import { useLocaleSwitch } from '../../auth/hooks/useLocaleSwitch.ts';

/** The account's language: applied at once and saved on the account. */
export function LanguageCard() {
  const { t } = useTranslation();
  const { locale, switchTo, saving } = useLocaleSwitch();
  return (
    <Card title={t('account.languageTitle')} data-testid="language-card">
      <Typography.Paragraph type="secondary">{t('account.languageHint')}</Typography.Paragraph>
      <Radio.Group
        value={locale}
        disabled={saving}
        onChange={(event) => void switchTo(event.target.value as Locale)}
      >
        <Space orientation="vertical">
          {uiLocales.map((value) => (
            <Radio key={value} value={value}>
              <span lang={value}>{localeNames[value].long}</span>
            </Radio>
          ))}
        </Space>
      </Radio.Group>
    </Card>
  );
}
