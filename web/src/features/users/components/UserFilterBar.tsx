import { Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Role } from '#src/modules/users/users.schema.ts';
import type { UserFilters } from '../api/users.ts';
import { useRoleOptions, useTeamOptions } from '../hooks/useOptions.ts';

type Active = NonNullable<UserFilters['active']>;

/** Search, role, team and status filters of the user list. */
export function UserFilterBar({
  filters,
  onChange,
}: {
  filters: UserFilters;
  onChange: (filters: UserFilters) => void;
}) {
  const { t } = useTranslation();
  const roleOptions = useRoleOptions();
  const teamOptions = useTeamOptions();
  return (
    <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, marginBottom: 16 }}>
      <Input.Search
        allowClear
        data-testid="user-search"
        placeholder={t('users.searchPlaceholder')}
        defaultValue={filters.q}
        onSearch={(q) => onChange({ ...filters, q: q.trim() || undefined })}
        style={{ width: 260, maxWidth: '100%' }}
      />
      <Select<Role>
        allowClear
        placeholder={t('users.anyRole')}
        value={filters.role}
        options={roleOptions}
        onChange={(role) => onChange({ ...filters, role })}
        style={{ width: 160 }}
      />
      <Select<string>
        allowClear
        showSearch={{ optionFilterProp: 'label' }}
        placeholder={t('users.anyTeam')}
        value={filters.teamId}
        options={teamOptions.options}
        loading={teamOptions.loading}
        onChange={(teamId) => onChange({ ...filters, teamId })}
        style={{ width: 200 }}
        popupMatchSelectWidth={false}
      />
      <Select<Active>
        allowClear
        placeholder={t('users.anyStatus')}
        value={filters.active}
        options={[
          { value: 'true', label: t('common.active') },
          { value: 'false', label: t('common.inactive') },
        ]}
        onChange={(active) => onChange({ ...filters, active })}
        style={{ width: 180 }}
      />
    </div>
  );
}
