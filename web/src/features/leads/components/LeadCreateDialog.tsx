import { Col, Form, Input, Row } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Lead } from '#src/modules/sales/leads.schema.ts';
import { FormDialog } from '../../../components/FormDialog.tsx';
import { useNotify } from '../../../lib/notify.tsx';
import { useApiError } from '../../../lib/useApiError.ts';
import type { LeadCreateInput } from '../api/leads.ts';
import { useCreateLead } from '../hooks/useLeads.ts';

type Values = Record<
  'name' | 'company' | 'title' | 'email' | 'phone' | 'source' | 'province' | 'city' | 'notes',
  string
>;
const fields = ['name', 'company', 'title', 'email', 'phone', 'source', 'province', 'city', 'notes'] as const;

/** Empty fields are left out: the server then applies its defaults (source, owner by the rules). */
const toInput = (values: Partial<Values>): LeadCreateInput => {
  const input: LeadCreateInput = { name: values.name?.trim() ?? '' };
  for (const field of fields) {
    const value = values[field]?.trim();
    if (value && field !== 'name') input[field] = value;
  }
  return input;
};

/** A lead typed in by hand; sales staff own it, others leave the owner to the assignment rules. */
export function LeadCreateDialog({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (lead: Lead) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const create = useCreateLead();
  const showError = useApiError();
  const message = useNotify();
  const half = (field: (typeof fields)[number], required = false) => (
    <Col xs={24} sm={12}>
      <Form.Item
        name={field}
        label={t(`leads.fields.${field}`)}
        rules={required ? [{ required: true, whitespace: true, message: t('leads.public.required') }] : []}
      >
        <Input data-testid={`lead-field-${field}`} />
      </Form.Item>
    </Col>
  );
  return (
    <FormDialog<Values>
      open={open}
      title={t('leads.create')}
      form={form}
      name="lead-create"
      pending={create.isPending}
      testId="lead-create-dialog"
      onClose={onClose}
      onSubmit={(values) =>
        create.mutate(toInput(values), {
          onSuccess: (lead) => {
            void message.success(t('leads.created'));
            onCreated(lead);
          },
          onError: (error) => showError(error, form, fields),
        })
      }
    >
      <Row gutter={12}>
        {half('name', true)}
        {half('company')}
        {half('title')}
        {half('email')}
        {half('phone')}
        {half('source')}
        {half('province')}
        {half('city')}
      </Row>
      <Form.Item name="notes" label={t('leads.fields.notes')}>
        <Input.TextArea rows={3} />
      </Form.Item>
    </FormDialog>
  );
}
