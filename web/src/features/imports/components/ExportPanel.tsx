import { DownloadOutlined } from '@ant-design/icons';
import { Button, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ExportEntity } from '#src/modules/imports/imports.schema.ts';
import { exportUrl } from '../api/imports.ts';

const exported = [
  'customers',
  'orders',
  'interactions',
  'products',
] as const satisfies readonly ExportEntity[];

/** Whole-table downloads as CSV or XLSX, streamed by the server (text cells escaped against formulas). */
export function ExportPanel() {
  const { t } = useTranslation();
  return (
    <Flex vertical gap={12}>
      <Typography.Text type="secondary">{t('data.imports.exportHint')}</Typography.Text>
      {exported.map((entity) => (
        <Flex key={entity} gap={8} align="center" wrap>
          <Typography.Text style={{ minWidth: 100 }}>{t(`data.imports.entities.${entity}`)}</Typography.Text>
          {(['csv', 'xlsx'] as const).map((format) => (
            <Button
              key={format}
              size="small"
              icon={<DownloadOutlined />}
              href={exportUrl(entity, format)}
              download
              data-testid={`export-${entity}-${format}`}
            >
              {format.toUpperCase()}
            </Button>
          ))}
        </Flex>
      ))}
    </Flex>
  );
}
