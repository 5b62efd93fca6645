import { Progress, Typography } from 'antd';
import { formatPercent } from '../../analytics/hooks/format.ts';

/** A target's attainment as a bar; over 100% shows full and green. */
export function Attainment({ value }: { value: number | null }) {
  if (value === null) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Progress
      percent={Math.round(value * 1000) / 10}
      size="small"
      status={value >= 1 ? 'success' : 'normal'}
      format={() => formatPercent(value)}
      style={{ minWidth: 120, margin: 0 }}
    />
  );
}
