import { PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Input, Select, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { Quote, QuoteStatus } from '#src/modules/sales/quotes.schema.ts';
import { can } from '#src/modules/users/roles.ts';
import { CellText } from '../../../components/CellText.tsx';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { LoadError } from '../../../components/ResultPages.tsx';
import { formatDateTime } from '../../../lib/format.ts';
import { useCurrentUser } from '../../auth/hooks/useSession.ts';
import { formatDay, formatMoney } from '../../customers/hooks/format.ts';
import { CustomerPicker } from '../../orders/components/CustomerPicker.tsx';
import type { QuoteFilters } from '../api/quotes.ts';
import { QuoteStatusTag, quoteStatusList } from '../components/QuoteStatusTag.tsx';
import { useQuoteList } from '../hooks/useQuotes.ts';

const ellipsis = { showTitle: false } as const;

/**
 * Quotes the user may see, newest first, filtered by number, customer and status (superseded revisions only when
 * asked for). `?customerId=` or `?opportunityId=` (links from a customer or a deal) preselect the filter and the new
 * quote's customer or opportunity.
 */
export function QuotesPage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const [params, setParams] = useSearchParams();
  const [filters, setFilters] = useState<QuoteFilters>(() => ({
    customerId: params.get('customerId') ?? undefined,
    opportunityId: params.get('opportunityId') ?? undefined,
  }));
  const [search, setSearch] = useState('');
  const list = useQuoteList(filters);

  const onFilters = (next: QuoteFilters) => {
    setFilters(next);
    setParams(
      Object.fromEntries(
        Object.entries({ customerId: next.customerId, opportunityId: next.opportunityId }).filter(
          (entry): entry is [string, string] => entry[1] !== undefined,
        ),
      ),
      { replace: true },
    );
  };
  const newQuery = filters.opportunityId
    ? `?opportunityId=${filters.opportunityId}`
    : filters.customerId
      ? `?customerId=${filters.customerId}`
      : '';

  const columns: TableColumnsType<Quote> = [
    {
      title: t('quotes.number'),
      dataIndex: 'number',
      width: 200,
      render: (number: string, quote) => (
        <Link to={`/sales/quotes/${quote.id}`} data-testid="quote-link">
          <span style={{ fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace' }}>
            {number}
          </span>
          {quote.revision > 1 && (
            <Typography.Text type="secondary" style={{ marginInlineStart: 6 }}>
              {t('quotes.revisionShort', { revision: quote.revision })}
            </Typography.Text>
          )}
        </Link>
      ),
    },
    {
      title: t('quotes.customer'),
      key: 'customer',
      width: 220,
      ellipsis,
      render: (_, quote) => (
        <CellText value={quote.customerName}>
          <Link to={`/customers/${quote.customerId}`}>{quote.customerName}</Link>
        </CellText>
      ),
    },
    {
      title: t('common.status'),
      dataIndex: 'status',
      width: 120,
      render: (status: QuoteStatus) => <QuoteStatusTag status={status} />,
    },
    {
      title: t('quotes.validUntil'),
      dataIndex: 'validUntil',
      width: 140,
      render: (day: string) => formatDay(day),
    },
    {
      title: t('quotes.total'),
      dataIndex: 'total',
      width: 150,
      align: 'right',
      render: (total: number, quote) => formatMoney(total, quote.currency),
    },
    {
      title: t('quotes.owner'),
      dataIndex: 'ownerName',
      width: 140,
      ellipsis,
      render: (name: string | null) => <CellText value={name} />,
    },
    {
      title: t('quotes.createdAt'),
      dataIndex: 'createdAt',
      width: 150,
      render: (at: string) => formatDateTime(at),
    },
  ];

  return (
    <div data-testid="quotes-page">
      <PageHeader
        title={t('quotes.title')}
        extra={
          can(user.role, 'sales.write') && (
            <Link to={`/sales/quotes/new${newQuery}`}>
              <Button type="primary" icon={<PlusOutlined />} data-testid="quote-create">
                {t('quotes.create')}
              </Button>
            </Link>
          )
        }
      />
      <Flex wrap gap={8} style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          placeholder={t('quotes.searchPlaceholder')}
          value={search}
          onChange={(event) => setSearch(event.target.value)}
          onSearch={(q) => onFilters({ ...filters, q: q.trim() || undefined })}
          style={{ width: 240 }}
          data-testid="quote-search"
        />
        <CustomerPicker
          placeholder={t('quotes.customer')}
          value={filters.customerId}
          onChange={(customerId) => onFilters({ ...filters, customerId })}
          style={{ width: 240 }}
        />
        <Select<QuoteStatus[]>
          mode="multiple"
          allowClear
          maxTagCount="responsive"
          placeholder={t('quotes.statusFilter')}
          value={filters.status ?? []}
          options={quoteStatusList.map((value) => ({ value, label: t(`quotes.statuses.${value}`) }))}
          onChange={(status) => onFilters({ ...filters, status: status.length > 0 ? status : undefined })}
          style={{ width: 240 }}
        />
      </Flex>
      {list.isError ? (
        <LoadError error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table<Quote>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={list.quotes}
          loading={list.isPending}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('quotes.empty') }}
          data-testid="quote-table"
        />
      )}
      <Flex justify="center" style={{ marginTop: 16 }}>
        {list.hasNextPage ? (
          <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
            {t('common.loadMore')}
          </Button>
        ) : (
          list.quotes.length > 0 && <Typography.Text type="secondary">{t('common.noMore')}</Typography.Text>
        )}
      </Flex>
    </div>
  );
}
