import { Col, DatePicker, Form, Input, InputNumber, Select } from 'antd';
import type { FormRule } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomField } from '#src/modules/customers/customers.schema.ts';

/** One control per custom field, chosen by its type, with its required rule. */
function CustomFieldInput({ field }: { field: CustomField }) {
  const { t } = useTranslation();
  const rules: FormRule[] = [
    { required: field.required, message: t('common.required', { field: field.label }) },
  ];
  const item = (control: ReactNode, extra: FormRule[] = []) => (
    <Form.Item name={['custom', field.key]} label={field.label} rules={[...rules, ...extra]}>
      {control}
    </Form.Item>
  );
  const options = field.options.map((option) => ({ value: option, label: option }));
  switch (field.type) {
    case 'text':
      return item(<Input maxLength={1000} />, [{ max: 1000 }]);
    case 'number':
      return item(<InputNumber style={{ width: '100%' }} />);
    case 'date':
      return item(<DatePicker style={{ width: '100%' }} />);
    case 'select':
      return item(<Select allowClear options={options} />);
    case 'multiselect':
      return item(<Select mode="multiple" allowClear options={options} />);
    case 'boolean':
      return item(
        <Select
          allowClear
          options={[
            { value: true, label: t('customers.yes') },
            { value: false, label: t('customers.no') },
          ]}
        />,
      );
  }
}

/** The admin-defined fields of a customer, in their order; archived fields are not shown. */
export function CustomFieldInputs({ fields }: { fields: CustomField[] }) {
  return fields.map((field) => (
    <Col xs={24} sm={12} key={field.key}>
      <CustomFieldInput field={field} />
    </Col>
  ));
}
