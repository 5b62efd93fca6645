import { Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import type { User } from '#src/modules/users/users.schema.ts';
import { FormDialog } from '../../../components/FormDialog.tsx';
import type { Secret } from '../../../components/OneTimeSecret.tsx';
import { useApiError } from '../../../lib/useApiError.ts';
import { usePasswordRule } from '../../../lib/usePasswordRule.ts';
import { useResetPassword } from '../hooks/useUsers.ts';
import { useNotify } from '../../../lib/notify.tsx';

interface Values {
  password?: string;
}

/** Sets a typed password, or lets the server generate one that is shown once. */
export function ResetPasswordDialog({
  user,
  onClose,
  onSecret,
}: {
  user: User | null;
  onClose: () => void;
  onSecret: (secret: Secret) => void;
}) {
  const { t } = useTranslation();
  const message = useNotify();
  const [form] = Form.useForm<Values>();
  const reset = useResetPassword();
  const showError = useApiError();
  const passwordRule = usePasswordRule(true);

  const onSubmit = ({ password }: Values) => {
    if (!user) return;
    reset.mutate(
      { user, input: password ? { password } : {} },
      {
        onSuccess: ({ password: generated }) => {
          onClose();
          if (generated)
            onSecret({ title: t('users.resetPasswordTitle', { email: user.email }), value: generated });
          else void message.success(t('users.resetDone'));
        },
        onError: (error) => showError(error, form, ['password']),
      },
    );
  };

  return (
    <FormDialog<Values>
      key={user?.id}
      open={user !== null}
      title={t('users.resetTitle', { name: user?.name ?? '' })}
      okText={t('users.resetPassword')}
      form={form}
      pending={reset.isPending}
      onSubmit={onSubmit}
      onClose={onClose}
      testId="reset-password-dialog"
    >
      <Form.Item
        name="password"
        label={`${t('users.resetNewPassword')} (${t('common.optional')})`}
        extra={t('users.resetHint')}
        rules={[passwordRule]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
    </FormDialog>
  );
}
