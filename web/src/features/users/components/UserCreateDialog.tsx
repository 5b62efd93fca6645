import { Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Role, UserCreateInput } from '#src/modules/users/users.schema.ts';
import type { Locale } from '#src/shared/schema.ts';
import { FormDialog } from '../../../components/FormDialog.tsx';
import type { Secret } from '../../../components/OneTimeSecret.tsx';
import { currentLocale } from '../../../i18n/index.ts';
import { useApiError } from '../../../lib/useApiError.ts';
import { usePasswordRule } from '../../../lib/usePasswordRule.ts';
import { UserProfileFields } from './UserProfileFields.tsx';
import { useCreateUser } from '../hooks/useUsers.ts';
import { useNotify } from '../../../lib/notify.tsx';

interface Values {
  email: string;
  name: string;
  role: Role;
  teamId?: string;
  locale: Locale;
  password?: string;
}
const fields = ['email', 'name', 'role', 'teamId', 'locale', 'password'] as const;

/** New staff member; without a password typed in, the server generates one that is shown once. */
export function UserCreateDialog({
  open,
  onClose,
  onSecret,
}: {
  open: boolean;
  onClose: () => void;
  onSecret: (secret: Secret) => void;
}) {
  const { t } = useTranslation();
  const message = useNotify();
  const [form] = Form.useForm<Values>();
  const create = useCreateUser();
  const showError = useApiError();
  const passwordRule = usePasswordRule(true);

  const onSubmit = ({ password, teamId, ...values }: Values) => {
    const input: UserCreateInput = { ...values, teamId: teamId ?? null, ...(password ? { password } : {}) };
    create.mutate(input, {
      onSuccess: ({ user, password: generated }) => {
        void message.success(t('users.created'));
        onClose();
        if (generated)
          onSecret({ title: t('users.createdPasswordTitle', { email: user.email }), value: generated });
      },
      onError: (error) => showError(error, form, fields),
    });
  };

  return (
    <FormDialog<Values>
      open={open}
      title={t('users.createTitle')}
      okText={t('common.create')}
      form={form}
      initialValues={{ role: 'sales', locale: currentLocale() }}
      pending={create.isPending}
      onSubmit={onSubmit}
      onClose={onClose}
      testId="user-create-dialog"
    >
      <Form.Item name="email" label={t('common.email')} rules={[{ required: true, type: 'email', max: 254 }]}>
        <Input autoComplete="off" inputMode="email" />
      </Form.Item>
      <UserProfileFields />
      <Form.Item
        name="password"
        label={`${t('users.passwordLabel')} (${t('common.optional')})`}
        extra={t('users.passwordHint')}
        rules={[passwordRule]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
    </FormDialog>
  );
}
