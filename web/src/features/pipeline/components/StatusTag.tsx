import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OpportunityStatus } from '#src/modules/sales/opportunities.schema.ts';

const colors = { open: 'processing', won: 'success', lost: 'error' } as const;

export function StatusTag({ status }: { status: OpportunityStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={colors[status]} data-testid="opportunity-status">
      {t(`pipeline.status.${status}`)}
    </Tag>
  );
}
