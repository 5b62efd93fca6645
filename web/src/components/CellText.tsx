import { Tooltip, Typography } from 'antd';
import type { ReactNode } from 'react';

/**
 * Table cell text that stays on one line: cut with an ellipsis, the whole text in a tooltip. Use with a
 * column that has `ellipsis: { showTitle: false }` and a width.
 */
export function CellText({
  value,
  children,
  code,
}: {
  value: string | null | undefined;
  children?: ReactNode;
  code?: boolean;
}) {
  if (!value) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Tooltip title={value} placement="topLeft" mouseEnterDelay={0.4}>
      <span
        style={code ? { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace' } : undefined}
      >
        {children ?? value}
      </span>
    </Tooltip>
  );
}
