import { Button, Card, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../lib/api.ts';
import { useApiError } from '../../../lib/useApiError.ts';
import { usePasswordRule } from '../../../lib/usePasswordRule.ts';
import { useChangePassword } from '../hooks/useProfile.ts';
import { useNotify } from '../../../lib/notify.tsx';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

/** Change one's own password; the new one must pass the server's password rules. */
export function PasswordCard() {
  const { t } = useTranslation();
  const message = useNotify();
  const [form] = Form.useForm<Values>();
  const change = useChangePassword();
  const showError = useApiError();
  const passwordRule = usePasswordRule();

  const onFinish = ({ currentPassword, newPassword }: Values) =>
    change.mutate(
      { currentPassword, newPassword },
      {
        onSuccess: () => {
          form.resetFields();
          void message.success(t('account.passwordChanged'));
        },
        onError: (error) => {
          // A wrong current password belongs next to that field even when the server names no field.
          if (error instanceof ApiError && error.code === 'auth.wrong_password') {
            form.setFields([{ name: 'currentPassword', errors: [t('errors.code.wrongPassword')] }]);
            return;
          }
          showError(error, form, ['currentPassword', 'newPassword']);
        },
      },
    );

  return (
    <Card title={t('account.passwordTitle')} data-testid="password-card">
      <Form<Values>
        form={form}
        name="passwordChange"
        layout="vertical"
        onFinish={onFinish}
        style={{ maxWidth: 420 }}
      >
        <Form.Item name="currentPassword" label={t('account.currentPassword')} rules={[{ required: true }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label={t('account.newPassword')}
          rules={[{ required: true }, passwordRule]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('account.confirmPassword')}
          dependencies={['newPassword']}
          rules={[
            { required: true },
            ({ getFieldValue }) => ({
              validator: async (_rule, value: unknown) => {
                if (value && value !== getFieldValue('newPassword'))
                  throw new Error(t('account.passwordMismatch'));
              },
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={change.isPending}>
          {t('account.passwordTitle')}
        </Button>
      </Form>
    </Card>
  );
}
