import { Button, Col, DatePicker, Form, Input, Row, Segmented, Select } from 'antd';
import dayjs from 'dayjs';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type {
  InteractionChannel,
  InteractionDirection,
} from '#src/modules/interactions/interactions.schema.ts';
import { Panel } from '../../../components/Panel.tsx';
import { useNotify } from '../../../lib/notify.tsx';
import { useApiError } from '../../../lib/useApiError.ts';
import { useCustomerOptions } from '../hooks/useOptions.ts';
import { useLogInteraction } from '../hooks/useTimeline.ts';

interface Values {
  channel: InteractionChannel;
  direction: InteractionDirection;
  occurredAt: Dayjs | null;
  subject?: string;
  notes?: string;
  outcome?: string;
}
const fields = ['channel', 'direction', 'occurredAt', 'subject', 'notes', 'outcome'] as const;

const blank = (text: string | undefined) => text?.trim() || null;

/** Quick logging of a call, visit or message on the customer page; the timeline and KPIs update at once. */
export function InteractionForm({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const message = useNotify();
  const showError = useApiError();
  const options = useCustomerOptions();
  const [form] = Form.useForm<Values>();
  const log = useLogInteraction(customerId);

  const onSubmit = (values: Values) =>
    log.mutate(
      {
        channel: values.channel,
        direction: values.direction,
        // Left empty, the time is when the user pressed the button.
        occurredAt: (values.occurredAt ?? dayjs()).toISOString(),
        subject: blank(values.subject),
        notes: blank(values.notes),
        outcome: blank(values.outcome),
      },
      {
        onSuccess: () => {
          void message.success(t('customers.log.logged'));
          form.resetFields(['subject', 'notes', 'outcome', 'occurredAt']);
        },
        onError: (error) => showError(error, form, fields),
      },
    );

  return (
    <Panel title={t('customers.log.title')} testId="interaction-form">
      <Form<Values>
        form={form}
        name="interaction"
        layout="vertical"
        initialValues={{ channel: 'phone', direction: 'outbound', occurredAt: null }}
        onFinish={onSubmit}
        disabled={log.isPending}
      >
        <Row gutter={12}>
          <Col xs={24} sm={8}>
            <Form.Item name="channel" label={t('customers.log.channel')} rules={[{ required: true }]}>
              <Select<InteractionChannel> options={options.channels} data-testid="interaction-channel" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="direction" label={t('customers.log.direction')}>
              <Segmented<InteractionDirection> options={options.directions} block />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="occurredAt" label={t('customers.log.occurredAt')}>
              <DatePicker
                showTime={{ format: 'HH:mm' }}
                format="YYYY-MM-DD HH:mm"
                placeholder={t('customers.log.now')}
                disabledDate={(day) => day.isAfter(dayjs().endOf('day'))}
                style={{ width: '100%' }}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="subject" label={t('customers.log.subject')} rules={[{ max: 200 }]}>
              <Input maxLength={200} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="outcome" label={t('customers.log.outcome')} rules={[{ max: 200 }]}>
              <Input maxLength={200} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="notes" label={t('customers.log.notes')} rules={[{ max: 10_000 }]}>
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={10_000} />
            </Form.Item>
          </Col>
        </Row>
        <Button type="primary" htmlType="submit" loading={log.isPending} data-testid="interaction-submit">
          {t('customers.log.submit')}
        </Button>
      </Form>
    </Panel>
  );
}
