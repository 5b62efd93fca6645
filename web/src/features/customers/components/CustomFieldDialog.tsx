import { Form, Input, InputNumber, Select, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CustomField, CustomFieldType } from '#src/modules/customers/customers.schema.ts';
import { FormDialog } from '../../../components/FormDialog.tsx';
import { isApiError } from '../../../lib/api.ts';
import { useNotify } from '../../../lib/notify.tsx';
import { useApiError } from '../../../lib/useApiError.ts';
import { useCreateCustomField, useUpdateCustomField } from '../hooks/useCustomFields.ts';
import { useCustomerOptions } from '../hooks/useOptions.ts';

interface Values {
  key: string;
  label: string;
  type: CustomFieldType;
  options?: string[];
  required: boolean;
  position?: number | null;
}
const fields = ['key', 'label', 'type', 'options', 'required', 'position'] as const;
const hasOptions = (type: CustomFieldType | undefined) => type === 'select' || type === 'multiselect';

/** Defines a custom field (`field` null) or changes one; the key and type are fixed once created. */
export function CustomFieldDialog({
  open,
  field,
  nextPosition,
  onClose,
}: {
  open: boolean;
  field: CustomField | null;
  nextPosition: number;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const message = useNotify();
  const showError = useApiError();
  const options = useCustomerOptions();
  const [form] = Form.useForm<Values>();
  const type = Form.useWatch('type', form) ?? field?.type;
  const create = useCreateCustomField();
  const update = useUpdateCustomField();

  const done = (text: string) => {
    void message.success(text);
    onClose();
  };
  const onError = (error: Error) => {
    showError(error, form, fields);
    if (isApiError(error, 409) && error.code === 'record.version_conflict') onClose();
  };
  const onSubmit = (values: Values) => {
    const fieldOptions = hasOptions(values.type)
      ? (values.options ?? []).map((o) => o.trim()).filter(Boolean)
      : undefined;
    if (field) {
      update.mutate(
        {
          field,
          changes: {
            label: values.label.trim(),
            required: values.required,
            ...(values.position === null || values.position === undefined
              ? {}
              : { position: values.position }),
            ...(fieldOptions ? { options: fieldOptions } : {}),
          },
        },
        { onSuccess: () => done(t('customers.customFields.saved')), onError },
      );
      return;
    }
    create.mutate(
      {
        key: values.key.trim(),
        label: values.label.trim(),
        type: values.type,
        required: values.required,
        ...(values.position === null || values.position === undefined ? {} : { position: values.position }),
        ...(fieldOptions ? { options: fieldOptions } : {}),
      },
      { onSuccess: () => done(t('customers.customFields.created')), onError },
    );
  };

  return (
    <FormDialog<Values>
      key={field?.id ?? 'new'}
      open={open}
      title={field ? t('customers.customFields.editTitle') : t('customers.customFields.createTitle')}
      okText={field ? t('common.save') : t('common.create')}
      form={form}
      name="customField"
      initialValues={
        field
          ? {
              key: field.key,
              label: field.label,
              type: field.type,
              options: field.options,
              required: field.required,
              position: field.position,
            }
          : { key: '', label: '', type: 'text', options: [], required: false, position: nextPosition }
      }
      pending={create.isPending || update.isPending}
      onSubmit={onSubmit}
      onClose={onClose}
      testId="custom-field-dialog"
    >
      <Form.Item
        name="label"
        label={t('customers.customFields.label')}
        rules={[{ required: true, whitespace: true, max: 100 }]}
      >
        <Input maxLength={100} autoComplete="off" />
      </Form.Item>
      <Form.Item
        name="key"
        label={t('customers.customFields.key')}
        extra={field ? undefined : t('customers.customFields.keyHint')}
        rules={[
          { required: true },
          { pattern: /^[a-z][a-z0-9_]{0,49}$/, message: t('customers.validation.key') },
        ]}
      >
        <Input
          disabled={field !== null}
          maxLength={50}
          autoComplete="off"
          style={{ fontFamily: 'ui-monospace, Menlo, Consolas, monospace' }}
        />
      </Form.Item>
      <Form.Item name="type" label={t('customers.customFields.type')} rules={[{ required: true }]}>
        <Select<CustomFieldType> options={options.fieldTypes} disabled={field !== null} />
      </Form.Item>
      {hasOptions(type) && (
        <Form.Item
          name="options"
          label={t('customers.customFields.options')}
          extra={t('customers.customFields.optionsHint')}
          rules={[{ required: true, type: 'array', min: 1 }]}
        >
          <Select mode="tags" open={false} suffixIcon={null} tokenSeparators={[',', '，']} />
        </Form.Item>
      )}
      <Form.Item name="required" label={t('customers.customFields.required')} valuePropName="checked">
        <Switch />
      </Form.Item>
      <Form.Item name="position" label={t('customers.customFields.position')}>
        <InputNumber precision={0} style={{ width: 160 }} />
      </Form.Item>
    </FormDialog>
  );
}
