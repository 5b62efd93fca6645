import { UnorderedListOutlined } from '@ant-design/icons';
import { Tooltip } from 'antd';
import { Link } from 'react-router';
import type { AbcClass } from '#src/modules/analytics/abc.schema.ts';
import type { RfmSegment } from '#src/modules/analytics/rfm.segments.ts';

/**
 * A link from a segment or class to the customer list filtered by the score stored on customers
 * (`/customers?rfmSegment=champions`, `?valueClass=A`); the tooltip says those scores are as of the last recompute,
 * which may differ from the analysis on screen.
 */
export function CustomerListLink({
  filter,
  label,
  tooltip,
  testId,
}: {
  filter: { rfmSegment: RfmSegment } | { valueClass: AbcClass };
  label: string;
  tooltip: string;
  testId: string;
}) {
  return (
    <Tooltip title={tooltip}>
      <Link
        to={`/customers?${new URLSearchParams(filter).toString()}`}
        aria-label={label}
        data-testid={testId}
        style={{ marginInlineStart: 8 }}
      >
        <UnorderedListOutlined />
      </Link>
    </Tooltip>
  );
}
