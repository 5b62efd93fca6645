import { DatePicker, Form, Input } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { FormDialog } from '../../../components/FormDialog.tsx';
import type { Secret } from '../../../components/OneTimeSecret.tsx';
import { useApiError } from '../../../lib/useApiError.ts';
import { useCreateToken } from '../hooks/useApiTokens.ts';

interface Values {
  name: string;
  expiresAt?: Dayjs | null;
}

/** Names a new API token and optionally when it expires (end of that day); the token is shown once. */
export function TokenCreateDialog({
  open,
  onClose,
  onSecret,
}: {
  open: boolean;
  onClose: () => void;
  onSecret: (secret: Secret) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const create = useCreateToken();
  const showError = useApiError();

  const onSubmit = ({ name, expiresAt }: Values) =>
    create.mutate(
      { name, expiresAt: expiresAt ? expiresAt.endOf('day').toISOString() : null },
      {
        onSuccess: ({ token }) => {
          onClose();
          onSecret({ title: t('tokens.createdTitle'), value: token });
        },
        onError: (error) => showError(error, form, ['name', 'expiresAt']),
      },
    );

  return (
    <FormDialog<Values>
      open={open}
      title={t('tokens.createTitle')}
      okText={t('common.create')}
      form={form}
      pending={create.isPending}
      onSubmit={onSubmit}
      onClose={onClose}
      testId="token-create-dialog"
      name="token"
    >
      <Form.Item
        name="name"
        label={t('tokens.name')}
        rules={[{ required: true, whitespace: true, max: 100 }]}
      >
        <Input placeholder={t('tokens.namePlaceholder')} autoComplete="off" />
      </Form.Item>
      <Form.Item name="expiresAt" label={`${t('tokens.expiresAt')} (${t('common.optional')})`}>
        <DatePicker
          placeholder={t('tokens.noExpiry')}
          disabledDate={(day) => day.isBefore(dayjs(), 'day')}
          style={{ width: '100%' }}
        />
      </Form.Item>
    </FormDialog>
  );
}
