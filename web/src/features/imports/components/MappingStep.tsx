import { CheckCircleFilled, CloseCircleFilled } from '@ant-design/icons';
import { Alert, Flex, Select, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { CellText } from '../../../components/CellText.tsx';
import type { ColumnMapping, Import } from '../api/imports.ts';
import { doubleMapped, fieldsOf, isLineItemFile, requiredOf } from '../hooks/mapping.ts';
import type { WizardEntity } from '../hooks/mapping.ts';

interface Row {
  header: string;
  index: number;
  samples: string;
}

const ignore = '';

/** Step 2: each column of the file to a field (or left out); required fields marked and checked. */
export function MappingStep({
  entity,
  upload,
  mapping,
  onMapping,
}: {
  entity: WizardEntity;
  upload: Import;
  mapping: ColumnMapping;
  onMapping: (mapping: ColumnMapping) => void;
}) {
  const { t } = useTranslation();
  const required = requiredOf(entity, mapping);
  const mapped = new Set(Object.values(mapping));
  const twice = doubleMapped(mapping);
  const fieldOptions = [
    { value: ignore, label: <Typography.Text type="secondary">{t('data.imports.ignore')}</Typography.Text> },
    ...fieldsOf(entity).map((field) => ({
      value: field,
      label: (
        <span>
          <Typography.Text code>{field}</Typography.Text> {t(`data.imports.fields.${field}`)}
          {required.includes(field) && <Typography.Text type="danger"> *</Typography.Text>}
        </span>
      ),
      title: field,
    })),
  ];
  const rows: Row[] = upload.headers.map((header, index) => ({
    header,
    index,
    samples: upload.preview
      .slice(0, 3)
      .map((row) => row.cells[index] ?? '')
      .filter(Boolean)
      .join(' · '),
  }));

  const columns: TableColumnsType<Row> = [
    {
      title: t('data.imports.column'),
      dataIndex: 'header',
      width: 200,
      ellipsis: { showTitle: false },
      render: (header: string) => <CellText value={header} />,
    },
    {
      title: t('data.imports.sample'),
      dataIndex: 'samples',
      width: 280,
      ellipsis: { showTitle: false },
      render: (samples: string) => <CellText value={samples} />,
    },
    {
      title: t('data.imports.field'),
      key: 'field',
      width: 300,
      render: (_, row) => {
        const field = mapping[row.header] ?? ignore;
        return (
          <Select<string>
            value={field}
            options={fieldOptions}
            status={field && twice.has(field) ? 'error' : undefined}
            onChange={(next) => onMapping({ ...mapping, [row.header]: next || null })}
            style={{ width: '100%' }}
            popupMatchSelectWidth={false}
            data-testid={`mapping-${row.index}`}
            data-field={field}
          />
        );
      },
    },
  ];

  return (
    <Flex vertical gap={16}>
      <Typography.Text type="secondary">{t('data.imports.mappingHint')}</Typography.Text>
      <Flex wrap gap={8} align="center" data-testid="required-fields">
        <Typography.Text strong>{t('data.imports.requiredFields')}:</Typography.Text>
        {required.map((field) => (
          <Tag
            key={field}
            color={mapped.has(field) ? 'success' : 'error'}
            icon={mapped.has(field) ? <CheckCircleFilled /> : <CloseCircleFilled />}
            data-mapped={mapped.has(field)}
          >
            {field}
          </Tag>
        ))}
      </Flex>
      {isLineItemFile(entity, mapping) && (
        <Alert type="info" showIcon title={t('data.imports.lineItemsNote')} />
      )}
      {twice.size > 0 && (
        <Alert
          type="error"
          showIcon
          title={t('data.imports.doubleMapped', { fields: [...twice].join(', ') })}
        />
      )}
      <Table<Row>
        rowKey="index"
        data-testid="mapping-table"
        size="small"
        columns={columns}
        dataSource={rows}
        pagination={false}
        tableLayout="fixed"
        scroll={{ x: 780 }}
      />
    </Flex>
  );
}
