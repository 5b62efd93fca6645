import { Button, Card, Descriptions, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { useApiError } from '../../../lib/useApiError.ts';
import { useCurrentUser } from '../../auth/hooks/useSession.ts';
import { useUpdateProfile } from '../hooks/useProfile.ts';
import { useNotify } from '../../../lib/notify.tsx';

interface Values {
  name: string;
}

/** The signed-in user's name; email, role and team are set by an admin and only shown. */
export function ProfileCard() {
  const { t } = useTranslation();
  const message = useNotify();
  const user = useCurrentUser();
  const [form] = Form.useForm<Values>();
  const update = useUpdateProfile();
  const showError = useApiError();
  const onFinish = ({ name }: Values) =>
    update.mutate(
      { name },
      {
        onSuccess: () => void message.success(t('account.profileSaved')),
        onError: (e) => showError(e, form, ['name']),
      },
    );

  return (
    <Card title={t('account.profile')} data-testid="profile-card">
      <Descriptions column={1} size="small" style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('common.email')}>
          <span style={{ overflowWrap: 'anywhere' }}>{user.email}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('common.role')}>{t(`roles.${user.role}`)}</Descriptions.Item>
        <Descriptions.Item label={t('common.team')}>
          <span style={{ overflowWrap: 'anywhere' }}>{user.teamName ?? t('home.noTeam')}</span>
        </Descriptions.Item>
      </Descriptions>
      <Form<Values>
        form={form}
        name="profile"
        layout="vertical"
        initialValues={{ name: user.name }}
        onFinish={onFinish}
      >
        <Form.Item
          name="name"
          label={t('common.name')}
          rules={[{ required: true, whitespace: true, max: 100 }]}
        >
          <Input autoComplete="name" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={update.isPending}>
          {t('common.save')}
        </Button>
      </Form>
    </Card>
  );
}
