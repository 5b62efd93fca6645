import { FilterOutlined } from '@ant-design/icons';
import { Button, DatePicker, Input, InputNumber, Popover, Select, Space, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomField } from '#src/modules/customers/customers.schema.ts';
import {
  customFilterExpression,
  operatorNames,
  operatorsFor,
  parseCustomFilter,
} from '../hooks/customFilter.ts';
import type { Operator } from '../hooks/customFilter.ts';
import { useCustomFields } from '../hooks/useCustomFields.ts';

/** The value input that fits the field's type; produces the text the filter expression carries. */
function ValueInput({
  field,
  value,
  onChange,
}: {
  field: CustomField;
  value: string;
  onChange: (v: string) => void;
}) {
  const { t } = useTranslation();
  const placeholder = t('customers.filters.value');
  switch (field.type) {
    case 'number':
      return (
        <InputNumber
          placeholder={placeholder}
          value={value === '' ? null : Number(value)}
          onChange={(v) => onChange(v === null ? '' : String(v))}
          style={{ width: 160 }}
        />
      );
    case 'date':
      return (
        <DatePicker
          placeholder={placeholder}
          onChange={(day: Dayjs | null) => onChange(day ? day.format('YYYY-MM-DD') : '')}
        />
      );
    case 'boolean':
      return (
        <Select<string>
          placeholder={placeholder}
          value={value || undefined}
          onChange={onChange}
          options={[
            { value: 'true', label: t('customers.yes') },
            { value: 'false', label: t('customers.no') },
          ]}
          style={{ width: 160 }}
        />
      );
    case 'select':
    case 'multiselect':
      return (
        <Select<string>
          placeholder={placeholder}
          value={value || undefined}
          onChange={onChange}
          options={field.options.map((option) => ({ value: option, label: option }))}
          style={{ width: 160 }}
          popupMatchSelectWidth={false}
        />
      );
    case 'text':
      return (
        <Input
          placeholder={placeholder}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          style={{ width: 160 }}
        />
      );
  }
}

/**
 * Filters on custom fields: pick a field, a comparison and a value; each active filter shows as a tag that can be
 * removed. Expressions are the list's `custom` parameters (`level=gold`, `seats>=10`).
 */
export function CustomFieldFilter({
  value = [],
  onChange,
}: {
  value?: string[] | undefined;
  onChange: (custom: string[] | undefined) => void;
}) {
  const { t } = useTranslation();
  const { activeFields, fields } = useCustomFields();
  const [open, setOpen] = useState(false);
  const [fieldKey, setFieldKey] = useState<string | undefined>(undefined);
  const [operator, setOperator] = useState<Operator>('=');
  const [text, setText] = useState('');
  const field = activeFields.find((f) => f.key === fieldKey);

  const pickField = (key: string) => {
    const next = activeFields.find((f) => f.key === key);
    setFieldKey(key);
    setOperator(next ? (operatorsFor(next.type)[0] ?? '=') : '=');
    setText('');
  };
  const add = () => {
    if (!field || text.trim() === '') return;
    onChange([...value, customFilterExpression(field, operator, text.trim())]);
    setOpen(false);
    setFieldKey(undefined);
    setText('');
  };
  const describe = (expression: string) => {
    const parsed = parseCustomFilter(expression);
    if (!parsed) return expression;
    const label = fields.find((f) => f.key === parsed.key)?.label ?? parsed.key;
    const op = operatorNames[parsed.operator as Operator];
    return `${label} ${op ? t(`customers.operators.${op}`) : parsed.operator} ${parsed.value}`;
  };

  if (activeFields.length === 0 && value.length === 0) return null;
  return (
    <>
      {value.map((expression) => (
        <Tag
          key={expression}
          closable
          onClose={() => {
            const rest = value.filter((e) => e !== expression);
            onChange(rest.length > 0 ? rest : undefined);
          }}
          style={{ display: 'inline-flex', alignItems: 'center', margin: 0, height: 32 }}
          data-testid="custom-filter-tag"
        >
          {describe(expression)}
        </Tag>
      ))}
      <Popover
        open={open}
        onOpenChange={setOpen}
        trigger="click"
        placement="bottomLeft"
        content={
          <Space wrap>
            <Select<string>
              placeholder={t('customers.filters.customField')}
              value={fieldKey}
              onChange={pickField}
              options={activeFields.map((f) => ({ value: f.key, label: f.label }))}
              style={{ width: 180 }}
              popupMatchSelectWidth={false}
            />
            {field && (
              <>
                <Select<Operator>
                  value={operator}
                  onChange={setOperator}
                  options={operatorsFor(field.type).map((op) => ({
                    value: op,
                    label: t(`customers.operators.${operatorNames[op]}`),
                  }))}
                  style={{ width: 110 }}
                  popupMatchSelectWidth={false}
                />
                <ValueInput field={field} value={text} onChange={setText} />
              </>
            )}
            <Button type="primary" onClick={add} disabled={!field || text.trim() === ''}>
              {t('customers.filters.add')}
            </Button>
          </Space>
        }
      >
        <Button icon={<FilterOutlined />} data-testid="custom-filter">
          {t('customers.filters.customField')}
        </Button>
      </Popover>
    </>
  );
}
