import { Form, Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Role, UserCreateInput } from '#src/modules/users/users.schema.ts';
import type { Locale } from '#src/shared/schema.ts';
import { FormDialog } from '../../../components/FormDialog.tsx';
import type { Secret } from '../../../components/OneTimeSecret.tsx';
import { currentLocale } from '../../../i18n/index.ts';
import { useApiError } from '../../../lib/useApiError.ts';
import { usePasswordRule } from '../../../lib/usePasswordRule.ts';
import { localeOptions, useRoleOptions, useTeamOptions } from '../hooks/useOptions.ts';
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
  const roleOptions = useRoleOptions();
  const teams = useTeamOptions();

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
      <Form.Item
        name="name"
        label={t('common.name')}
        rules={[{ required: true, whitespace: true, max: 100 }]}
      >
        <Input autoComplete="off" />
      </Form.Item>
      <Form.Item name="role" label={t('common.role')} rules={[{ required: true }]}>
        <Select options={roleOptions} />
      </Form.Item>
      <Form.Item name="teamId" label={t('common.team')}>
        <Select
          allowClear
          placeholder={t('home.noTeam')}
          showSearch={{ optionFilterProp: 'label' }}
          options={teams.options}
          loading={teams.loading}
        />
      </Form.Item>
      <Form.Item name="locale" label={t('users.localeLabel')}>
        <Select options={localeOptions} />
      </Form.Item>
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
