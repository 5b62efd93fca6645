import { HomeOutlined, SettingOutlined } from '@ant-design/icons';
import type { ComponentType, LazyExoticComponent, ReactNode } from 'react';
import type { Role } from '#src/modules/users/users.schema.ts';
import type { en } from '../i18n/en.ts';
import { lazyPage } from './lazyPage.ts';

type NavKey = keyof (typeof en)['nav'];

export interface AppPage {
  path: string;
  labelKey: NavKey;
  /** Who may open the page; everyone signed in when absent. Others get the 403 page and no menu item. */
  roles?: readonly Role[];
  component: LazyExoticComponent<ComponentType>;
}

export interface AppArea {
  key: string;
  labelKey: NavKey;
  icon: ReactNode;
  pages: readonly AppPage[];
}

const adminOnly = ['admin'] as const satisfies readonly Role[];

/**
 * The areas of the sidebar and their routes, in menu order. Only areas that work are listed: customers,
 * sales, marketing, service and analytics each join as one entry here when their pages exist.
 */
export const areas: readonly AppArea[] = [
  {
    key: 'overview',
    labelKey: 'overview',
    icon: <HomeOutlined />,
    pages: [
      {
        path: '/',
        labelKey: 'overview',
        component: lazyPage(() => import('../features/home/pages/HomePage.tsx'), 'HomePage'),
      },
    ],
  },
  {
    key: 'settings',
    labelKey: 'settings',
    icon: <SettingOutlined />,
    pages: [
      {
        path: '/settings/account',
        labelKey: 'account',
        component: lazyPage(() => import('../features/account/pages/AccountPage.tsx'), 'AccountPage'),
      },
      {
        path: '/settings/users',
        labelKey: 'users',
        roles: adminOnly,
        component: lazyPage(() => import('../features/users/pages/UsersPage.tsx'), 'UsersPage'),
      },
      {
        path: '/settings/teams',
        labelKey: 'teams',
        roles: adminOnly,
        component: lazyPage(() => import('../features/users/pages/TeamsPage.tsx'), 'TeamsPage'),
      },
      {
        path: '/settings/roles',
        labelKey: 'roles',
        component: lazyPage(() => import('../features/users/pages/RolesPage.tsx'), 'RolesPage'),
      },
      {
        path: '/settings/audit',
        labelKey: 'audit',
        roles: adminOnly,
        component: lazyPage(() => import('../features/audit/pages/AuditPage.tsx'), 'AuditPage'),
      },
    ],
  },
];

export const mayOpen = (page: AppPage, role: Role): boolean => !page.roles || page.roles.includes(role);

/** The areas with only the pages this role may open; areas left empty disappear. */
export const visibleAreas = (role: Role): AppArea[] =>
  areas
    .map((area) => ({ ...area, pages: area.pages.filter((page) => mayOpen(page, role)) }))
    .filter((area) => area.pages.length > 0);
