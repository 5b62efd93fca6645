import { Form, Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { localeOptions, useRoleOptions, useTeamOptions } from '../hooks/useOptions.ts';

/** Name, role, team and language: the fields an admin sets when creating or editing a staff member. */
export function UserProfileFields() {
  const { t } = useTranslation();
  const roleOptions = useRoleOptions();
  const teams = useTeamOptions();
  return (
    <>
      <Form.Item
        name="name"
        label={t('common.name')}
        rules={[{ required: true, whitespace: true, max: 100 }]}
      >
        <Input autoComplete="off" />
      </Form.Item>
      <Form.Item name="role" label={t('common.role')} rules={[{ required: true }]}>
        <Select options={roleOptions} />
      </Form.Item>
      <Form.Item name="teamId" label={t('common.team')}>
        <Select
          allowClear
          placeholder={t('home.noTeam')}
          showSearch={{ optionFilterProp: 'label' }}
          options={teams.options}
          loading={teams.loading}
        />
      </Form.Item>
      <Form.Item name="locale" label={t('users.localeLabel')}>
        <Select options={localeOptions} />
      </Form.Item>
    </>
  );
}
