import { Button, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { CustomerListItem, DuplicateCandidate } from '#src/modules/customers/customers.schema.ts';
import { formatDateTime } from '../../../lib/format.ts';
import { ScoreText } from './ScoreText.tsx';

function CustomerCell({ customer }: { customer: CustomerListItem }) {
  const contact = [customer.phone, customer.email, customer.city].filter(Boolean).join(' · ');
  return (
    <div style={{ minWidth: 0 }}>
      <Link to={`/customers/${customer.id}`}>{customer.name}</Link>
      <Typography.Text
        type="secondary"
        style={{ display: 'block', fontSize: 12 }}
        ellipsis={{ tooltip: contact }}
      >
        {customer.ref}
        {contact && ` · ${contact}`}
      </Typography.Text>
    </div>
  );
}

/** Candidate pairs: both customers, why they look alike, how alike, and the review button. */
export function DuplicateTable({
  candidates,
  loading,
  onReview,
}: {
  candidates: DuplicateCandidate[];
  loading: boolean;
  onReview: (candidate: DuplicateCandidate) => void;
}) {
  const { t } = useTranslation();
  const columns: TableColumnsType<DuplicateCandidate> = [
    {
      title: t('data.duplicates.customer'),
      key: 'customer',
      width: 260,
      render: (_, pair) => <CustomerCell customer={pair.customer} />,
    },
    {
      title: t('data.duplicates.other'),
      key: 'other',
      width: 260,
      render: (_, pair) => <CustomerCell customer={pair.other} />,
    },
    {
      title: t('data.duplicates.reason'),
      dataIndex: 'reason',
      width: 200,
      render: (reason: DuplicateCandidate['reason']) => (
        <Tag data-reason={reason}>{t(`data.duplicates.reasons.${reason}`)}</Tag>
      ),
    },
    {
      title: t('data.duplicates.score'),
      dataIndex: 'score',
      width: 100,
      render: (score: number) => <ScoreText score={score} />,
    },
    {
      title: t('data.duplicates.detectedAt'),
      dataIndex: 'detectedAt',
      width: 150,
      render: (at: string) => formatDateTime(at),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      width: 120,
      render: (_, pair) => (
        <Button type="link" size="small" onClick={() => onReview(pair)} data-testid="duplicate-review">
          {pair.status === 'open' ? t('data.duplicates.review') : t('data.duplicates.view')}
        </Button>
      ),
    },
  ];
  return (
    <Table<DuplicateCandidate>
      rowKey="id"
      data-testid="duplicate-table"
      columns={columns}
      dataSource={candidates}
      loading={loading}
      pagination={false}
      tableLayout="fixed"
      scroll={{ x: 1090 }}
      size="middle"
      locale={{ emptyText: t('data.duplicates.empty') }}
    />
  );
}
