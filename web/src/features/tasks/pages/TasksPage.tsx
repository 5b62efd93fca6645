import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../../components/PageHeader.tsx';

/** Placeholder until the tasks pages land (issue 6). */
export function TasksPage() {
  const { t } = useTranslation();
  return <PageHeader title={t('tasks.title')} />;
}
