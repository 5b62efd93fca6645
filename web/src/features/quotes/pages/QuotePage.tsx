import { FilePdfOutlined, PrinterOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, List, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { QuoteDetail } from '#src/modules/sales/quotes.schema.ts';
import { can } from '#src/modules/users/roles.ts';
import { Loading } from '../../../components/Loading.tsx';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { Facts, Panel } from '../../../components/Panel.tsx';
import { LoadError } from '../../../components/ResultPages.tsx';
import { currentLocale } from '../../../i18n/index.ts';
import { formatDateTime } from '../../../lib/format.ts';
import { useCurrentUser } from '../../auth/hooks/useSession.ts';
import { formatDay, formatMoney } from '../../customers/hooks/format.ts';
import { OrderDrawer } from '../../orders/components/OrderDrawer.tsx';
import { quotePdfUrl } from '../api/quotes.ts';
import { QuoteActions } from '../components/QuoteActions.tsx';
import { QuoteLinesTable } from '../components/QuoteLinesTable.tsx';
import { QuoteStatusTag } from '../components/QuoteStatusTag.tsx';
import { QuoteTotals } from '../components/QuoteTotals.tsx';
import { useQuote } from '../hooks/useQuotes.ts';

/** One quote: its facts, lines and totals, the actions its state allows, its versions, print and PDF. */
export function QuotePage() {
  const { id = '' } = useParams();
  const quote = useQuote(id);
  if (quote.isPending) return <Loading />;
  if (quote.isError) return <LoadError error={quote.error} onRetry={() => void quote.refetch()} />;
  return <QuoteView quote={quote.data} />;
}

function QuoteView({ quote }: { quote: QuoteDetail }) {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const mayWrite = can(user.role, 'sales.write');
  const [orderOpen, setOrderOpen] = useState(false);
  const latest = quote.revisions.at(-1);

  return (
    <div data-testid="quote-page">
      <PageHeader
        title={`${t('quotes.page')} ${quote.number} · ${t('quotes.revisionShort', { revision: quote.revision })}`}
        extra={
          <>
            <Link to={`/sales/quotes/${quote.id}/print`}>
              <Button icon={<PrinterOutlined />} data-testid="quote-print">
                {t('quotes.print')}
              </Button>
            </Link>
            <Button
              icon={<FilePdfOutlined />}
              href={quotePdfUrl(quote.id, currentLocale())}
              target="_blank"
              rel="noopener"
              data-testid="quote-pdf"
            >
              {t('quotes.pdf')}
            </Button>
          </>
        }
      />
      <Flex vertical gap={16}>
        <Flex wrap gap={8} align="center">
          <QuoteStatusTag status={quote.status} />
          {mayWrite && <QuoteActions quote={quote} />}
        </Flex>
        {quote.status === 'expired' && <Alert type="warning" showIcon title={t('quotes.expiredHint')} />}
        {quote.status === 'superseded' && latest && (
          <Alert
            type="info"
            showIcon
            title={t('quotes.supersededHint')}
            action={
              <Link to={`/sales/quotes/${latest.id}`}>
                {t('quotes.revisionShort', { revision: latest.revision })}
              </Link>
            }
          />
        )}
        {quote.orderId && (
          <Alert
            type="success"
            showIcon
            data-testid="quote-order"
            title={t('quotes.orderBooked', { ref: quote.orderRef ?? '' })}
            action={
              <Space>
                <Button size="small" onClick={() => setOrderOpen(true)} data-testid="quote-open-order">
                  {t('quotes.openOrder')}
                </Button>
                <Link to={`/orders?customerId=${quote.customerId}`}>{t('quotes.customerOrders')}</Link>
              </Space>
            }
          />
        )}
        <Panel>
          <Facts
            rows={[
              {
                label: t('quotes.customer'),
                value: <Link to={`/customers/${quote.customerId}`}>{quote.customerName}</Link>,
              },
              ...(quote.opportunityName
                ? [{ label: t('quotes.opportunity'), value: quote.opportunityName }]
                : []),
              { label: t('quotes.validUntil'), value: formatDay(quote.validUntil) },
              { label: t('quotes.currency'), value: quote.currency },
              { label: t('quotes.owner'), value: quote.ownerName ?? '—' },
              { label: t('quotes.createdAt'), value: formatDateTime(quote.createdAt) },
              ...(quote.sentAt ? [{ label: t('quotes.sentAt'), value: formatDateTime(quote.sentAt) }] : []),
              ...(quote.decidedAt
                ? [{ label: t('quotes.decidedAt'), value: formatDateTime(quote.decidedAt) }]
                : []),
              ...(quote.rejectReason
                ? [{ label: t('quotes.rejectReasonLabel'), value: quote.rejectReason }]
                : []),
            ]}
          />
        </Panel>
        <Panel title={t('quotes.lines')}>
          <QuoteLinesTable quote={quote} />
          <QuoteTotals totals={quote} currency={quote.currency} />
        </Panel>
        {(quote.terms || quote.notes) && (
          <Panel>
            <Facts
              rows={[
                ...(quote.terms
                  ? [
                      {
                        label: t('quotes.terms'),
                        value: <span style={{ whiteSpace: 'pre-wrap' }}>{quote.terms}</span>,
                      },
                    ]
                  : []),
                ...(quote.notes
                  ? [
                      {
                        label: t('quotes.notes'),
                        value: <span style={{ whiteSpace: 'pre-wrap' }}>{quote.notes}</span>,
                      },
                    ]
                  : []),
              ]}
            />
          </Panel>
        )}
        <Panel title={t('quotes.versions')} testId="quote-versions">
          <List
            size="small"
            dataSource={quote.revisions}
            renderItem={(revision) => (
              <List.Item
                extra={<Typography.Text>{formatMoney(revision.total, quote.currency)}</Typography.Text>}
              >
                <Space wrap>
                  {revision.id === quote.id ? (
                    <Typography.Text strong>
                      {t('quotes.revisionShort', { revision: revision.revision })} ({t('quotes.current')})
                    </Typography.Text>
                  ) : (
                    <Link to={`/sales/quotes/${revision.id}`}>
                      {t('quotes.revisionShort', { revision: revision.revision })}
                    </Link>
                  )}
                  <QuoteStatusTag status={revision.status} />
                  <Typography.Text type="secondary">{formatDateTime(revision.createdAt)}</Typography.Text>
                </Space>
              </List.Item>
            )}
          />
        </Panel>
      </Flex>
      <OrderDrawer orderId={orderOpen ? quote.orderId : null} onClose={() => setOrderOpen(false)} />
    </div>
  );
}
