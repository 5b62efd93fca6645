import { CalendarOutlined, QuestionCircleOutlined, ReloadOutlined, SyncOutlined } from '@ant-design/icons';
import { Button, Tag, theme, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { can } from '#src/modules/users/roles.ts';
import { isApiError } from '../../../lib/api.ts';
import { useNotify } from '../../../lib/notify.tsx';
import { problemMessage, useApiError } from '../../../lib/useApiError.ts';
import { useCurrentUser } from '../../auth/hooks/useSession.ts';
import { formatDay, formatMoment, formatNumber } from '../hooks/format.ts';
import { useFollowedScores, useRecomputeScores } from '../hooks/useAnalytics.ts';

/**
 * The scores stored on every customer (value class, RFM segment, lifetime value; the customer list filters by them):
 * the day they are as of, when they were computed and how many customers they cover, a recompute that is running
 * or has failed, and for staff who may, a button to recompute them now. Shared by the RFM and ABC pages, whose
 * own analysis may be as of another day.
 */
export function ScoresPanel() {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const user = useCurrentUser();
  const message = useNotify();
  const showError = useApiError();
  const status = useFollowedScores();
  const recompute = useRecomputeScores();
  const latest = status.data?.latest ?? null;
  const current = status.data?.current ?? null;
  const running = latest?.status === 'running' ? latest : null;
  // The latest run failed: the customers keep the scores of the current (last finished) run.
  const failed = latest?.status === 'failed' ? latest : null;

  const start = () =>
    recompute.mutate(undefined, {
      onError: (error) => {
        if (isApiError(error, 409)) void message.info(t('analytics.scores.alreadyRunning'));
        else showError(error);
      },
    });

  return (
    <section
      data-testid="scores-panel"
      data-status={latest?.status ?? 'none'}
      data-run-id={current?.id}
      style={{
        display: 'flex',
        flexWrap: 'wrap',
        alignItems: 'center',
        gap: '6px 8px',
        padding: '8px 12px',
        marginBottom: 16,
        background: token.colorFillQuaternary,
        border: `1px solid ${token.colorBorderSecondary}`,
        borderRadius: token.borderRadiusLG,
      }}
    >
      <Typography.Text strong>{t('analytics.scores.title')}</Typography.Text>
      <Tooltip title={t('analytics.scores.hint')}>
        <QuestionCircleOutlined
          aria-label={t('analytics.scores.hint')}
          style={{ color: token.colorTextSecondary, marginInlineEnd: 4 }}
        />
      </Tooltip>
      {status.isError ? (
        <Typography.Text type="danger">{problemMessage(t, status.error)}</Typography.Text>
      ) : current ? (
        <>
          <Tag
            icon={<CalendarOutlined />}
            color="blue"
            style={{ marginInlineEnd: 0 }}
            data-testid="scores-as-of"
            data-day={current.asOf}
          >
            {t('analytics.scores.asOf', { day: formatDay(current.asOf) })}
          </Tag>
          <Tag style={{ marginInlineEnd: 0 }} data-testid="scores-customers">
            {t('analytics.scores.customers', { number: formatNumber(current.customers ?? 0) })}
          </Tag>
          <Tag style={{ marginInlineEnd: 0 }} data-testid="scores-clv">
            {t('analytics.scores.clvCustomers', { number: formatNumber(current.clvCustomers ?? 0) })}
          </Tag>
          <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="scores-computed">
            {t('analytics.scores.computed', { moment: formatMoment(current.finishedAt) })}
          </Typography.Text>
          {current.clvCustomers === 0 && (
            <Tag color="warning" style={{ marginInlineEnd: 0 }} data-testid="scores-no-clv">
              {t('analytics.scores.noClv')}
            </Tag>
          )}
          {/* The server's words: why lifetime value was left out (developer detail, not translated). */}
          {current.message && (
            <Typography.Text type="warning" style={{ fontSize: 12 }} data-testid="scores-message">
              {current.message}
            </Typography.Text>
          )}
        </>
      ) : (
        !status.isPending &&
        !running && (
          <Typography.Text type="secondary" data-testid="scores-none">
            {t('analytics.scores.none')}
          </Typography.Text>
        )
      )}
      {failed && (
        <Typography.Text type="danger" style={{ fontSize: 12 }} data-testid="scores-failed">
          {t('analytics.scores.failed', {
            day: formatDay(failed.asOf),
            moment: formatMoment(failed.finishedAt),
          })}
          {failed.message && `: ${failed.message}`}
        </Typography.Text>
      )}
      {/* A running recompute takes the button's place: one at a time. */}
      {running ? (
        <Tag
          icon={<SyncOutlined spin />}
          color="processing"
          style={{ marginInlineStart: 'auto', marginInlineEnd: 0 }}
          data-testid="scores-running"
        >
          {t('analytics.scores.running', { day: formatDay(running.asOf) })}
        </Tag>
      ) : (
        can(user.role, 'analytics.scores') && (
          <Button
            size="small"
            icon={<ReloadOutlined />}
            loading={recompute.isPending}
            onClick={start}
            style={{ marginInlineStart: 'auto' }}
            data-testid="scores-recompute"
          >
            {t('analytics.scores.recompute')}
          </Button>
        )
      )}
    </section>
  );
}
