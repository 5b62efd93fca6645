import { Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomerKind } from '#src/modules/customers/customers.schema.ts';
import { useCustomerSearch } from '../hooks/usePickers.ts';

interface Option {
  value: string;
  label: string;
}

/** Picks a customer of one kind by name, pinyin, phone or email (for links and the parent organisation). */
export function CustomerSelect({
  kind,
  value,
  onChange,
  known,
  excludeId,
  placeholder,
  testId,
  id,
}: {
  kind: CustomerKind;
  value?: string | null | undefined;
  onChange?: (value: string | null) => void;
  known?: Option | undefined;
  excludeId?: string | undefined;
  placeholder?: string;
  testId?: string;
  id?: string;
}) {
  const { t } = useTranslation();
  const search = useCustomerSearch(kind, excludeId);
  const [picked, setPicked] = useState<Option | undefined>(undefined);
  const options: Option[] = [];
  for (const option of [known, picked, ...search.options]) {
    if (option && !options.some((o) => o.value === option.value)) options.push(option);
  }
  return (
    <Select<string>
      id={id}
      allowClear
      data-testid={testId}
      placeholder={placeholder ?? t('customers.searchPlaceholder')}
      value={value ?? undefined}
      options={options}
      loading={search.loading}
      showSearch={{ filterOption: false, onSearch: search.setSearch }}
      onChange={(next) => {
        setPicked(options.find((o) => o.value === next));
        onChange?.(next ?? null);
      }}
      style={{ width: '100%' }}
    />
  );
}
