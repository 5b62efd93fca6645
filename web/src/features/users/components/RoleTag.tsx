import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Role } from '#src/modules/users/users.schema.ts';

const roleColors: Record<Role, string> = {
  admin: 'red',
  manager: 'gold',
  sales: 'blue',
  service: 'cyan',
  marketing: 'purple',
  viewer: 'default',
};

export function RoleTag({ role }: { role: Role }) {
  const { t } = useTranslation();
  return <Tag color={roleColors[role]}>{t(`roles.${role}`)}</Tag>;
}
