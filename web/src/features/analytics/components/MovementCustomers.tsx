import { Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import type { RfmMovement, RfmMovementCustomer } from '#src/modules/analytics/rfm.schema.ts';
import type { RfmSegment } from '#src/modules/analytics/rfm.segments.ts';
import type { CsvColumn } from '../hooks/csv.ts';
import { formatDay, formatNumber } from '../hooks/format.ts';
import { useRfmMovementCustomers } from '../hooks/useAnalytics.ts';
import { CustomersDrawer } from './CustomersDrawer.tsx';
import { SegmentDot } from './SegmentTable.tsx';

export type Move = RfmMovement['movements'][number];

/**
 * The customers of one cell of the movement matrix: in segment `from` in the earlier snapshot and `to` in the
 * later (null: not scored there), in the server's order (by customer id), with what the cell stands for in words.
 */
export function MovementCustomers({
  movement,
  picked,
  segmentName,
  onClose,
}: {
  movement: RfmMovement;
  picked: Move | null;
  segmentName: (segment: RfmSegment | null, side: 'from' | 'to') => string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const cell = picked && {
    from: movement.from.id,
    to: movement.to.id,
    fromSegment: picked.from ?? ('none' as const),
    toSegment: picked.to ?? ('none' as const),
  };
  const list = useRfmMovementCustomers(cell);

  const segmentColumn = (
    side: 'from' | 'to',
    day: string,
  ): TableColumnsType<RfmMovementCustomer>[number] => ({
    title: t('analytics.rfm.segmentOn', { day: formatDay(day) }),
    dataIndex: side === 'from' ? 'fromSegment' : 'toSegment',
    width: 170,
    render: (segment: RfmSegment | null) =>
      segment ? (
        <span>
          <SegmentDot segment={segment} />
          {segmentName(segment, side)}
        </span>
      ) : (
        <Typography.Text type="secondary">{segmentName(null, side)}</Typography.Text>
      ),
  });
  const columns: TableColumnsType<RfmMovementCustomer> = [
    segmentColumn('from', movement.from.asOf),
    segmentColumn('to', movement.to.asOf),
  ];

  const csvColumns: CsvColumn<RfmMovementCustomer>[] = [
    {
      header: t('analytics.rfm.segmentOn', { day: movement.from.asOf }),
      value: (row) => segmentName(row.fromSegment, 'from'),
    },
    {
      header: t('analytics.rfm.segmentOn', { day: movement.to.asOf }),
      value: (row) => segmentName(row.toSegment, 'to'),
    },
  ];

  const explanation =
    picked &&
    (picked.from !== null && picked.from === picked.to
      ? t('analytics.rfm.movedSame', {
          number: formatNumber(picked.customers),
          from: segmentName(picked.from, 'from'),
        })
      : t('analytics.rfm.movedCell', {
          number: formatNumber(picked.customers),
          from: segmentName(picked.from, 'from'),
          to: segmentName(picked.to, 'to'),
        }));

  return (
    <CustomersDrawer<RfmMovementCustomer>
      open={picked !== null}
      title={
        picked
          ? t('analytics.rfm.movementCustomers', {
              from: segmentName(picked.from, 'from'),
              to: segmentName(picked.to, 'to'),
              number: formatNumber(picked.customers),
            })
          : ''
      }
      intro={picked && <Typography.Paragraph data-testid="movement-cell">{explanation}</Typography.Paragraph>}
      total={picked?.customers}
      list={list}
      columns={columns}
      csv={
        cell && {
          fileName: `rfm-movement-${cell.fromSegment}-${cell.toSegment}-${movement.from.asOf}-${movement.to.asOf}.csv`,
          columns: csvColumns,
        }
      }
      onClose={onClose}
    />
  );
}
