import { Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { FormDialog } from '../../../components/FormDialog.tsx';

/** Asks why an opportunity was lost: losing needs a reason. */
export function LoseDialog({
  open,
  pending = false,
  onSubmit,
  onClose,
}: {
  open: boolean;
  pending?: boolean;
  onSubmit: (reason: string) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ reason: string }>();
  return (
    <FormDialog<{ reason: string }>
      open={open}
      title={t('pipeline.loseTitle')}
      form={form}
      pending={pending}
      okText={t('pipeline.lose')}
      onSubmit={(values) => onSubmit(values.reason.trim())}
      onClose={onClose}
      testId="lose-dialog"
      name="lose"
    >
      <Form.Item
        name="reason"
        label={t('pipeline.loseReason')}
        rules={[
          {
            required: true,
            whitespace: true,
            message: t('common.required', { field: t('pipeline.loseReason') }),
          },
        ]}
      >
        <Input.TextArea autoFocus rows={3} maxLength={500} data-testid="lose-reason" />
      </Form.Item>
    </FormDialog>
  );
}
