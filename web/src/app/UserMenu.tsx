import { ApiOutlined, DownOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { Avatar, Button, Dropdown, Flex } from 'antd';
import type { MenuProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useCurrentUser, useLogout } from '../features/auth/hooks/useSession.ts';

/** The signed-in user's name with: my account, API docs (admins), log out. */
export function UserMenu() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const navigate = useNavigate();
  const logout = useLogout();

  const items: MenuProps['items'] = [
    { key: 'account', icon: <UserOutlined />, label: t('nav.account') },
    ...(user.role === 'admin'
      ? [
          {
            key: 'apiDocs',
            icon: <ApiOutlined />,
            label: (
              <a href="/api/docs" target="_blank" rel="noreferrer">
                {t('nav.apiDocs')}
              </a>
            ),
          },
        ]
      : []),
    { type: 'divider' },
    { key: 'logout', icon: <LogoutOutlined />, label: t('nav.logout'), danger: true },
  ];

  const onClick: MenuProps['onClick'] = ({ key }) => {
    if (key === 'account') void navigate('/settings/account');
    if (key === 'logout')
      logout.mutate(undefined, { onSettled: () => void navigate('/login', { replace: true }) });
  };

  return (
    <Dropdown menu={{ items, onClick }} trigger={['click']} placement="bottomRight">
      <Button type="text" data-testid="user-menu" style={{ maxWidth: 260, height: 40 }}>
        <Flex align="center" gap={8} style={{ minWidth: 0 }}>
          <Avatar size="small" icon={<UserOutlined />} style={{ flex: 'none' }} />
          <span
            title={user.name}
            style={{ maxWidth: 180, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}
          >
            {user.name}
          </span>
          <DownOutlined style={{ fontSize: 10, flex: 'none' }} />
        </Flex>
      </Button>
    </Dropdown>
  );
}
