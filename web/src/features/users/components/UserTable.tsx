import { Badge, Button, Popconfirm, Space, Table, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import type { User } from '#src/modules/users/users.schema.ts';
import { CellText } from '../../../components/CellText.tsx';
import { formatDateTime } from '../../../lib/format.ts';
import { RoleTag } from './RoleTag.tsx';

export interface UserActions {
  onEdit: (user: User) => void;
  onResetPassword: (user: User) => void;
  onDeactivate: (user: User) => void;
  onReactivate: (user: User) => void;
}

const ellipsis = { showTitle: false } as const;

export function UserTable({
  users,
  loading,
  currentUserId,
  actions,
}: {
  users: User[];
  loading: boolean;
  currentUserId: string;
  actions: UserActions;
}) {
  const { t } = useTranslation();
  const columns: TableColumnsType<User> = [
    {
      title: t('common.name'),
      dataIndex: 'name',
      width: 200,
      ellipsis,
      render: (_, user) => (
        <CellText value={user.name}>
          {user.name}
          {user.id === currentUserId && <Tag style={{ marginInlineStart: 6 }}>{t('users.you')}</Tag>}
        </CellText>
      ),
    },
    {
      title: t('common.email'),
      dataIndex: 'email',
      width: 240,
      ellipsis,
      render: (email: string) => <CellText value={email} />,
    },
    {
      title: t('common.role'),
      dataIndex: 'role',
      width: 110,
      render: (_, user) => <RoleTag role={user.role} />,
    },
    {
      title: t('common.team'),
      dataIndex: 'teamName',
      width: 180,
      ellipsis,
      render: (name: string | null) => <CellText value={name} />,
    },
    {
      title: t('common.status'),
      dataIndex: 'active',
      width: 110,
      render: (active: boolean) => (
        <Badge
          status={active ? 'success' : 'default'}
          text={active ? t('common.active') : t('common.inactive')}
        />
      ),
    },
    {
      title: t('users.lastLogin'),
      dataIndex: 'lastLoginAt',
      width: 150,
      render: (at: string | null) => formatDateTime(at, t('common.never')),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      width: 300,
      render: (_, user) => (
        <Space size={0} wrap>
          <Button type="link" size="small" onClick={() => actions.onEdit(user)}>
            {t('users.edit')}
          </Button>
          <Button
            type="link"
            size="small"
            onClick={() => actions.onResetPassword(user)}
            disabled={!user.active}
          >
            {t('users.resetPassword')}
          </Button>
          {user.active ? (
            <Popconfirm
              title={t('users.deactivateConfirm', { name: user.name })}
              onConfirm={() => actions.onDeactivate(user)}
              okButtonProps={{ danger: true }}
              styles={{ root: { maxWidth: 360 } }}
            >
              <Button type="link" size="small" danger disabled={user.id === currentUserId}>
                {t('users.deactivate')}
              </Button>
            </Popconfirm>
          ) : (
            <Button type="link" size="small" onClick={() => actions.onReactivate(user)}>
              {t('users.reactivate')}
            </Button>
          )}
        </Space>
      ),
    },
  ];
  return (
    <Table<User>
      rowKey="id"
      data-testid="user-table"
      columns={columns}
      dataSource={users}
      loading={loading}
      pagination={false}
      scroll={{ x: 1290 }}
      size="middle"
      tableLayout="fixed"
    />
  );
}
