import { Button, DatePicker, Form, Input, InputNumber, Select } from 'antd';
import dayjs from 'dayjs';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { OpportunityDetail } from '#src/modules/sales/opportunities.schema.ts';
import { Panel } from '../../../components/Panel.tsx';
import { useNotify } from '../../../lib/notify.tsx';
import { useApiError } from '../../../lib/useApiError.ts';
import { updateOpportunity } from '../api/pipeline.ts';
import { usePipelineMutation } from '../hooks/usePipeline.ts';

interface Values {
  name: string;
  amount?: number;
  probability: number;
  expectedCloseDate?: Dayjs | null;
  forecastCategory: 'pipeline' | 'best_case' | 'commit';
  nextStep?: string;
  competitors: string[];
}
const fields = [
  'name',
  'amount',
  'probability',
  'expectedCloseDate',
  'forecastCategory',
  'nextStep',
  'competitors',
];

/** The editable facts of an open opportunity; the amount is the items' sum when it has items. */
export function OpportunityEditPanel({
  opportunity,
  disabled,
}: {
  opportunity: OpportunityDetail;
  disabled: boolean;
}) {
  const { t } = useTranslation();
  const message = useNotify();
  const showError = useApiError();
  const [form] = Form.useForm<Values>();
  const save = usePipelineMutation((values: Values) =>
    updateOpportunity(opportunity.id, {
      version: opportunity.version,
      name: values.name.trim(),
      ...(opportunity.items.length === 0 ? { amount: values.amount ?? 0 } : {}),
      probability: values.probability / 100,
      expectedCloseDate: values.expectedCloseDate ? values.expectedCloseDate.format('YYYY-MM-DD') : null,
      forecastCategory: values.forecastCategory,
      nextStep: values.nextStep?.trim() || null,
      competitors: values.competitors.map((c) => c.trim()).filter(Boolean),
    }),
  );
  const editable = ['pipeline', 'best_case', 'commit'] as const;
  return (
    <Panel title={t('pipeline.detailsTitle')} testId="opportunity-edit">
      <Form<Values>
        key={opportunity.version}
        form={form}
        layout="vertical"
        disabled={disabled || save.isPending}
        initialValues={{
          name: opportunity.name,
          amount: opportunity.amount,
          probability: Math.round(opportunity.probability * 1000) / 10,
          expectedCloseDate: opportunity.expectedCloseDate ? dayjs(opportunity.expectedCloseDate) : null,
          forecastCategory: (editable as readonly string[]).includes(opportunity.forecastCategory)
            ? (opportunity.forecastCategory as Values['forecastCategory'])
            : 'pipeline',
          nextStep: opportunity.nextStep ?? '',
          competitors: opportunity.competitors,
        }}
        onFinish={(values) =>
          save.mutate(values, {
            onSuccess: () => void message.success(t('common.saved')),
            onError: (error) => showError(error, form, fields),
          })
        }
      >
        <Form.Item
          name="name"
          label={t('pipeline.fields.name')}
          rules={[{ required: true, whitespace: true }]}
        >
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item
          name="amount"
          label={`${t('pipeline.fields.amount')} (${opportunity.currency})`}
          extra={opportunity.items.length > 0 ? t('pipeline.amountFromItems') : undefined}
        >
          <InputNumber
            min={0}
            style={{ width: '100%' }}
            disabled={disabled || opportunity.items.length > 0}
          />
        </Form.Item>
        <Form.Item name="probability" label={`${t('pipeline.fields.probability')} (%)`}>
          <InputNumber min={0} max={100} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="expectedCloseDate" label={t('pipeline.fields.expectedCloseDate')}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="forecastCategory" label={t('pipeline.fields.forecastCategory')}>
          <Select options={editable.map((c) => ({ value: c, label: t(`pipeline.forecastCategory.${c}`) }))} />
        </Form.Item>
        <Form.Item name="nextStep" label={t('pipeline.fields.nextStep')}>
          <Input maxLength={500} data-testid="opportunity-next-step" />
        </Form.Item>
        <Form.Item name="competitors" label={t('pipeline.fields.competitors')}>
          <Select
            mode="tags"
            tokenSeparators={[',', '，']}
            open={false}
            placeholder={t('pipeline.competitorsPlaceholder')}
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="opportunity-save">
          {t('common.save')}
        </Button>
      </Form>
    </Panel>
  );
}
