import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../../components/PageHeader.tsx';

/** Placeholder until the quotes pages land (issue 6). */
export function QuotesPage() {
  const { t } = useTranslation();
  return <PageHeader title={t('quotes.title')} />;
}
