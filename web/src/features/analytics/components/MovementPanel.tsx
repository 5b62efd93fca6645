import { CameraOutlined } from '@ant-design/icons';
import { Alert, Button, Empty, Select, Spin, Typography } from 'antd';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RfmSnapshot } from '#src/modules/analytics/rfm.schema.ts';
import type { RfmSegment } from '#src/modules/analytics/rfm.segments.ts';
import { useNotify } from '../../../lib/notify.tsx';
import { problemMessage, useApiError } from '../../../lib/useApiError.ts';
import type { RfmOptions } from '../api/analytics.ts';
import { EChart } from '../charts/EChart.tsx';
import { escapeHtml } from '../charts/echarts.ts';
import type { ChartOption, ChartParams } from '../charts/echarts.ts';
import { movementMatrix } from '../hooks/chartData.ts';
import { toCsv } from '../hooks/csv.ts';
import { formatDay, formatNumber, formatPercent } from '../hooks/format.ts';
import { useCreateRfmSnapshot, useRfmMovement, useRfmSnapshots } from '../hooks/useAnalytics.ts';
import { CsvButton } from './CsvButton.tsx';
import { MovementCustomers, type Move } from './MovementCustomers.tsx';

/**
 * How customers moved between segments from one stored snapshot to another, as a from × to matrix whose cells open
 * their customers; staff who may store snapshots can take one as of the dashboard's day.
 */
export function MovementPanel({
  options,
  asOf,
  maySnapshot,
}: {
  options: RfmOptions;
  /** The day the dashboard shows, which a new snapshot is taken as of. */
  asOf: string;
  maySnapshot: boolean;
}) {
  const { t } = useTranslation();
  const message = useNotify();
  const showError = useApiError();
  const snapshots = useRfmSnapshots();
  const create = useCreateRfmSnapshot();
  const [from, setFrom] = useState<string>();
  const [to, setTo] = useState<string>();
  const [picked, setPicked] = useState<Move | null>(null);
  const list = snapshots.data?.items ?? [];
  const movement = useRfmMovement({ from, to }, list.length >= 2);

  const segmentName = useCallback(
    (segment: RfmSegment | null, side: 'from' | 'to') =>
      segment
        ? t(`analytics.rfm.segments.${segment}`)
        : side === 'from'
          ? t('analytics.rfm.newBuyers')
          : t('analytics.rfm.gone'),
    [t],
  );
  const snapshotLabel = (snapshot: RfmSnapshot) =>
    t('analytics.rfm.snapshotLabel', {
      day: formatDay(snapshot.asOf),
      currency: snapshot.currency,
      number: formatNumber(snapshot.customers),
    });

  const data = movement.data;
  const matrix = useMemo(() => (data ? movementMatrix(data) : null), [data]);
  const option = useMemo((): ChartOption | null => {
    if (!matrix) return null;
    const max = Math.max(1, ...matrix.cells.map((cell) => cell[2]));
    return {
      tooltip: {
        formatter: (params) => {
          const [x, y, count] = (params as ChartParams).value as [number, number, number];
          const fromName = segmentName(matrix.rows[y] ?? null, 'from');
          const toName = segmentName(matrix.columns[x] ?? null, 'to');
          return escapeHtml(`${fromName} → ${toName}: ${formatNumber(count)}`);
        },
      },
      grid: { left: 8, right: 16, top: 8, bottom: 8 },
      xAxis: {
        type: 'category',
        data: matrix.columns.map((segment) => segmentName(segment, 'to')),
        axisLabel: { rotate: 35, interval: 0, fontSize: 11 },
        splitArea: { show: true },
      },
      yAxis: {
        type: 'category',
        inverse: true,
        data: matrix.rows.map((segment) => segmentName(segment, 'from')),
        axisLabel: { interval: 0, fontSize: 11 },
        splitArea: { show: true },
      },
      visualMap: {
        show: false,
        min: 0,
        max,
        inRange: { color: ['#e6f4ff', '#0958d9'] },
      },
      series: [
        {
          type: 'heatmap',
          data: matrix.cells,
          label: {
            show: true,
            fontSize: 11,
            formatter: (params) => formatNumber((params.value as number[])[2] ?? 0),
          },
          itemStyle: { borderColor: '#fff', borderWidth: 1 },
          emphasis: { itemStyle: { borderColor: '#000', borderWidth: 1 } },
        },
      ],
    };
  }, [matrix, segmentName]);

  const takeSnapshot = () =>
    create.mutate(
      { asOf: options.asOf ?? asOf, currency: options.currency },
      {
        onSuccess: (snapshot) => {
          void message.success(t('analytics.rfm.snapshotTaken', { day: formatDay(snapshot.asOf) }));
          setFrom(undefined);
          setTo(undefined);
        },
        onError: (error) => showError(error),
      },
    );

  const snapshotButton = maySnapshot && (
    <Button
      icon={<CameraOutlined />}
      onClick={takeSnapshot}
      loading={create.isPending}
      data-testid="take-snapshot"
    >
      {t('analytics.rfm.takeSnapshot', { day: formatDay(options.asOf ?? asOf) })}
    </Button>
  );

  if (snapshots.isPending) return <Spin />;
  if (snapshots.isError) return <Alert type="error" showIcon title={problemMessage(t, snapshots.error)} />;
  if (list.length < 2)
    return (
      <Empty
        image={Empty.PRESENTED_IMAGE_SIMPLE}
        description={list.length === 0 ? t('analytics.rfm.noSnapshots') : t('analytics.rfm.oneSnapshot')}
        data-testid="movement-empty"
      >
        {snapshotButton}
      </Empty>
    );

  const csvRows = data?.movements ?? [];
  return (
    <div data-testid="movement-panel">
      <Typography.Paragraph type="secondary">{t('analytics.rfm.movementHint')}</Typography.Paragraph>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center', marginBottom: 12 }}>
        <span>{t('analytics.rfm.fromSnapshot')}</span>
        <Select
          style={{ minWidth: 240 }}
          value={from ?? data?.from.id}
          onChange={(id) => {
            setFrom(id);
            setTo(to ?? data?.to.id);
            setPicked(null);
          }}
          options={list.map((snapshot) => ({ value: snapshot.id, label: snapshotLabel(snapshot) }))}
          data-testid="movement-from"
        />
        <span>{t('analytics.rfm.toSnapshot')}</span>
        <Select
          style={{ minWidth: 240 }}
          value={to ?? data?.to.id}
          onChange={(id) => {
            setTo(id);
            setFrom(from ?? data?.from.id);
            setPicked(null);
          }}
          options={list.map((snapshot) => ({ value: snapshot.id, label: snapshotLabel(snapshot) }))}
          data-testid="movement-to"
        />
        {snapshotButton}
        <CsvButton
          fileName={`rfm-movement-${data?.from.asOf ?? ''}-${data?.to.asOf ?? ''}.csv`}
          disabled={!data}
          testId="movement-csv"
          build={() => ({
            rows: csvRows.length,
            text: toCsv<Move>(
              [
                { header: 'from', value: (row) => row.from ?? '' },
                { header: t('analytics.rfm.fromSnapshot'), value: (row) => segmentName(row.from, 'from') },
                { header: 'to', value: (row) => row.to ?? '' },
                { header: t('analytics.rfm.toSnapshot'), value: (row) => segmentName(row.to, 'to') },
                { header: t('analytics.common.customers'), value: (row) => row.customers },
              ],
              csvRows,
            ),
          })}
        />
      </div>
      {movement.isError ? (
        <Alert type="error" showIcon title={problemMessage(t, movement.error)} />
      ) : data && matrix && option ? (
        <>
          <Typography.Paragraph data-testid="movement-summary">
            {t('analytics.rfm.stayed')}: {formatNumber(matrix.stayed)} (
            {formatPercent(matrix.total ? matrix.stayed / matrix.total : 0)}) · {t('analytics.rfm.moved')}:{' '}
            {formatNumber(matrix.total - matrix.stayed)}
          </Typography.Paragraph>
          <EChart
            option={option}
            height={520}
            label={t('analytics.rfm.movementChartLabel')}
            testId="movement-matrix"
            onClick={(event) => {
              const [x, y, customers] = event.value as [number, number, number];
              setPicked({ from: matrix.rows[y] ?? null, to: matrix.columns[x] ?? null, customers });
            }}
          />
          <MovementCustomers
            movement={data}
            picked={picked}
            segmentName={segmentName}
            onClose={() => setPicked(null)}
          />
        </>
      ) : (
        <Spin />
      )}
    </div>
  );
}
