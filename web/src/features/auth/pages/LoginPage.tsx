import { Alert, Button, Flex, Form, Input, theme } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { LanguageSwitch } from '../../../components/LanguageSwitch.tsx';
import { ApiError } from '../../../lib/api.ts';
import { problemMessage } from '../../../lib/useApiError.ts';
import type { LoginInput } from '../api/session.ts';
import { didSessionEnd, forgetSessionEnded, useLogin, useMe } from '../hooks/useSession.ts';

/** Only a path inside this app may be the target after signing in (no open redirect). */
const safeNext = (next: string | null) => (next?.startsWith('/') && !next.startsWith('//') ? next : '/');

export function LoginPage() {
  const { t } = useTranslation();
  const [form] = Form.useForm<LoginInput>();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const me = useMe();
  const loginMutation = useLogin();
  const [alert, setAlert] = useState<string | null>(() =>
    didSessionEnd() ? t('login.sessionExpired') : null,
  );
  useEffect(forgetSessionEnded, []);
  const next = safeNext(params.get('next'));
  const { token } = theme.useToken();

  if (me.data) return <Navigate to={next} replace />;

  const onFinish = (values: LoginInput) => {
    setAlert(null);
    loginMutation.mutate(values, {
      onSuccess: () => void navigate(next, { replace: true }),
      onError: (error) => {
        if (error instanceof ApiError && error.code === 'auth.invalid_credentials') {
          form.setFields([{ name: 'password', errors: [t('login.invalidCredentials')] }]);
          return;
        }
        const fieldErrors =
          error instanceof ApiError
            ? error.problem.errors.filter((e) => e.field === 'email' || e.field === 'password')
            : [];
        if (fieldErrors.length > 0) {
          form.setFields(
            fieldErrors.map((e) => ({ name: e.field as keyof LoginInput, errors: [e.message] })),
          );
          return;
        }
        setAlert(
          error instanceof ApiError && error.status === 429
            ? t('errors.tooManyAttempts')
            : problemMessage(t, error),
        );
      },
    });
  };

  return (
    <Flex vertical align="center" justify="center" style={{ minHeight: '100%', padding: 16 }}>
      {/* Plain elements instead of Card and Typography keep the first download small. */}
      <main
        data-testid="login-page"
        style={{
          width: '100%',
          maxWidth: 400,
          boxSizing: 'border-box',
          padding: 24,
          background: token.colorBgContainer,
          borderRadius: token.borderRadiusLG,
          boxShadow: token.boxShadowTertiary,
        }}
      >
        <Flex justify="flex-end" style={{ marginBottom: 16 }}>
          <LanguageSwitch size="small" />
        </Flex>
        <h1
          style={{
            fontSize: token.fontSizeHeading3,
            fontWeight: 600,
            margin: '0 0 4px',
            color: token.colorTextHeading,
          }}
        >
          {t('login.title')}
        </h1>
        <p style={{ margin: '0 0 20px', color: token.colorTextSecondary }}>{t('app.tagline')}</p>
        {alert && (
          <Alert type="error" showIcon title={alert} style={{ marginBottom: 16 }} data-testid="login-alert" />
        )}
        <Form
          form={form}
          layout="vertical"
          requiredMark={false}
          onFinish={onFinish}
          disabled={loginMutation.isPending}
        >
          <Form.Item
            name="email"
            label={t('login.email')}
            rules={[
              { required: true, message: t('login.emailRequired') },
              { type: 'email', message: t('login.emailInvalid') },
            ]}
          >
            <Input autoComplete="username" autoFocus inputMode="email" />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('login.password')}
            rules={[{ required: true, message: t('login.passwordRequired') }]}
          >
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={loginMutation.isPending}>
            {t('login.submit')}
          </Button>
        </Form>
      </main>
    </Flex>
  );
}
