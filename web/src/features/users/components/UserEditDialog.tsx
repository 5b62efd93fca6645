import { Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Role, User, UserUpdateInput } from '#src/modules/users/users.schema.ts';
import type { Locale } from '#src/shared/schema.ts';
import { FormDialog } from '../../../components/FormDialog.tsx';
import { isApiError } from '../../../lib/api.ts';
import { useApiError } from '../../../lib/useApiError.ts';
import { UserProfileFields } from './UserProfileFields.tsx';
import { useUpdateUser } from '../hooks/useUsers.ts';
import { useNotify } from '../../../lib/notify.tsx';

interface Values {
  name: string;
  role: Role;
  teamId: string | null;
  locale: Locale;
}
const fields = ['name', 'role', 'teamId', 'locale'] as const;

/** Only what the admin changed is sent, with the version they saw (a stale one is refused with 409). */
function changesOf(user: User, values: Values): Omit<UserUpdateInput, 'version'> {
  const changes: Omit<UserUpdateInput, 'version'> = {};
  if (values.name !== user.name) changes.name = values.name;
  if (values.role !== user.role) changes.role = values.role;
  if ((values.teamId ?? null) !== user.teamId) changes.teamId = values.teamId ?? null;
  if (values.locale !== user.locale) changes.locale = values.locale;
  return changes;
}

export function UserEditDialog({ user, onClose }: { user: User | null; onClose: () => void }) {
  const { t } = useTranslation();
  const message = useNotify();
  const [form] = Form.useForm<Values>();
  const update = useUpdateUser();
  const showError = useApiError();

  const onSubmit = (values: Values) => {
    if (!user) return;
    const changes = changesOf(user, values);
    if (Object.keys(changes).length === 0) {
      onClose();
      return;
    }
    update.mutate(
      { user, changes },
      {
        onSuccess: () => {
          void message.success(t('users.updated'));
          onClose();
        },
        onError: (error) => {
          showError(error, form, fields);
          // The record changed underneath: close so the admin starts again from the reloaded row.
          if (isApiError(error, 409)) onClose();
        },
      },
    );
  };

  return (
    <FormDialog<Values>
      key={user?.id}
      open={user !== null}
      title={t('users.editTitle')}
      form={form}
      initialValues={
        user ? { name: user.name, role: user.role, teamId: user.teamId, locale: user.locale } : {}
      }
      pending={update.isPending}
      onSubmit={onSubmit}
      onClose={onClose}
      testId="user-edit-dialog"
    >
      <Form.Item label={t('common.email')}>
        <Input value={user?.email} disabled />
      </Form.Item>
      <UserProfileFields />
    </FormDialog>
  );
}
