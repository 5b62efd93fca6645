import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AbcClass, AbcItem, AbcResult } from '#src/modules/analytics/abc.schema.ts';
import type { AbcOptions } from '../api/analytics.ts';
import type { CsvColumn } from '../hooks/csv.ts';
import { formatMoney, formatPercent } from '../hooks/format.ts';
import { useAbcCustomers } from '../hooks/useAnalytics.ts';
import { ClassTag } from './ClassTable.tsx';
import { CustomersDrawer } from './CustomersDrawer.tsx';

/** The customers of one ABC class, in rank order (revenue descending, then customer number). */
export function ClassCustomers({
  options,
  result,
  abcClass,
  onClose,
}: {
  options: AbcOptions;
  result: AbcResult;
  abcClass: AbcClass | undefined;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const list = useAbcCustomers(options, abcClass, abcClass !== undefined);
  const { currency } = result;
  const amount =
    result.by === 'margin' ? t('analytics.abc.fields.margin') : t('analytics.abc.fields.revenue');

  const columns: TableColumnsType<AbcItem> = [
    {
      title: amount,
      dataIndex: 'revenue',
      align: 'right',
      width: 150,
      render: (value: number) => formatMoney(value, currency),
    },
    {
      title: t('analytics.abc.fields.cumulativeShare'),
      dataIndex: 'cumulativeShare',
      align: 'right',
      width: 130,
      render: (value: number) => formatPercent(value, 2),
    },
    {
      title: t('analytics.abc.fields.class'),
      dataIndex: 'class',
      align: 'center',
      width: 80,
      render: (value: AbcClass) => <ClassTag abcClass={value} />,
    },
  ];

  const csvColumns: CsvColumn<AbcItem>[] = [
    { header: `${amount} (${currency})`, value: (row) => row.revenue },
    { header: t('analytics.abc.fields.cumulativeShare'), value: (row) => row.cumulativeShare },
    { header: t('analytics.abc.fields.class'), value: (row) => row.class },
  ];

  return (
    <CustomersDrawer<AbcItem>
      open={abcClass !== undefined}
      title={abcClass ? t('analytics.abc.classCustomers', { class: abcClass }) : ''}
      total={result.classes.find((row) => row.class === abcClass)?.customers}
      list={list}
      columns={columns}
      csv={abcClass && { fileName: `abc-${abcClass}-${result.to}.csv`, columns: csvColumns }}
      onClose={onClose}
    />
  );
}
