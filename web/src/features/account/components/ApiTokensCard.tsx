import { PlusOutlined } from '@ant-design/icons';
import { Badge, Button, Card, Popconfirm, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiToken } from '#src/modules/users/users.schema.ts';
import { CellText } from '../../../components/CellText.tsx';
import { OneTimeSecret } from '../../../components/OneTimeSecret.tsx';
import type { Secret } from '../../../components/OneTimeSecret.tsx';
import { LoadError } from '../../../components/ResultPages.tsx';
import { formatDateTime } from '../../../lib/format.ts';
import { useApiError } from '../../../lib/useApiError.ts';
import { tokenStatus, useApiTokens, useRevokeToken } from '../hooks/useApiTokens.ts';
import type { TokenStatus } from '../hooks/useApiTokens.ts';
import { TokenCreateDialog } from './TokenCreateDialog.tsx';
import { useNotify } from '../../../lib/notify.tsx';

const badge: Record<TokenStatus, 'success' | 'default' | 'warning'> = {
  active: 'success',
  revoked: 'default',
  expired: 'warning',
};

/** The user's API tokens: create (shown once), see use, revoke. */
export function ApiTokensCard() {
  const { t } = useTranslation();
  const message = useNotify();
  const showError = useApiError();
  const { tokens, isPending, isError, error, refetch } = useApiTokens();
  const revoke = useRevokeToken();
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<Secret | null>(null);
  const statusText: Record<TokenStatus, string> = {
    active: t('tokens.statusActive'),
    revoked: t('tokens.statusRevoked'),
    expired: t('tokens.statusExpired'),
  };

  const columns: TableColumnsType<ApiToken> = [
    {
      title: t('tokens.name'),
      dataIndex: 'name',
      width: 180,
      ellipsis: { showTitle: false },
      render: (name: string) => <CellText value={name} />,
    },
    {
      title: t('tokens.prefix'),
      dataIndex: 'prefix',
      width: 120,
      render: (prefix: string) => <Typography.Text code>{prefix}…</Typography.Text>,
    },
    {
      title: t('common.status'),
      key: 'status',
      width: 100,
      render: (_, token) => (
        <Badge status={badge[tokenStatus(token)]} text={statusText[tokenStatus(token)]} />
      ),
    },
    {
      title: t('common.createdAt'),
      dataIndex: 'createdAt',
      width: 150,
      render: (at: string) => formatDateTime(at),
    },
    {
      title: t('tokens.expiresAt'),
      dataIndex: 'expiresAt',
      width: 150,
      render: (at: string | null) => formatDateTime(at, t('tokens.noExpiry')),
    },
    {
      title: t('tokens.lastUsedAt'),
      dataIndex: 'lastUsedAt',
      width: 150,
      render: (at: string | null) => formatDateTime(at, t('common.never')),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 100,
      render: (_, token) =>
        tokenStatus(token) === 'revoked' ? null : (
          <Popconfirm
            title={t('tokens.revokeConfirm', { name: token.name })}
            okButtonProps={{ danger: true }}
            styles={{ root: { maxWidth: 360 } }}
            onConfirm={() =>
              revoke.mutate(token, {
                onSuccess: () => void message.success(t('tokens.revoked')),
                onError: (e) => showError(e),
              })
            }
          >
            <Button type="link" size="small" danger>
              {t('tokens.revoke')}
            </Button>
          </Popconfirm>
        ),
    },
  ];

  return (
    <Card
      title={t('tokens.title')}
      data-testid="tokens-card"
      extra={
        <Button icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="token-create">
          {t('tokens.create')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t('tokens.intro')}</Typography.Paragraph>
      {isError ? (
        <LoadError error={error} onRetry={() => void refetch()} />
      ) : (
        <Table<ApiToken>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={tokens}
          loading={isPending}
          pagination={false}
          tableLayout="fixed"
          scroll={{ x: 950 }}
          locale={{ emptyText: t('tokens.empty') }}
        />
      )}
      <TokenCreateDialog open={creating} onClose={() => setCreating(false)} onSecret={setSecret} />
      <OneTimeSecret secret={secret} onClose={() => setSecret(null)} />
    </Card>
  );
}
