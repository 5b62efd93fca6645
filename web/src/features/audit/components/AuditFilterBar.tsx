import { DatePicker, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { auditActions, auditEntities } from '../api/audit.ts';
import type { AuditFilters } from '../api/audit.ts';
import { useUserSearch } from '../hooks/useUserSearch.ts';

/** Record type, action, user and time range filters of the audit log. */
export function AuditFilterBar({
  filters,
  onChange,
}: {
  filters: AuditFilters;
  onChange: (filters: AuditFilters) => void;
}) {
  const { t } = useTranslation();
  const users = useUserSearch();
  const onRange = (range: [Dayjs | null, Dayjs | null] | null) =>
    onChange({ ...filters, from: range?.[0]?.toISOString(), to: range?.[1]?.toISOString() });
  return (
    <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, marginBottom: 16 }}>
      <Select<string>
        allowClear
        data-testid="audit-entity-filter"
        placeholder={t('audit.anyEntity')}
        value={filters.entity}
        options={auditEntities.map((value) => ({ value, label: t(`audit.entities.${value}`) }))}
        onChange={(entity) => onChange({ ...filters, entity })}
        style={{ width: 180 }}
        popupMatchSelectWidth={false}
      />
      <Select<string>
        allowClear
        placeholder={t('audit.anyAction')}
        value={filters.action}
        options={auditActions.map((value) => ({ value, label: t(`audit.actions.${value}`) }))}
        onChange={(action) => onChange({ ...filters, action })}
        style={{ width: 180 }}
        popupMatchSelectWidth={false}
      />
      <Select<string>
        allowClear
        placeholder={t('audit.anyUser')}
        value={filters.userId}
        options={users.options}
        loading={users.loading}
        showSearch={{ filterOption: false, onSearch: users.setSearch }}
        onChange={(userId) => onChange({ ...filters, userId })}
        style={{ width: 260, maxWidth: '100%' }}
        popupMatchSelectWidth={false}
      />
      <DatePicker.RangePicker
        showTime={{ format: 'HH:mm' }}
        format="YYYY-MM-DD HH:mm"
        placeholder={[t('audit.startTime'), t('audit.endTime')]}
        allowEmpty={[true, true]}
        onChange={onRange}
        style={{ maxWidth: '100%' }}
      />
    </div>
  );
}
