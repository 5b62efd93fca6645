import { DownloadOutlined } from '@ant-design/icons';
import { Button, Flex, Statistic, Typography, theme } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Import } from '../api/imports.ts';
import { errorReportUrl } from '../api/imports.ts';

/** What a run did (or, for a dry run, would do), and the error report when rows were rejected. */
export function ImportCounts({ run }: { run: Import }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  return (
    <Flex vertical gap={16} data-testid="import-counts">
      <Flex wrap gap={40}>
        <Statistic
          title={run.dryRun ? t('data.imports.counts.wouldImport') : t('data.imports.counts.imported')}
          value={run.imported}
          data-testid="count-imported"
        />
        <Statistic title={t('data.imports.counts.skipped')} value={run.skipped} data-testid="count-skipped" />
        <Statistic
          title={t('data.imports.counts.errors')}
          value={run.errors}
          styles={{ content: run.errors > 0 ? { color: token.colorError } : {} }}
          data-testid="count-errors"
        />
        {run.customersCreated > 0 && (
          <Statistic title={t('data.imports.counts.customersCreated')} value={run.customersCreated} />
        )}
      </Flex>
      {run.lines && (
        <Typography.Text type="secondary">{t('data.imports.counts.lines', run.lines)}</Typography.Text>
      )}
      {run.hasErrorReport && (
        <Flex wrap gap={12} align="center">
          <Button
            icon={<DownloadOutlined />}
            href={errorReportUrl(run.id)}
            download
            data-testid="download-errors"
          >
            {t('data.imports.downloadErrors')}
          </Button>
          <Typography.Text type="secondary">{t('data.imports.errorsHint')}</Typography.Text>
        </Flex>
      )}
    </Flex>
  );
}
