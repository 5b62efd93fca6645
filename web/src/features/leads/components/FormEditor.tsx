import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Checkbox, Col, Flex, Form, Input, Row, Select, Switch, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { FormField, LeadForm, StandardFormField } from '#src/modules/sales/lead-forms.schema.ts';
import { isStandardField, standardFormFields } from '#src/modules/sales/lead-forms.schema.ts';
import { FormDialog } from '../../../components/FormDialog.tsx';
import { useApiError } from '../../../lib/useApiError.ts';
import { useSaveLeadForm } from '../hooks/useLeads.ts';

type Asked = Record<StandardFormField, { asked: boolean; required: boolean }>;
interface Values {
  slug: string;
  name: string;
  source: string;
  thankYou: string;
  active: boolean;
  standard: Asked;
  custom: { key: string; label: string; type: 'text' | 'textarea' | 'number'; required: boolean }[];
}
const formFields = ['slug', 'name', 'source', 'thankYou', 'active', 'fields'];

function fromForm(form: LeadForm | null): Values {
  const fields = form?.fields ?? [
    { key: 'name', required: true },
    { key: 'company', required: false },
    { key: 'email', required: true },
    { key: 'phone', required: false },
    { key: 'notes', required: false },
  ];
  const standard = Object.fromEntries(
    standardFormFields.map((key) => {
      const field = fields.find((f) => f.key === key);
      return [key, { asked: Boolean(field), required: field?.required ?? false }];
    }),
  ) as Asked;
  return {
    slug: form?.slug ?? '',
    name: form?.name ?? '',
    source: form?.source ?? 'web_form',
    thankYou: form?.thankYou ?? '',
    active: form?.active ?? true,
    standard,
    custom: fields
      .filter((f) => !isStandardField(f.key))
      .map((f) => ({ key: f.key, label: f.label ?? f.key, type: f.type ?? 'text', required: f.required })),
  };
}

function toFields(values: Values): FormField[] {
  const standard = standardFormFields
    .filter((key) => key === 'name' || values.standard[key]?.asked)
    .map((key) => ({ key, required: key === 'name' || Boolean(values.standard[key]?.required) }));
  const custom = (values.custom ?? []).map((f) => ({
    key: f.key.trim(),
    label: f.label.trim(),
    type: f.type,
    required: Boolean(f.required),
  }));
  return [...standard, ...custom];
}

/** Creates or changes a lead form: address, source, thank-you text, which fields it asks and requires. */
export function FormEditor({
  form: record,
  open,
  onClose,
}: {
  form: LeadForm | null;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const save = useSaveLeadForm();
  const showError = useApiError();
  return (
    <FormDialog<Values>
      open={open}
      title={record ? record.name : t('leads.rules.forms')}
      form={form}
      name="lead-form"
      pending={save.isPending}
      testId="lead-form-dialog"
      onClose={onClose}
      initialValues={fromForm(record)}
      onSubmit={(values) =>
        save.mutate(
          {
            id: record?.id,
            version: record?.version,
            input: {
              slug: values.slug.trim().toLowerCase(),
              name: values.name.trim(),
              source: values.source.trim() || 'web_form',
              thankYou: values.thankYou.trim() || null,
              active: values.active,
              fields: toFields(values),
            },
          },
          { onSuccess: onClose, onError: (error) => showError(error, form, formFields) },
        )
      }
    >
      <Row gutter={12}>
        <Col xs={24} sm={12}>
          <Form.Item name="name" label={t('leads.forms.name')} rules={[{ required: true, whitespace: true }]}>
            <Input data-testid="lead-form-name" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item
            name="slug"
            label={t('leads.forms.slug')}
            rules={[{ required: true, pattern: /^[a-z0-9][a-z0-9-]{1,62}$/ }]}
          >
            <Input addonBefore="/forms/" data-testid="lead-form-slug" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="source" label={t('leads.forms.source')}>
            <Input data-testid="lead-form-source" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="active" label={t('leads.rules.active')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="thankYou" label={t('leads.forms.thankYou')}>
        <Input.TextArea rows={2} />
      </Form.Item>
      <Typography.Text strong>{t('leads.forms.fields')}</Typography.Text>
      <Table
        size="small"
        pagination={false}
        rowKey="key"
        style={{ margin: '8px 0 16px' }}
        dataSource={standardFormFields.map((key) => ({ key }))}
        columns={[
          {
            title: t('leads.forms.fields'),
            dataIndex: 'key',
            render: (key: StandardFormField) => t(`leads.fields.${key}`),
          },
          {
            title: t('leads.forms.asked'),
            key: 'asked',
            width: 80,
            render: (_, { key }) => (
              <Form.Item name={['standard', key, 'asked']} valuePropName="checked" noStyle>
                <Checkbox disabled={key === 'name'} />
              </Form.Item>
            ),
          },
          {
            title: t('leads.forms.required'),
            key: 'required',
            width: 80,
            render: (_, { key }) => (
              <Form.Item name={['standard', key, 'required']} valuePropName="checked" noStyle>
                <Checkbox disabled={key === 'name'} />
              </Form.Item>
            ),
          },
        ]}
      />
      <Typography.Text strong>{t('leads.forms.customFields')}</Typography.Text>
      <Form.List name="custom">
        {(items, { add, remove }) => (
          <Flex vertical gap={8} style={{ marginTop: 8 }}>
            {items.map((item) => (
              <Flex key={item.key} gap={8} align="baseline" wrap>
                <Form.Item
                  name={[item.name, 'key']}
                  rules={[{ required: true, pattern: /^[a-zA-Z][a-zA-Z0-9_]{0,39}$/ }]}
                  noStyle
                >
                  <Input placeholder={t('leads.forms.customKey')} style={{ width: 110 }} />
                </Form.Item>
                <Form.Item name={[item.name, 'label']} rules={[{ required: true, whitespace: true }]} noStyle>
                  <Input placeholder={t('leads.forms.customLabel')} style={{ width: 140 }} />
                </Form.Item>
                <Form.Item name={[item.name, 'type']} noStyle>
                  <Select
                    style={{ width: 110 }}
                    options={(['text', 'textarea', 'number'] as const).map((type) => ({
                      value: type,
                      label: t(`leads.forms.types.${type}`),
                    }))}
                  />
                </Form.Item>
                <Form.Item name={[item.name, 'required']} valuePropName="checked" noStyle>
                  <Checkbox>{t('leads.forms.required')}</Checkbox>
                </Form.Item>
                <Button
                  type="text"
                  icon={<DeleteOutlined />}
                  onClick={() => remove(item.name)}
                  aria-label={t('leads.rules.delete')}
                />
              </Flex>
            ))}
            <div>
              <Button
                icon={<PlusOutlined />}
                size="small"
                onClick={() => add({ key: '', label: '', type: 'text', required: false })}
              >
                {t('leads.forms.addCustom')}
              </Button>
            </div>
          </Flex>
        )}
      </Form.List>
    </FormDialog>
  );
}
