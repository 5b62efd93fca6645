import { PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { User } from '#src/modules/users/users.schema.ts';
import { OneTimeSecret } from '../../../components/OneTimeSecret.tsx';
import type { Secret } from '../../../components/OneTimeSecret.tsx';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { LoadError } from '../../../components/ResultPages.tsx';
import { useApiError } from '../../../lib/useApiError.ts';
import { useCurrentUser } from '../../auth/hooks/useSession.ts';
import type { UserFilters } from '../api/users.ts';
import { ResetPasswordDialog } from '../components/ResetPasswordDialog.tsx';
import { UserCreateDialog } from '../components/UserCreateDialog.tsx';
import { UserEditDialog } from '../components/UserEditDialog.tsx';
import { UserFilterBar } from '../components/UserFilterBar.tsx';
import { UserTable } from '../components/UserTable.tsx';
import { useDeactivateUser, useUpdateUser, useUserList } from '../hooks/useUsers.ts';
import { useNotify } from '../../../lib/notify.tsx';

/** Admin: staff accounts with search and filters, create, edit, (de)activate and password reset. */
export function UsersPage() {
  const { t } = useTranslation();
  const message = useNotify();
  const me = useCurrentUser();
  const showError = useApiError();
  const [filters, setFilters] = useState<UserFilters>({});
  const list = useUserList(filters);
  const deactivate = useDeactivateUser();
  const update = useUpdateUser();
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<User | null>(null);
  const [resetting, setResetting] = useState<User | null>(null);
  const [secret, setSecret] = useState<Secret | null>(null);

  const actions = {
    onEdit: setEditing,
    onResetPassword: setResetting,
    onDeactivate: (user: User) =>
      deactivate.mutate(user, {
        onSuccess: () => void message.success(t('users.deactivated')),
        onError: (e) => showError(e),
      }),
    onReactivate: (user: User) =>
      update.mutate(
        { user, changes: { active: true } },
        { onSuccess: () => void message.success(t('users.reactivated')), onError: (e) => showError(e) },
      ),
  };

  return (
    <div data-testid="users-page">
      <PageHeader
        title={t('users.title')}
        extra={
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setCreating(true)}
            data-testid="user-create"
          >
            {t('users.create')}
          </Button>
        }
      />
      <UserFilterBar filters={filters} onChange={setFilters} />
      {list.isError ? (
        <LoadError error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <UserTable users={list.users} loading={list.isPending} currentUserId={me.id} actions={actions} />
      )}
      <Flex justify="center" style={{ marginTop: 16 }}>
        {list.hasNextPage ? (
          <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
            {t('common.loadMore')}
          </Button>
        ) : (
          list.users.length > 0 && <Typography.Text type="secondary">{t('common.noMore')}</Typography.Text>
        )}
      </Flex>
      <UserCreateDialog open={creating} onClose={() => setCreating(false)} onSecret={setSecret} />
      <UserEditDialog user={editing} onClose={() => setEditing(null)} />
      <ResetPasswordDialog user={resetting} onClose={() => setResetting(null)} onSecret={setSecret} />
      <OneTimeSecret secret={secret} onClose={() => setSecret(null)} />
    </div>
  );
}
