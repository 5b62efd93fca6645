import { Flex, Layout, Menu, theme } from 'antd';
import type { MenuProps } from 'antd';
import { Suspense, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation } from 'react-router';
import { LanguageSwitch } from '../components/LanguageSwitch.tsx';
import { Loading } from '../components/Loading.tsx';
import { useCurrentUser } from '../features/auth/hooks/useSession.ts';
import { NotificationBell } from '../features/notifications/components/NotificationBell.tsx';
import { visibleAreas } from './areas.tsx';
import type { AppArea } from './areas.tsx';
import { UserMenu } from './UserMenu.tsx';

type MenuItem = Required<MenuProps>['items'][number];

function useMenu(areas: AppArea[]): MenuItem[] {
  const { t } = useTranslation();
  return areas.map((area): MenuItem => {
    const [only] = area.pages;
    if (only && area.pages.length === 1) {
      return {
        key: only.path,
        icon: area.icon,
        label: <Link to={only.path}>{t(`nav.${only.labelKey}`)}</Link>,
      };
    }
    return {
      key: area.key,
      icon: area.icon,
      label: t(`nav.${area.labelKey}`),
      children: area.pages.map((page) => ({
        key: page.path,
        label: <Link to={page.path}>{t(`nav.${page.labelKey}`)}</Link>,
      })),
    };
  });
}

/** The application frame: sidebar with the areas this role may use, top bar with language and user menu. */
export function AppLayout() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const { pathname } = useLocation();
  const { token } = theme.useToken();
  const [collapsed, setCollapsed] = useState(false);
  const areas = useMemo(() => visibleAreas(user.role), [user.role]);
  const items = useMenu(areas);
  const openArea = areas.find(
    (area) => area.pages.length > 1 && area.pages.some((page) => page.path === pathname),
  );
  // Every submenu starts open: the sidebar has a handful of areas, and a closed one hides its pages (staff
  // looked for Settings under a closed menu). Users may close what they do not need.
  const [openKeys, setOpenKeys] = useState<string[]>(() =>
    areas.filter((area) => area.pages.length > 1).map((area) => area.key),
  );
  const [shownArea, setShownArea] = useState(openArea?.key);
  if (openArea && openArea.key !== shownArea) {
    setShownArea(openArea.key);
    if (!openKeys.includes(openArea.key)) setOpenKeys([...openKeys, openArea.key]);
  }

  return (
    <Layout style={{ minHeight: '100%' }}>
      <Layout.Sider
        collapsible
        collapsed={collapsed}
        onCollapse={setCollapsed}
        breakpoint="lg"
        width={220}
        theme="light"
        // Sticky, so the menu stays in view while a long page scrolls.
        style={{
          borderRight: `1px solid ${token.colorBorderSecondary}`,
          position: 'sticky',
          top: 0,
          height: '100vh',
          overflow: 'auto',
        }}
      >
        <Link
          to="/"
          style={{ display: 'block', padding: '16px 20px', whiteSpace: 'nowrap', overflow: 'hidden' }}
        >
          <span style={{ fontSize: 18, fontWeight: 600, color: token.colorPrimary }}>
            {collapsed ? t('app.short') : t('app.name')}
          </span>
        </Link>
        <Menu
          mode="inline"
          data-testid="main-menu"
          items={items}
          selectedKeys={[pathname]}
          openKeys={collapsed ? undefined : openKeys}
          onOpenChange={setOpenKeys}
          style={{ borderInlineEnd: 'none' }}
        />
      </Layout.Sider>
      <Layout style={{ minWidth: 0 }}>
        <Layout.Header
          style={{
            background: token.colorBgContainer,
            borderBottom: `1px solid ${token.colorBorderSecondary}`,
            padding: '0 16px',
            height: 56,
            lineHeight: 'normal',
          }}
        >
          <Flex align="center" justify="flex-end" gap={12} style={{ height: '100%' }}>
            <NotificationBell />
            <LanguageSwitch size="small" />
            <UserMenu />
          </Flex>
        </Layout.Header>
        <Layout.Content style={{ padding: 24, minWidth: 0 }}>
          <Suspense fallback={<Loading />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
