import { Radio, Table, Typography, theme } from 'antd';
import type { TableColumnsType } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Customer } from '#src/modules/customers/customers.schema.ts';
import { comparedFacts } from './comparedFacts.ts';

interface Row {
  key: string;
  label: string;
  values: [string, string];
  differs: boolean;
}

/**
 * Two customers' facts side by side, rows that differ highlighted; the radio in each column header picks the
 * customer that stays (the survivor).
 */
export function CustomerComparison({
  pair,
  survivorId,
  onChoose,
}: {
  pair: [Customer, Customer];
  survivorId: string;
  onChoose: (id: string) => void;
}) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const rows = useMemo(
    () =>
      comparedFacts(t).map((fact): Row => {
        const values: [string, string] = [fact.value(pair[0]), fact.value(pair[1])];
        return { key: fact.key, label: fact.label, values, differs: values[0] !== values[1] };
      }),
    [t, pair],
  );

  const customerColumn = (index: 0 | 1) => {
    const customer = pair[index];
    return {
      key: customer.id,
      width: '40%',
      title: (
        <Radio
          checked={survivorId === customer.id}
          onChange={() => onChoose(customer.id)}
          data-testid={`keep-${customer.id}`}
        >
          <Typography.Text strong>{t('data.duplicates.keep')}</Typography.Text>
          <Link to={`/customers/${customer.id}`} style={{ marginInlineStart: 8 }}>
            {customer.ref}
          </Link>
        </Radio>
      ),
      render: (_: unknown, row: Row) =>
        row.values[index] || <Typography.Text type="secondary">—</Typography.Text>,
    };
  };

  const columns: TableColumnsType<Row> = [
    {
      key: 'label',
      width: '20%',
      title: t('data.duplicates.fact'),
      render: (_, row) => <Typography.Text type="secondary">{row.label}</Typography.Text>,
    },
    customerColumn(0),
    customerColumn(1),
  ];

  return (
    <Table<Row>
      data-testid="duplicate-comparison"
      rowKey="key"
      size="small"
      bordered
      pagination={false}
      tableLayout="fixed"
      columns={columns}
      dataSource={rows}
      rowClassName={(row) => (row.differs ? 'gx-differs' : '')}
      onRow={(row) => ({ style: row.differs ? { background: token.colorWarningBg } : undefined })}
    />
  );
}
