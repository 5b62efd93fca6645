import { Alert, Col, Flex, Row, Segmented, Statistic, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ForecastRow } from '#src/modules/sales/forecast.schema.ts';
import type { FunnelStage } from '#src/modules/sales/funnel.schema.ts';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { Panel } from '../../../components/Panel.tsx';
import { LoadError } from '../../../components/ResultPages.tsx';
import { EChart } from '../../analytics/charts/EChart.tsx';
import { formatMoney, formatNumber, formatPercent } from '../../analytics/hooks/format.ts';
import { forecastChart, funnelChart } from '../charts/forecastCharts.ts';
import { Attainment } from '../components/Attainment.tsx';
import { periodLabel } from '../hooks/periods.ts';
import { useForecast, useFunnel } from '../hooks/useForecast.ts';

/** The forecast per period against targets, the funnel of recent deals and the sales velocity. */
export function ForecastPage() {
  const { t } = useTranslation();
  const [period, setPeriod] = useState<'month' | 'quarter'>('month');
  const [groupBy, setGroupBy] = useState<'owner' | 'team'>('owner');
  const forecast = useForecast({ period, groupBy });
  const funnel = useFunnel({});
  const data = forecast.data;
  const chart = useMemo(() => (data ? forecastChart(data, t) : null), [data, t]);
  const stageName = (stage: FunnelStage) =>
    stage.key ? t(`forecast.stages.${stage.key}`, { defaultValue: stage.name }) : stage.name;
  const money = (value: number) => (data ? formatMoney(value, data.currency) : '');

  const columns: TableColumnsType<ForecastRow> = [
    {
      title: t('forecast.periodColumn'),
      dataIndex: 'periodStart',
      render: (start: string) => periodLabel(start, period),
    },
    {
      title: t(`forecast.${groupBy}`),
      dataIndex: 'groupName',
      render: (name: string | null) => name ?? t('forecast.unassigned'),
    },
    { title: t('forecast.won'), dataIndex: 'won', align: 'right', render: money },
    { title: t('forecast.commit'), dataIndex: 'commit', align: 'right', render: money },
    { title: t('forecast.bestCase'), dataIndex: 'bestCase', align: 'right', render: money },
    { title: t('forecast.pipeline'), dataIndex: 'pipeline', align: 'right', render: money },
    { title: t('forecast.weighted'), dataIndex: 'weighted', align: 'right', render: money },
    {
      title: t('forecast.target'),
      dataIndex: 'target',
      align: 'right',
      render: (value: number | null) => (value === null ? '—' : money(value)),
    },
    {
      title: t('forecast.attainment'),
      dataIndex: 'attainment',
      render: (value: number | null) => <Attainment value={value} />,
    },
  ];

  const sum = (key: 'won' | 'commit' | 'bestCase' | 'pipeline' | 'weighted') =>
    data?.totals.reduce((total, row) => total + row[key], 0) ?? 0;
  const targets = data?.totals.filter((row) => row.target !== null) ?? [];
  const targetSum = targets.reduce((total, row) => total + (row.target ?? 0), 0);
  const wonInTargetPeriods = targets.reduce((total, row) => total + row.won, 0);
  const left = data?.leftOut;
  const leftCount = left?.otherCurrencies.reduce((total, row) => total + row.count, 0) ?? 0;

  return (
    <div data-testid="forecast-page">
      <PageHeader
        title={t('forecast.title')}
        extra={
          <Flex gap={8} wrap>
            <Segmented
              data-testid="forecast-period"
              value={period}
              onChange={(value) => setPeriod(value as 'month' | 'quarter')}
              options={[
                { value: 'month', label: t('forecast.month') },
                { value: 'quarter', label: t('forecast.quarter') },
              ]}
            />
            <Segmented
              data-testid="forecast-group"
              value={groupBy}
              onChange={(value) => setGroupBy(value as 'owner' | 'team')}
              options={[
                { value: 'owner', label: t('forecast.owner') },
                { value: 'team', label: t('forecast.team') },
              ]}
            />
          </Flex>
        }
      />
      <Typography.Paragraph type="secondary">{t('forecast.intro')}</Typography.Paragraph>
      {forecast.isError && <LoadError error={forecast.error} onRetry={() => void forecast.refetch()} />}
      {data && (
        <Flex vertical gap={16}>
          <Panel testId="forecast-totals">
            <Row gutter={[16, 16]}>
              {(['won', 'commit', 'bestCase', 'pipeline', 'weighted'] as const).map((key) => (
                <Col xs={12} md={8} xl={4} key={key}>
                  <Statistic
                    title={t(`forecast.${key}`)}
                    value={money(sum(key))}
                    data-testid={`total-${key}`}
                  />
                </Col>
              ))}
              <Col xs={12} md={8} xl={4}>
                <Statistic
                  title={t('forecast.attainment')}
                  value={targetSum > 0 ? formatPercent(wonInTargetPeriods / targetSum) : '—'}
                  data-testid="total-attainment"
                />
              </Col>
            </Row>
            {left && (leftCount > 0 || left.undated > 0) && (
              <Alert
                style={{ marginTop: 12 }}
                type="info"
                showIcon
                title={t('forecast.leftOut', {
                  count: leftCount,
                  currencies: left.otherCurrencies.map((row) => row.currency).join(', ') || '—',
                  undated: left.undated,
                })}
              />
            )}
          </Panel>
          <Panel title={t('forecast.chartTitle')} testId="forecast-chart">
            {chart && <EChart option={chart} height={320} label={t('forecast.chartTitle')} />}
          </Panel>
          <Panel title={t('forecast.tableTitle', { group: t(`forecast.${groupBy}`).toLowerCase() })}>
            <Table<ForecastRow>
              data-testid="forecast-table"
              size="small"
              rowKey={(row) => `${row.periodStart} ${row.groupId ?? ''}`}
              columns={columns}
              dataSource={data.rows}
              pagination={false}
              scroll={{ x: 'max-content' }}
              locale={{ emptyText: t('forecast.noData') }}
            />
          </Panel>
        </Flex>
      )}
      {funnel.data && (
        <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
          <Col xs={24} xl={16}>
            <Panel
              title={t('forecast.funnelTitle', { from: funnel.data.from, to: funnel.data.to })}
              testId="funnel-panel"
            >
              <Row gutter={16}>
                <Col xs={24} md={12}>
                  <EChart
                    option={funnelChart(funnel.data, stageName)}
                    height={260}
                    label={t('forecast.funnelTitle', { from: funnel.data.from, to: funnel.data.to })}
                  />
                </Col>
                <Col xs={24} md={12}>
                  <Table<FunnelStage>
                    size="small"
                    rowKey="stageId"
                    pagination={false}
                    dataSource={funnel.data.stages}
                    columns={[
                      { title: t('forecast.stage'), render: (_, stage) => stageName(stage) },
                      { title: t('forecast.reached'), dataIndex: 'reached', align: 'right' },
                      {
                        title: t('forecast.conversion'),
                        dataIndex: 'conversion',
                        align: 'right',
                        render: (value: number | null) => (value === null ? '—' : formatPercent(value)),
                      },
                      {
                        title: t('forecast.averageDays'),
                        dataIndex: 'averageDays',
                        align: 'right',
                        render: (value: number | null) =>
                          value === null ? '—' : formatNumber(value, { maximumFractionDigits: 1 }),
                      },
                    ]}
                  />
                </Col>
              </Row>
            </Panel>
          </Col>
          <Col xs={24} xl={8}>
            <Panel title={t('forecast.velocityTitle')} testId="velocity-card">
              <Statistic
                title={t('forecast.velocity')}
                value={
                  funnel.data.velocity === null
                    ? '—'
                    : formatMoney(funnel.data.velocity, funnel.data.currency)
                }
              />
              <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
                {t('forecast.velocityFormula')}
              </Typography.Paragraph>
              <Row gutter={[8, 8]}>
                <Col span={12}>
                  <Statistic title={t('forecast.openDeals')} value={funnel.data.open} />
                </Col>
                <Col span={12}>
                  <Statistic
                    title={t('forecast.winRate')}
                    value={funnel.data.winRate === null ? '—' : formatPercent(funnel.data.winRate)}
                  />
                </Col>
                <Col span={12}>
                  <Statistic
                    title={t('forecast.averageWon')}
                    value={
                      funnel.data.averageWonAmount === null
                        ? '—'
                        : formatMoney(funnel.data.averageWonAmount, funnel.data.currency)
                    }
                  />
                </Col>
                <Col span={12}>
                  <Statistic
                    title={t('forecast.averageCycle')}
                    value={
                      funnel.data.averageCycleDays === null
                        ? '—'
                        : t('forecast.days', { count: Math.round(funnel.data.averageCycleDays) })
                    }
                  />
                </Col>
              </Row>
            </Panel>
          </Col>
        </Row>
      )}
    </div>
  );
}
