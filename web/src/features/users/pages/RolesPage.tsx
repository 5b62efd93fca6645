import { CheckOutlined, MinusOutlined } from '@ant-design/icons';
import { Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { roles } from '#src/modules/users/users.schema.ts';
import type { Role } from '#src/modules/users/users.schema.ts';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { RoleTag } from '../components/RoleTag.tsx';

/** What each role may do (DESIGN §5), in the interface language. */
export function RolesPage() {
  const { t } = useTranslation();
  const columns: TableColumnsType<{ role: Role }> = [
    {
      title: t('common.role'),
      dataIndex: 'role',
      width: 120,
      render: (role: Role) => <RoleTag role={role} />,
    },
    {
      title: t('roleInfo.scope'),
      dataIndex: 'role',
      key: 'scope',
      render: (role: Role) => t(`roleInfo.${role}`),
    },
    {
      title: t('roleInfo.adminPages'),
      dataIndex: 'role',
      key: 'admin',
      width: 200,
      align: 'center',
      render: (role: Role) =>
        role === 'admin' ? (
          <CheckOutlined style={{ color: '#16a34a' }} />
        ) : (
          <MinusOutlined style={{ color: '#bbb' }} />
        ),
    },
  ];
  return (
    <div data-testid="roles-page">
      <PageHeader title={t('roleInfo.title')} />
      <Typography.Paragraph type="secondary" style={{ maxWidth: 760 }}>
        {t('roleInfo.intro')}
      </Typography.Paragraph>
      <Table
        rowKey="role"
        columns={columns}
        dataSource={roles.map((role) => ({ role }))}
        pagination={false}
        scroll={{ x: 640 }}
      />
    </div>
  );
}
