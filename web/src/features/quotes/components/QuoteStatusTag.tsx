import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { QuoteStatus } from '#src/modules/sales/quotes.schema.ts';

const statusColors: Record<QuoteStatus, string> = {
  draft: 'default',
  sent: 'blue',
  accepted: 'green',
  rejected: 'red',
  expired: 'orange',
  superseded: 'default',
};

/** Every quote status in lifecycle order (the record above makes the compiler check that none is missing). */
export const quoteStatusList = Object.keys(statusColors) as QuoteStatus[];

export function QuoteStatusTag({ status }: { status: QuoteStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={statusColors[status]} data-status={status} data-testid="quote-status">
      {t(`quotes.statuses.${status}`)}
    </Tag>
  );
}
