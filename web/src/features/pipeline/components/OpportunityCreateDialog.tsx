import { DatePicker, Form, Input, InputNumber, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { OpportunityDetail } from '#src/modules/sales/opportunities.schema.ts';
import { FormDialog } from '../../../components/FormDialog.tsx';
import { useNotify } from '../../../lib/notify.tsx';
import { useApiError } from '../../../lib/useApiError.ts';
import { CustomerPicker } from '../../orders/components/CustomerPicker.tsx';
import { createOpportunity } from '../api/pipeline.ts';
import { usePipelineMutation, usePipelines, useStageName } from '../hooks/usePipeline.ts';

interface Values {
  name: string;
  customerId: string;
  stageId?: string;
  amount?: number;
  expectedCloseDate?: Dayjs;
  nextStep?: string;
}
const fields = ['name', 'customerId', 'stageId', 'amount', 'expectedCloseDate', 'nextStep'];

/** A new opportunity in a pipeline (the default one unless given), in its first open stage unless another is picked. */
export function OpportunityCreateDialog({
  open,
  pipelineId,
  customerId,
  onClose,
  onCreated,
}: {
  open: boolean;
  pipelineId?: string | undefined;
  customerId?: string | undefined;
  onClose: () => void;
  onCreated: (created: OpportunityDetail) => void;
}) {
  const { t } = useTranslation();
  const message = useNotify();
  const showError = useApiError();
  const stageName = useStageName();
  const [form] = Form.useForm<Values>();
  const pipelines = usePipelines();
  const pipeline =
    pipelines.data?.items.find((p) => p.id === pipelineId) ?? pipelines.data?.items.find((p) => p.isDefault);
  const create = usePipelineMutation(createOpportunity);

  const onSubmit = (values: Values) =>
    create.mutate(
      {
        name: values.name.trim(),
        customerId: values.customerId,
        ...(pipeline ? { pipelineId: pipeline.id } : {}),
        ...(values.stageId ? { stageId: values.stageId } : {}),
        amount: values.amount ?? 0,
        ...(values.expectedCloseDate
          ? { expectedCloseDate: values.expectedCloseDate.format('YYYY-MM-DD') }
          : {}),
        ...(values.nextStep?.trim() ? { nextStep: values.nextStep.trim() } : {}),
      },
      {
        onSuccess: (created) => {
          void message.success(t('pipeline.created', { name: created.name }));
          onCreated(created);
        },
        onError: (error) => showError(error, form, fields),
      },
    );

  return (
    <FormDialog<Values>
      open={open}
      title={t('pipeline.createTitle')}
      form={form}
      pending={create.isPending}
      okText={t('common.create')}
      initialValues={{ customerId, stageId: pipeline?.stages.find((s) => s.kind === 'open')?.id }}
      onSubmit={onSubmit}
      onClose={onClose}
      testId="opportunity-create-dialog"
      name="opportunity"
    >
      <Form.Item
        name="name"
        label={t('pipeline.fields.name')}
        rules={[
          {
            required: true,
            whitespace: true,
            message: t('common.required', { field: t('pipeline.fields.name') }),
          },
        ]}
      >
        <Input maxLength={200} data-testid="opportunity-name" />
      </Form.Item>
      <Form.Item
        name="customerId"
        label={t('pipeline.fields.customer')}
        rules={[{ required: true, message: t('common.required', { field: t('pipeline.fields.customer') }) }]}
      >
        <CustomerPicker testId="opportunity-customer" placeholder={t('pipeline.customerPlaceholder')} />
      </Form.Item>
      <Form.Item name="stageId" label={t('pipeline.fields.stage')}>
        <Select
          data-testid="opportunity-stage"
          options={(pipeline?.stages ?? [])
            .filter((s) => s.kind === 'open')
            .map((s) => ({ value: s.id, label: stageName(s) }))}
        />
      </Form.Item>
      <Form.Item name="amount" label={t('pipeline.fields.amount')}>
        <InputNumber min={0} style={{ width: '100%' }} data-testid="opportunity-amount" />
      </Form.Item>
      <Form.Item name="expectedCloseDate" label={t('pipeline.fields.expectedCloseDate')}>
        <DatePicker style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="nextStep" label={t('pipeline.fields.nextStep')}>
        <Input maxLength={500} />
      </Form.Item>
    </FormDialog>
  );
}
