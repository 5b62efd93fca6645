import { Form, Input, InputNumber } from 'antd';
import { useTranslation } from 'react-i18next';
import { FormDialog } from '../../../components/FormDialog.tsx';

export interface StageValues {
  name: string;
  /** Percent, 0–100. */
  probability: number;
}

/** A stage's name and win probability, for adding or changing a stage. */
export function StageDialog({
  open,
  title,
  initialValues,
  pending,
  probabilityFixed = false,
  onSubmit,
  onClose,
}: {
  open: boolean;
  title: string;
  initialValues?: Partial<StageValues>;
  pending: boolean;
  /** The won and lost stages' probabilities are 100% and 0%. */
  probabilityFixed?: boolean;
  onSubmit: (values: StageValues) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<StageValues>();
  return (
    <FormDialog<StageValues>
      open={open}
      title={title}
      form={form}
      pending={pending}
      initialValues={initialValues}
      onSubmit={onSubmit}
      onClose={onClose}
      testId="stage-dialog"
      name="stage"
    >
      <Form.Item
        name="name"
        label={t('pipeline.fields.stage')}
        rules={[
          {
            required: true,
            whitespace: true,
            message: t('common.required', { field: t('pipeline.fields.stage') }),
          },
        ]}
      >
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item
        name="probability"
        label={`${t('pipeline.fields.probability')} (%)`}
        rules={[{ required: true }]}
      >
        <InputNumber min={0} max={100} style={{ width: '100%' }} disabled={probabilityFixed} />
      </Form.Item>
    </FormDialog>
  );
}
