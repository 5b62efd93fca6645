import { AutoComplete, Input, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProductFilters } from '../api/products.ts';
import { useCategoryOptions } from '../hooks/useProducts.ts';

type Active = NonNullable<ProductFilters['active']>;

/** Search by name or SKU, category (suggested or typed) and on sale / discontinued. */
export function ProductFilterBar({
  filters,
  onChange,
}: {
  filters: ProductFilters;
  onChange: (filters: ProductFilters) => void;
}) {
  const { t } = useTranslation();
  const categoryOptions = useCategoryOptions();
  const [category, setCategory] = useState(filters.category ?? '');
  const applyCategory = (value: string) => {
    const next = value.trim() || undefined;
    if (next !== filters.category) onChange({ ...filters, category: next });
  };
  return (
    <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, marginBottom: 16 }}>
      <Input.Search
        allowClear
        data-testid="product-search"
        placeholder={t('data.products.searchPlaceholder')}
        defaultValue={filters.q}
        onSearch={(q) => onChange({ ...filters, q: q.trim() || undefined })}
        style={{ width: 260, maxWidth: '100%' }}
      />
      <AutoComplete
        allowClear
        data-testid="product-category-filter"
        placeholder={t('data.products.anyCategory')}
        value={category}
        options={categoryOptions}
        showSearch={{
          filterOption: (input, option) =>
            (option?.value ?? '').toLowerCase().includes(input.trim().toLowerCase()),
        }}
        onChange={(value: string | undefined) => {
          setCategory(value ?? '');
          if (!value) applyCategory('');
        }}
        onSelect={(value: string | undefined) => applyCategory(value ?? '')}
        onBlur={() => applyCategory(category)}
        onInputKeyDown={(event) => {
          if (event.key === 'Enter') applyCategory(category);
        }}
        style={{ width: 200 }}
      />
      <Select<Active>
        allowClear
        placeholder={t('data.products.anyStatus')}
        value={filters.active}
        options={[
          { value: 'true', label: t('data.products.onSale') },
          { value: 'false', label: t('data.products.discontinued') },
        ]}
        onChange={(active) => onChange({ ...filters, active })}
        style={{ width: 160 }}
      />
    </div>
  );
}
