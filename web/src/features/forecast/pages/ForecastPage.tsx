import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../../components/PageHeader.tsx';

/** Placeholder until the forecast pages land (issue 6). */
export function ForecastPage() {
  const { t } = useTranslation();
  return <PageHeader title={t('forecast.title')} />;
}
