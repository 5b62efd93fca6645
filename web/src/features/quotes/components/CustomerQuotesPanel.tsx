import { PlusOutlined } from '@ant-design/icons';
import { Button, Flex, List, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { can } from '#src/modules/users/roles.ts';
import { Panel } from '../../../components/Panel.tsx';
import { useCurrentUser } from '../../auth/hooks/useSession.ts';
import { formatMoney } from '../../customers/hooks/format.ts';
import { useQuoteList } from '../hooks/useQuotes.ts';
import { QuoteStatusTag } from './QuoteStatusTag.tsx';

const shown = 5;

/** The customer's newest quotes (current revisions) with their status and total, and a new quote for them. */
export function CustomerQuotesPanel({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const list = useQuoteList({ customerId });
  const quotes = list.quotes.slice(0, shown);
  return (
    <Panel
      testId="customer-quotes"
      title={
        <Flex justify="space-between" align="center" gap={8}>
          <span>{t('quotes.title')}</span>
          {can(user.role, 'sales.write') && (
            <Link to={`/sales/quotes/new?customerId=${customerId}`}>
              <Button size="small" icon={<PlusOutlined />}>
                {t('quotes.create')}
              </Button>
            </Link>
          )}
        </Flex>
      }
    >
      <List
        size="small"
        loading={list.isPending}
        dataSource={quotes}
        locale={{ emptyText: t('quotes.empty') }}
        renderItem={(quote) => (
          <List.Item extra={<Typography.Text>{formatMoney(quote.total, quote.currency)}</Typography.Text>}>
            <Flex gap={8} wrap align="center">
              <Link to={`/sales/quotes/${quote.id}`}>
                {quote.number}
                {quote.revision > 1 ? ` · ${t('quotes.revisionShort', { revision: quote.revision })}` : ''}
              </Link>
              <QuoteStatusTag status={quote.status} />
            </Flex>
          </List.Item>
        )}
      />
      {list.quotes.length > shown && (
        <Link to={`/sales/quotes?customerId=${customerId}`}>{t('quotes.title')} →</Link>
      )}
    </Panel>
  );
}
