import { Select } from 'antd';
import { useState } from 'react';
import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { useOwnerSearch } from '../hooks/usePickers.ts';

interface Option {
  value: string;
  label: string;
}

/**
 * Picks a staff member by typing part of a name or email. `known` labels the current value before any search
 * (e.g. the customer's owner); `extra` adds fixed choices such as "me" and "unassigned" at the top.
 */
export function OwnerSelect({
  value,
  onChange,
  known,
  extra = [],
  placeholder,
  allowClear = true,
  style,
  testId,
  id,
}: {
  value?: string | null | undefined;
  onChange?: (value: string | undefined) => void;
  known?: Option | undefined;
  extra?: Option[];
  placeholder?: string;
  allowClear?: boolean;
  style?: CSSProperties;
  testId?: string;
  id?: string;
}) {
  const { t } = useTranslation();
  const search = useOwnerSearch();
  // Remembers the label of what was picked, so it still shows after the search results change.
  const [picked, setPicked] = useState<Option | undefined>(undefined);
  const options: Option[] = [...extra];
  for (const option of [known, picked, ...search.options]) {
    if (option && !options.some((o) => o.value === option.value)) options.push(option);
  }
  return (
    <Select<string>
      id={id}
      allowClear={allowClear}
      data-testid={testId}
      placeholder={placeholder ?? t('customers.fields.owner')}
      value={value ?? undefined}
      options={options}
      loading={search.loading}
      showSearch={{ filterOption: false, onSearch: search.setSearch }}
      onChange={(next) => {
        setPicked(options.find((o) => o.value === next));
        onChange?.(next);
      }}
      style={style}
      popupMatchSelectWidth={false}
    />
  );
}
