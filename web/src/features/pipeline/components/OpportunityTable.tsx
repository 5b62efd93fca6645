import { Table } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Opportunity, OpportunityStatus } from '#src/modules/sales/opportunities.schema.ts';
import { CellText } from '../../../components/CellText.tsx';
import { formatDay, formatMoney } from '../../customers/hooks/format.ts';
import { useStageName } from '../hooks/usePipeline.ts';
import { StatusTag } from './StatusTag.tsx';

const ellipsis = { showTitle: false } as const;

/** Opportunities as a table: name (opens its page), customer, stage, status, amount, probability, close, owner. */
export function OpportunityTable({
  opportunities,
  loading,
  compact = false,
}: {
  opportunities: Opportunity[];
  loading: boolean;
  /** On a customer's page: without the customer column. */
  compact?: boolean;
}) {
  const { t } = useTranslation();
  const stageName = useStageName();
  const columns: TableColumnsType<Opportunity> = [
    {
      title: t('pipeline.fields.name'),
      dataIndex: 'name',
      width: compact ? 160 : 220,
      ellipsis,
      render: (name: string, row) => (
        <CellText value={name}>
          <Link to={`/sales/opportunities/${row.id}`}>{name}</Link>
        </CellText>
      ),
    },
    ...(compact
      ? []
      : [
          {
            title: t('pipeline.fields.customer'),
            key: 'customer',
            width: 200,
            ellipsis,
            render: (_: unknown, row: Opportunity) => (
              <CellText value={row.customerName}>
                <Link to={`/customers/${row.customerId}`}>{row.customerName}</Link>
              </CellText>
            ),
          },
        ]),
    {
      title: t('pipeline.fields.stage'),
      key: 'stage',
      width: 130,
      ellipsis,
      render: (_, row) => <CellText value={stageName({ key: row.stageKey, name: row.stageName })} />,
    },
    {
      title: t('common.status'),
      dataIndex: 'status',
      width: 90,
      render: (status: OpportunityStatus) => <StatusTag status={status} />,
    },
    {
      title: t('pipeline.fields.amount'),
      key: 'amount',
      width: 140,
      align: 'right',
      render: (_, row) => formatMoney(row.amount, row.currency),
    },
    // On a customer's narrow panel: name, stage, status and amount only.
    ...(compact
      ? []
      : ([
          {
            title: t('pipeline.fields.probability'),
            dataIndex: 'probability',
            width: 90,
            align: 'right',
            render: (p: number) => `${Math.round(p * 100)}%`,
          },
          {
            title: t('pipeline.fields.expectedCloseDate'),
            dataIndex: 'expectedCloseDate',
            width: 130,
            render: (day: string | null) => formatDay(day),
          },
        ] satisfies TableColumnsType<Opportunity>)),
    ...(compact
      ? []
      : [
          {
            title: t('pipeline.fields.owner'),
            dataIndex: 'ownerName',
            width: 130,
            ellipsis,
            render: (name: string | null) => <CellText value={name} />,
          },
        ]),
  ];
  return (
    <Table<Opportunity>
      rowKey="id"
      size={compact ? 'small' : 'middle'}
      data-testid="opportunity-table"
      columns={columns}
      dataSource={opportunities}
      loading={loading}
      pagination={false}
      scroll={{ x: compact ? 460 : 1100 }}
    />
  );
}
