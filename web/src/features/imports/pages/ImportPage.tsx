import { Flex } from 'antd';
import { useTranslation } from 'react-i18next';
import { can } from '#src/modules/users/roles.ts';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { Panel } from '../../../components/Panel.tsx';
import { useCurrentUser } from '../../auth/hooks/useSession.ts';
import { ExportPanel } from '../components/ExportPanel.tsx';
import { ImportHistory } from '../components/ImportHistory.tsx';
import { ImportWizard } from '../components/ImportWizard.tsx';

/** The import wizard with the history of imports; exports for those allowed to take whole tables out. */
export function ImportPage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  return (
    <div data-testid="import-page">
      <PageHeader title={t('data.imports.title')} />
      <Flex vertical gap={16}>
        <Panel>
          <ImportWizard />
        </Panel>
        {can(user.role, 'exports.run') && (
          <Panel title={t('data.imports.export')} testId="export-panel">
            <ExportPanel />
          </Panel>
        )}
        <Panel title={t('data.imports.history')}>
          <ImportHistory />
        </Panel>
      </Flex>
    </div>
  );
}
