import { Checkbox, Flex, Form, Table, Tag, Typography, theme } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { CellText } from '../../../components/CellText.tsx';
import { CurrencyInput } from '../../catalog/components/CurrencyInput.tsx';
import type { ColumnMapping, Import } from '../api/imports.ts';
import type { WizardEntity } from '../hooks/mapping.ts';

type PreviewRow = Import['preview'][number];

export interface RunOptions {
  noCreate: boolean;
  currency?: string | undefined;
}

/** Step 3: the first rows as they will be read, and the run's options for orders. */
export function PreviewStep({
  entity,
  upload,
  mapping,
  options,
  onOptions,
}: {
  entity: WizardEntity;
  upload: Import;
  mapping: ColumnMapping;
  options: RunOptions;
  onOptions: (options: RunOptions) => void;
}) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const columns: TableColumnsType<PreviewRow> = [
    { title: t('data.imports.line'), dataIndex: 'line', width: 64, fixed: 'left' },
    ...upload.headers.map((header, index) => {
      const field = mapping[header];
      return {
        key: `${index}`,
        width: 160,
        ellipsis: { showTitle: false },
        title: (
          <Flex vertical gap={2}>
            <CellText value={header} />
            {field ? <Tag color="blue">{field}</Tag> : <Tag>{t('data.imports.ignore')}</Tag>}
          </Flex>
        ),
        onCell: () => ({ style: field ? {} : { color: token.colorTextDisabled } }),
        render: (_: unknown, row: PreviewRow) => <CellText value={row.cells[index]} />,
      };
    }),
  ];
  return (
    <Flex vertical gap={16}>
      <Typography.Text type="secondary">{t('data.imports.previewHint')}</Typography.Text>
      <Table<PreviewRow>
        rowKey="line"
        data-testid="preview-table"
        size="small"
        bordered
        columns={columns}
        dataSource={upload.preview}
        pagination={false}
        tableLayout="fixed"
        scroll={{ x: 64 + upload.headers.length * 160 }}
      />
      {entity === 'orders' && (
        <Form layout="inline" component="div">
          <Form.Item label={t('data.imports.currency')}>
            <CurrencyInput
              value={options.currency}
              placeholder="CNY"
              onChange={(currency) => onOptions({ ...options, currency })}
            />
          </Form.Item>
          <Form.Item>
            <Checkbox
              checked={options.noCreate}
              onChange={(event) => onOptions({ ...options, noCreate: event.target.checked })}
            >
              {t('data.imports.noCreate')}
            </Checkbox>
          </Form.Item>
        </Form>
      )}
    </Flex>
  );
}
