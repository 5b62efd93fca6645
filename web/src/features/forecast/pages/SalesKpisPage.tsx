import { Alert, DatePicker, Flex, Segmented, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KpiRow } from '#src/modules/sales/kpis.schema.ts';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { Panel } from '../../../components/Panel.tsx';
import { LoadError } from '../../../components/ResultPages.tsx';
import { formatMoney, formatNumber, formatPercent } from '../../analytics/hooks/format.ts';
import { useKpis } from '../hooks/useForecast.ts';

const percent = (value: number | null) => (value === null ? '—' : formatPercent(value));

/** Sales KPIs per person or team over a range of days (own numbers for sellers, the team for managers). */
export function SalesKpisPage() {
  const { t } = useTranslation();
  const [groupBy, setGroupBy] = useState<'owner' | 'team'>('owner');
  const [range, setRange] = useState<[string, string]>([
    dayjs().startOf('month').format('YYYY-MM-DD'),
    dayjs().format('YYYY-MM-DD'),
  ]);
  const kpis = useKpis({ groupBy, from: range[0], to: range[1] });
  const currency = kpis.data?.currency ?? 'CNY';
  const money = (value: number) => formatMoney(value, currency);
  const columns: TableColumnsType<KpiRow> = [
    {
      title: t(`forecast.${groupBy}`),
      dataIndex: 'groupName',
      render: (name: string | null) => name ?? t('forecast.unassigned'),
    },
    { title: t('forecast.kpis.newCustomers'), dataIndex: 'newCustomers', align: 'right' },
    { title: t('forecast.kpis.revenue'), dataIndex: 'revenue', align: 'right', render: money },
    { title: t('forecast.kpis.wonDeals'), dataIndex: 'wonDeals', align: 'right' },
    { title: t('forecast.kpis.wonAmount'), dataIndex: 'wonAmount', align: 'right', render: money },
    { title: t('forecast.kpis.winRate'), dataIndex: 'winRate', align: 'right', render: percent },
    {
      title: t('forecast.kpis.averageDealSize'),
      dataIndex: 'averageDealSize',
      align: 'right',
      render: (v: number | null) => (v === null ? '—' : money(v)),
    },
    {
      title: t('forecast.kpis.averageCycleDays'),
      dataIndex: 'averageCycleDays',
      align: 'right',
      render: (v: number | null) => (v === null ? '—' : formatNumber(v, { maximumFractionDigits: 1 })),
    },
    { title: t('forecast.kpis.activities'), dataIndex: 'activities', align: 'right' },
    {
      title: t('forecast.kpis.followUpCompletion'),
      dataIndex: 'followUpCompletion',
      align: 'right',
      render: percent,
    },
    { title: t('forecast.kpis.satisfaction'), dataIndex: 'satisfaction', align: 'right', render: percent },
    {
      title: t('forecast.kpis.complaints'),
      dataIndex: 'complaints',
      align: 'right',
      render: (v: number | null) => (v === null ? '—' : v),
    },
  ];
  return (
    <div data-testid="kpis-page">
      <PageHeader
        title={t('forecast.kpis.title')}
        extra={
          <Flex gap={8} wrap>
            <DatePicker.RangePicker
              allowClear={false}
              value={[dayjs(range[0]), dayjs(range[1])]}
              onChange={(values) => {
                if (values?.[0] && values[1])
                  setRange([values[0].format('YYYY-MM-DD'), values[1].format('YYYY-MM-DD')]);
              }}
            />
            <Segmented
              value={groupBy}
              onChange={(value) => setGroupBy(value as 'owner' | 'team')}
              options={[
                { value: 'owner', label: t('forecast.owner') },
                { value: 'team', label: t('forecast.team') },
              ]}
            />
          </Flex>
        }
      />
      <Typography.Paragraph type="secondary">{t('forecast.kpis.intro')}</Typography.Paragraph>
      {kpis.data?.serviceMeasures === 'not_available' && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('forecast.kpis.serviceNotAvailable')}
        />
      )}
      {kpis.isError && <LoadError error={kpis.error} onRetry={() => void kpis.refetch()} />}
      <Panel>
        <Table<KpiRow>
          data-testid="kpis-table"
          size="small"
          rowKey={(row) => row.groupId ?? 'none'}
          loading={kpis.isPending}
          columns={columns}
          dataSource={kpis.data?.items ?? []}
          pagination={false}
        />
      </Panel>
    </div>
  );
}
