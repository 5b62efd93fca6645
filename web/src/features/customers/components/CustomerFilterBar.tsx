import { ClearOutlined } from '@ant-design/icons';
import { Button, Cascader, DatePicker, Input, Select } from 'antd';
import dayjs from 'dayjs';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { RfmSegment } from '#src/modules/analytics/rfm.segments.ts';
import type { CustomerKind, LifecycleStage } from '#src/modules/customers/customers.schema.ts';
import type { CustomerFilters } from '../api/customers.ts';
import { hasFilters } from '../hooks/listFilters.ts';
import { useCustomerOptions, useSortOptions } from '../hooks/useOptions.ts';
import { CustomFieldFilter } from './CustomFieldFilter.tsx';
import { OwnerSelect } from './OwnerSelect.tsx';

type KeyAccount = NonNullable<CustomerFilters['keyAccount']>;
type ValueClass = NonNullable<CustomerFilters['valueClass']>;
type Sort = NonNullable<CustomerFilters['sort']>;

/**
 * Search box and filters of the customer list: kind, stage, key account, value class, RFM segment, tags, owner,
 * region, created, custom.
 */
export function CustomerFilterBar({
  filters,
  onChange,
}: {
  filters: CustomerFilters;
  onChange: (filters: CustomerFilters) => void;
}) {
  const { t } = useTranslation();
  const options = useCustomerOptions();
  const sortOptions = useSortOptions();
  const set = (changes: Partial<CustomerFilters>) => onChange({ ...filters, ...changes });
  const region = [filters.province, filters.city].filter((part): part is string => Boolean(part));
  const onRange = (range: [Dayjs | null, Dayjs | null] | null) =>
    set({ createdFrom: range?.[0]?.format('YYYY-MM-DD'), createdTo: range?.[1]?.format('YYYY-MM-DD') });

  return (
    <div
      style={{ display: 'flex', flexWrap: 'wrap', gap: 8, marginBottom: 16 }}
      data-testid="customer-filters"
    >
      <Input.Search
        // A new search text from a saved view or "clear" replaces what was typed.
        key={filters.q ?? ''}
        allowClear
        data-testid="customer-search"
        placeholder={t('customers.searchPlaceholder')}
        defaultValue={filters.q}
        onSearch={(q) => set({ q: q.trim() || undefined })}
        style={{ width: 260, maxWidth: '100%' }}
      />
      <Select<CustomerKind>
        allowClear
        data-testid="filter-kind"
        placeholder={t('customers.filters.anyKind')}
        value={filters.kind}
        options={options.kinds}
        onChange={(kind) => set({ kind })}
        style={{ width: 130 }}
        popupMatchSelectWidth={false}
      />
      <Select<LifecycleStage[]>
        mode="multiple"
        allowClear
        maxTagCount="responsive"
        data-testid="filter-stage"
        placeholder={t('customers.filters.anyStage')}
        value={filters.lifecycleStage ?? []}
        options={options.stages}
        onChange={(stages) => set({ lifecycleStage: stages.length > 0 ? stages : undefined })}
        style={{ width: 200 }}
        popupMatchSelectWidth={false}
      />
      <Select<KeyAccount>
        allowClear
        placeholder={t('customers.filters.anyKeyAccount')}
        value={filters.keyAccount}
        options={[
          { value: 'true', label: t('customers.filters.keyOnly') },
          { value: 'false', label: t('customers.filters.notKey') },
        ]}
        onChange={(keyAccount) => set({ keyAccount })}
        style={{ width: 160 }}
        popupMatchSelectWidth={false}
      />
      <Select<ValueClass>
        allowClear
        data-testid="filter-value-class"
        placeholder={t('customers.filters.anyValueClass')}
        value={filters.valueClass}
        options={options.valueClasses}
        onChange={(valueClass) => set({ valueClass })}
        style={{ width: 150 }}
        popupMatchSelectWidth={false}
      />
      <Select<RfmSegment[]>
        mode="multiple"
        allowClear
        maxTagCount="responsive"
        data-testid="filter-segment"
        placeholder={t('customers.filters.anySegment')}
        value={filters.rfmSegment ?? []}
        options={options.segments}
        onChange={(segments) => set({ rfmSegment: segments.length > 0 ? segments : undefined })}
        style={{ width: 200 }}
        popupMatchSelectWidth={false}
      />
      <Select<string[]>
        mode="tags"
        allowClear
        maxTagCount="responsive"
        placeholder={t('customers.filters.tags')}
        value={filters.tag ?? []}
        open={false}
        suffixIcon={null}
        onChange={(tags) =>
          set({ tag: tags.length > 0 ? tags.map((tag) => tag.trim()).filter(Boolean) : undefined })
        }
        style={{ width: 180 }}
      />
      <OwnerSelect
        testId="filter-owner"
        placeholder={t('customers.filters.anyOwner')}
        value={filters.ownerId}
        extra={[
          { value: 'me', label: t('customers.me') },
          { value: 'none', label: t('customers.unassigned') },
        ]}
        onChange={(ownerId) => set({ ownerId })}
        style={{ width: 160 }}
      />
      <Cascader
        changeOnSelect
        showSearch
        placeholder={t('customers.filters.region')}
        value={region}
        options={options.regions}
        onChange={(path) => set({ province: path?.[0], city: path?.[1] })}
        style={{ width: 200 }}
      />
      <DatePicker.RangePicker
        allowEmpty={[true, true]}
        placeholder={[t('customers.filters.createdFrom'), t('customers.filters.createdTo')]}
        value={[
          filters.createdFrom ? dayjs(filters.createdFrom) : null,
          filters.createdTo ? dayjs(filters.createdTo) : null,
        ]}
        onChange={onRange}
        style={{ width: 260, maxWidth: '100%' }}
      />
      <CustomFieldFilter value={filters.custom} onChange={(custom) => set({ custom })} />
      <Select<Sort>
        aria-label={t('customers.filters.sort')}
        data-testid="customer-sort"
        value={filters.sort ?? 'name'}
        options={sortOptions}
        onChange={(sort) => set({ sort: sort === 'name' ? undefined : sort })}
        style={{ width: 170 }}
        popupMatchSelectWidth={false}
      />
      {hasFilters(filters) && (
        <Button
          icon={<ClearOutlined />}
          onClick={() => onChange({ sort: filters.sort, deleted: filters.deleted })}
          data-testid="filters-clear"
        >
          {t('customers.filters.clear')}
        </Button>
      )}
    </div>
  );
}
