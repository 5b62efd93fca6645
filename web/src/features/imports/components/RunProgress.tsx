import { Flex, Progress, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Import } from '../api/imports.ts';

/** Rows done of rows total while a run reads the file (the total is unknown until the file is counted). */
export function RunProgress({ run }: { run: Import | undefined }) {
  const { t } = useTranslation();
  const done = run?.rowsDone ?? 0;
  const total = run?.rowsTotal ?? 0;
  const percent = total > 0 ? Math.min(99, Math.floor((done / total) * 100)) : 0;
  return (
    <Flex vertical gap={8} data-testid="import-progress" style={{ maxWidth: 560 }}>
      <Typography.Text>{t('data.imports.running')}</Typography.Text>
      <Progress percent={percent} status="active" showInfo={total > 0} />
      <Typography.Text type="secondary">
        {total > 0 ? t('data.imports.rowsProgress', { done, total }) : t('data.imports.rowsDone', { done })}
      </Typography.Text>
    </Flex>
  );
}
