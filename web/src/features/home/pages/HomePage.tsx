import { AuditOutlined, TeamOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Tag, theme } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Facts, Panel } from '../../../components/Panel.tsx';
import { problemMessage } from '../../../lib/useApiError.ts';
import { useCurrentUser } from '../../auth/hooks/useSession.ts';
import { useHealth } from '../hooks/useHealth.ts';

const grid = {
  display: 'grid',
  gridTemplateColumns: 'repeat(auto-fit, minmax(min(100%, 320px), 1fr))',
  gap: 16,
};

function Dot({ ok }: { ok: boolean }) {
  const { token } = theme.useToken();
  const color = ok ? token.colorSuccess : token.colorError;
  return (
    <span
      style={{
        display: 'inline-block',
        width: 8,
        height: 8,
        borderRadius: 4,
        background: color,
        marginInlineEnd: 8,
      }}
    />
  );
}

function Shortcut({ to, icon, title, hint }: { to: string; icon: ReactNode; title: string; hint: string }) {
  const { token } = theme.useToken();
  return (
    <Link to={to} style={{ color: 'inherit' }}>
      <Panel style={{ height: '100%' }}>
        <div style={{ display: 'flex', gap: 12 }}>
          <span style={{ fontSize: 20, color: token.colorPrimary }}>{icon}</span>
          <div style={{ minWidth: 0 }}>
            <div style={{ fontWeight: 600 }}>{title}</div>
            <div style={{ color: token.colorTextSecondary }}>{hint}</div>
          </div>
        </div>
      </Panel>
    </Link>
  );
}

function SystemPanel() {
  const { t } = useTranslation();
  const health = useHealth();
  const db = health.data?.db;
  return (
    <Panel title={t('home.system')} testId="system-health">
      {health.isPending && <span>{t('common.loading')}</span>}
      {health.isError && (
        <Alert
          type="error"
          showIcon
          title={t('home.healthFailed')}
          description={problemMessage(t, health.error)}
        />
      )}
      {health.data && (
        <Facts
          rows={[
            {
              label: t('home.health'),
              value: (
                <>
                  <Dot ok={health.data.status === 'ok'} />
                  {health.data.status === 'ok' ? t('home.healthy') : t('home.unhealthy')}
                </>
              ),
            },
            {
              label: t('home.database'),
              value: db === 'pglite' ? t('home.pglite') : db === 'postgres' ? t('home.postgres') : db,
            },
            { label: t('home.version'), value: health.data.version },
          ]}
        />
      )}
    </Panel>
  );
}

/** The first screen after signing in: who you are, what you can open, and whether the system is well. */
export function HomePage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const isAdmin = user.role === 'admin';
  return (
    <div data-testid="home-page">
      <h2 style={{ marginTop: 0, fontSize: 24, fontWeight: 600, overflowWrap: 'anywhere' }}>
        {t('home.welcome', { name: user.name })}
      </h2>
      <div style={grid}>
        <Panel title={user.email}>
          <Facts
            rows={[
              {
                label: t('home.yourRole'),
                value: (
                  <Tag color="orange" data-testid="home-role">
                    {t(`roles.${user.role}`)}
                  </Tag>
                ),
              },
              { label: t('home.yourTeam'), value: user.teamName ?? t('home.noTeam') },
            ]}
          />
        </Panel>
        <SystemPanel />
      </div>
      <h3 style={{ margin: '24px 0 12px', fontSize: 16, fontWeight: 600 }}>{t('home.shortcuts')}</h3>
      <div style={grid}>
        <Shortcut
          to="/settings/account"
          icon={<UserOutlined />}
          title={t('nav.account')}
          hint={t('home.accountHint')}
        />
        {isAdmin && (
          <Shortcut
            to="/settings/users"
            icon={<TeamOutlined />}
            title={t('nav.users')}
            hint={t('home.usersHint')}
          />
        )}
        {isAdmin && (
          <Shortcut
            to="/settings/audit"
            icon={<AuditOutlined />}
            title={t('nav.audit')}
            hint={t('home.auditHint')}
          />
        )}
      </div>
    </div>
  );
}
