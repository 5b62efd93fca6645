import { Typography } from 'antd';
import type { ReactNode } from 'react';
import { Panel } from '../../../components/Panel.tsx';

/**
 * A dashboard's chart (under the hint of what a click on it opens) above its table; `empty`, when the analysis
 * found nothing to chart, in their place.
 */
export function ChartAndTable({
  empty,
  chartTitle,
  chartTestId,
  hint,
  chart,
  tableTitle,
  table,
}: {
  empty: string | false;
  chartTitle: string;
  chartTestId: string;
  hint: string;
  chart: ReactNode;
  tableTitle: string;
  table: ReactNode;
}) {
  if (empty !== false)
    return (
      <Panel>
        <Typography.Text type="secondary" data-testid="analysis-empty">
          {empty}
        </Typography.Text>
      </Panel>
    );
  return (
    <div style={{ display: 'grid', gap: 16 }}>
      <Panel title={chartTitle} testId={chartTestId}>
        <Typography.Paragraph type="secondary">{hint}</Typography.Paragraph>
        {chart}
      </Panel>
      <Panel title={tableTitle}>{table}</Panel>
    </div>
  );
}
