import { PlusOutlined } from '@ant-design/icons';
import { Button, Popconfirm, Space, Table, Tooltip } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Team } from '#src/modules/users/users.schema.ts';
import { CellText } from '../../../components/CellText.tsx';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { LoadError } from '../../../components/ResultPages.tsx';
import { formatDateTime } from '../../../lib/format.ts';
import { useApiError } from '../../../lib/useApiError.ts';
import { TeamDialog } from '../components/TeamDialog.tsx';
import { useDeleteTeam, useTeams } from '../hooks/useTeams.ts';
import { useNotify } from '../../../lib/notify.tsx';

/** Admin: teams with their member counts; create, rename, delete (only when empty). */
export function TeamsPage() {
  const { t } = useTranslation();
  const message = useNotify();
  const showError = useApiError();
  const { teams, isPending, isError, error, refetch } = useTeams();
  const remove = useDeleteTeam();
  const [dialog, setDialog] = useState<{ team: Team | null } | null>(null);

  const columns: TableColumnsType<Team> = [
    {
      title: t('teams.name'),
      dataIndex: 'name',
      ellipsis: { showTitle: false },
      render: (name: string) => <CellText value={name} />,
    },
    { title: t('teams.members'), dataIndex: 'members', width: 110, align: 'right' },
    {
      title: t('common.createdAt'),
      dataIndex: 'createdAt',
      width: 170,
      render: (at: string) => formatDateTime(at),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 200,
      render: (_, team) => (
        <Space size={0} wrap>
          <Button type="link" size="small" onClick={() => setDialog({ team })}>
            {t('teams.rename')}
          </Button>
          {team.members > 0 ? (
            <Tooltip title={t('teams.hasMembersHint')}>
              <Button type="link" size="small" danger disabled>
                {t('common.delete')}
              </Button>
            </Tooltip>
          ) : (
            <Popconfirm
              title={t('teams.deleteConfirm', { name: team.name })}
              okButtonProps={{ danger: true }}
              styles={{ root: { maxWidth: 360 } }}
              onConfirm={() =>
                remove.mutate(team, {
                  onSuccess: () => void message.success(t('teams.deleted')),
                  onError: (e) => showError(e),
                })
              }
            >
              <Button type="link" size="small" danger>
                {t('common.delete')}
              </Button>
            </Popconfirm>
          )}
        </Space>
      ),
    },
  ];

  return (
    <div data-testid="teams-page">
      <PageHeader
        title={t('teams.title')}
        extra={
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setDialog({ team: null })}
            data-testid="team-create"
          >
            {t('teams.create')}
          </Button>
        }
      />
      {isError ? (
        <LoadError error={error} onRetry={() => void refetch()} />
      ) : (
        <Table<Team>
          rowKey="id"
          columns={columns}
          dataSource={teams}
          loading={isPending}
          pagination={false}
          tableLayout="fixed"
          scroll={{ x: 720 }}
        />
      )}
      <TeamDialog open={dialog !== null} team={dialog?.team ?? null} onClose={() => setDialog(null)} />
    </div>
  );
}
