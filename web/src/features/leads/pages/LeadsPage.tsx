import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../../components/PageHeader.tsx';

/** Placeholder until the leads pages land (issue 6). */
export function LeadsPage() {
  const { t } = useTranslation();
  return <PageHeader title={t('leads.title')} />;
}
