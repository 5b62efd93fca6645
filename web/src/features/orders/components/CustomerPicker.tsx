import { Select, Typography } from 'antd';
import type { CSSProperties } from 'react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCustomerName, useCustomerOptions } from '../hooks/useOrders.ts';

interface Option {
  value: string;
  /** The name alone, so the chosen customer reads the same however it was found. */
  label: string;
  /** Ref and city, shown in the list to tell namesakes apart. */
  detail?: string;
}

/** Picks any customer the user may see, searched by name, pinyin, phone or email on the server. */
export function CustomerPicker({
  value,
  onChange,
  placeholder,
  id,
  style,
  testId,
}: {
  value?: string | undefined;
  onChange?: (value: string | undefined) => void;
  placeholder?: string;
  id?: string;
  style?: CSSProperties;
  testId?: string;
}) {
  const { t } = useTranslation();
  const search = useCustomerOptions();
  const [picked, setPicked] = useState<Option | undefined>(undefined);
  const known = [picked, ...search.options].some((o) => o?.value === value);
  const name = useCustomerName(value, known);
  const options: Option[] = [];
  for (const option of [picked, value && name ? { value, label: name } : undefined, ...search.options]) {
    if (option && !options.some((o) => o.value === option.value)) options.push(option);
  }
  return (
    <Select<string, Option>
      id={id}
      allowClear
      data-testid={testId}
      placeholder={placeholder ?? t('data.orders.customerPlaceholder')}
      value={value}
      options={options}
      loading={search.loading}
      showSearch={{ filterOption: false, onSearch: search.setSearch }}
      optionRender={({ data }) => (
        <span>
          {data.label}
          {data.detail && (
            <Typography.Text type="secondary" style={{ marginInlineStart: 8, fontSize: 12 }}>
              {data.detail}
            </Typography.Text>
          )}
        </span>
      )}
      onChange={(next) => {
        setPicked(options.find((o) => o.value === next));
        onChange?.(next ?? undefined);
      }}
      popupMatchSelectWidth={false}
      style={{ width: '100%', ...style }}
    />
  );
}
