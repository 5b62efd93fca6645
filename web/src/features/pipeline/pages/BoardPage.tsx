import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../../components/PageHeader.tsx';

/** Placeholder until the pipeline pages land (issue 6). */
export function BoardPage() {
  const { t } = useTranslation();
  return <PageHeader title={t('pipeline.title')} />;
}
