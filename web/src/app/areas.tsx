import {
  CalendarOutlined,
  FundOutlined,
  RiseOutlined,
  HomeOutlined,
  ProfileOutlined,
  SettingOutlined,
  ShoppingOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import type { ComponentType, LazyExoticComponent, ReactNode } from 'react';
import type { Role } from '#src/modules/users/users.schema.ts';
import { permissions } from '#src/modules/users/roles.ts';
import type { en } from '../i18n/en.ts';
import { lazyPage } from './lazyPage.ts';

type NavKey = keyof (typeof en)['nav'];

export interface AppPage {
  path: string;
  labelKey: NavKey;
  /** Who may open the page; everyone signed in when absent. Others get the 403 page and no menu item. */
  roles?: readonly Role[];
  /** false: a route without a menu item of its own, such as a record's page opened from a list. */
  menu?: false;
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
    key: 'customers',
    labelKey: 'customers',
    icon: <TeamOutlined />,
    pages: [
      {
        path: '/customers',
        labelKey: 'customerList',
        component: lazyPage(() => import('../features/customers/pages/CustomersPage.tsx'), 'CustomersPage', [
          'customers',
        ]),
      },
      {
        path: '/customers/duplicates',
        labelKey: 'duplicates',
        roles: permissions['customers.merge'],
        component: lazyPage(
          () => import('../features/duplicates/pages/DuplicatesPage.tsx'),
          'DuplicatesPage',
          ['data', 'customers'],
        ),
      },
      {
        path: '/customers/import',
        labelKey: 'imports',
        roles: permissions['imports.run'],
        component: lazyPage(() => import('../features/imports/pages/ImportPage.tsx'), 'ImportPage', [
          'data',
          'customers',
        ]),
      },
      {
        path: '/customers/:id',
        labelKey: 'customers',
        menu: false,
        component: lazyPage(() => import('../features/customers/pages/CustomerPage.tsx'), 'CustomerPage', [
          'customers',
        ]),
      },
    ],
  },
  {
    key: 'sales',
    labelKey: 'sales',
    icon: <RiseOutlined />,
    pages: [
      // leads pages
      {
        path: '/sales/leads',
        labelKey: 'leads',
        component: lazyPage(() => import('../features/leads/pages/LeadsPage.tsx'), 'LeadsPage', ['leads']),
      },
      {
        path: '/sales/lead-rules',
        labelKey: 'leadRules',
        roles: permissions['sales.configure'],
        component: lazyPage(() => import('../features/leads/pages/LeadRulesPage.tsx'), 'LeadRulesPage', [
          'leads',
        ]),
      },
      // pipeline pages
      {
        path: '/sales/board',
        labelKey: 'board',
        component: lazyPage(() => import('../features/pipeline/pages/BoardPage.tsx'), 'BoardPage', [
          'pipeline',
          'data',
        ]),
      },
      {
        path: '/sales/opportunities',
        labelKey: 'opportunities',
        component: lazyPage(
          () => import('../features/pipeline/pages/OpportunitiesPage.tsx'),
          'OpportunitiesPage',
          ['pipeline', 'data'],
        ),
      },
      {
        path: '/sales/opportunities/:id',
        labelKey: 'opportunities',
        menu: false,
        component: lazyPage(
          () => import('../features/pipeline/pages/OpportunityPage.tsx'),
          'OpportunityPage',
          ['pipeline', 'data'],
        ),
      },
      // quotes pages
      {
        path: '/sales/quotes',
        labelKey: 'quotes',
        component: lazyPage(() => import('../features/quotes/pages/QuotesPage.tsx'), 'QuotesPage', [
          'quotes',
          'data',
        ]),
      },
      {
        path: '/sales/quotes/new',
        labelKey: 'quotes',
        menu: false,
        roles: permissions['sales.write'],
        component: lazyPage(() => import('../features/quotes/pages/QuoteEditorPage.tsx'), 'QuoteEditorPage', [
          'quotes',
          'data',
        ]),
      },
      {
        path: '/sales/quotes/:id/edit',
        labelKey: 'quotes',
        menu: false,
        roles: permissions['sales.write'],
        component: lazyPage(() => import('../features/quotes/pages/QuoteEditorPage.tsx'), 'QuoteEditorPage', [
          'quotes',
          'data',
        ]),
      },
      {
        path: '/sales/quotes/:id',
        labelKey: 'quotes',
        menu: false,
        component: lazyPage(() => import('../features/quotes/pages/QuotePage.tsx'), 'QuotePage', [
          'quotes',
          'data',
          'customers',
        ]),
      },
      {
        path: '/sales/quotes/:id/print',
        labelKey: 'quotes',
        menu: false,
        component: lazyPage(() => import('../features/quotes/pages/QuotePrintPage.tsx'), 'QuotePrintPage', [
          'quotes',
        ]),
      },
      // forecast pages
      {
        path: '/sales/forecast',
        labelKey: 'forecast',
        roles: permissions['sales.reports'],
        component: lazyPage(() => import('../features/forecast/pages/ForecastPage.tsx'), 'ForecastPage', [
          'forecast',
        ]),
      },
      {
        path: '/sales/targets',
        labelKey: 'targets',
        roles: permissions['targets.manage'],
        component: lazyPage(() => import('../features/forecast/pages/TargetsPage.tsx'), 'TargetsPage', [
          'forecast',
        ]),
      },
      {
        path: '/sales/kpis',
        labelKey: 'salesKpis',
        roles: permissions['sales.reports'],
        component: lazyPage(() => import('../features/forecast/pages/SalesKpisPage.tsx'), 'SalesKpisPage', [
          'forecast',
        ]),
      },
    ],
  },
  {
    key: 'tasks',
    labelKey: 'tasks',
    icon: <CalendarOutlined />,
    pages: [
      // tasks pages
      {
        path: '/tasks',
        labelKey: 'taskList',
        component: lazyPage(() => import('../features/tasks/pages/TasksPage.tsx'), 'TasksPage', ['tasks']),
      },
      {
        path: '/tasks/calendar',
        labelKey: 'calendar',
        component: lazyPage(() => import('../features/tasks/pages/CalendarPage.tsx'), 'CalendarPage', [
          'tasks',
        ]),
      },
    ],
  },
  {
    key: 'products',
    labelKey: 'products',
    icon: <ShoppingOutlined />,
    pages: [
      {
        path: '/products',
        labelKey: 'products',
        component: lazyPage(() => import('../features/catalog/pages/ProductsPage.tsx'), 'ProductsPage', [
          'data',
          'customers',
        ]),
      },
    ],
  },
  {
    key: 'orders',
    labelKey: 'orders',
    icon: <ProfileOutlined />,
    pages: [
      {
        path: '/orders',
        labelKey: 'orders',
        component: lazyPage(() => import('../features/orders/pages/OrdersPage.tsx'), 'OrdersPage', [
          'data',
          'customers',
        ]),
      },
    ],
  },
  {
    key: 'analytics',
    labelKey: 'analytics',
    icon: <FundOutlined />,
    pages: [
      {
        path: '/analytics/rfm',
        labelKey: 'rfm',
        roles: permissions['analytics.read'],
        component: lazyPage(() => import('../features/analytics/pages/RfmPage.tsx'), 'RfmPage', [
          'analytics',
        ]),
      },
      {
        path: '/analytics/abc',
        labelKey: 'abc',
        roles: permissions['analytics.read'],
        component: lazyPage(() => import('../features/analytics/pages/AbcPage.tsx'), 'AbcPage', [
          'analytics',
        ]),
      },
      {
        path: '/analytics/cohorts',
        labelKey: 'cohorts',
        roles: permissions['analytics.read'],
        component: lazyPage(() => import('../features/analytics/pages/CohortsPage.tsx'), 'CohortsPage', [
          'analytics',
        ]),
      },
      {
        path: '/analytics/clv',
        labelKey: 'clv',
        roles: permissions['analytics.read'],
        component: lazyPage(() => import('../features/analytics/pages/ClvPage.tsx'), 'ClvPage', [
          'analytics',
        ]),
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
      {
        path: '/settings/pipelines',
        labelKey: 'pipelines',
        roles: permissions['sales.configure'],
        component: lazyPage(() => import('../features/pipeline/pages/PipelinesPage.tsx'), 'PipelinesPage', [
          'pipeline',
        ]),
      },
      {
        path: '/settings/custom-fields',
        labelKey: 'customFields',
        roles: adminOnly,
        component: lazyPage(
          () => import('../features/customers/pages/CustomFieldsPage.tsx'),
          'CustomFieldsPage',
          ['customers'],
        ),
      },
      {
        path: '/settings/follow-up-rules',
        labelKey: 'followUpRules',
        roles: permissions['sales.configure'],
        component: lazyPage(
          () => import('../features/tasks/pages/FollowUpRulesPage.tsx'),
          'FollowUpRulesPage',
          ['tasks'],
        ),
      },
      {
        path: '/settings/outbox',
        labelKey: 'outbox',
        roles: permissions['mail.read'],
        component: lazyPage(() => import('../features/tasks/pages/OutboxPage.tsx'), 'OutboxPage', ['tasks']),
      },
    ],
  },
];

export const mayOpen = (page: AppPage, role: Role): boolean => !page.roles || page.roles.includes(role);

/** The areas with only the menu pages this role may open; areas left empty disappear. */
export const visibleAreas = (role: Role): AppArea[] =>
  areas
    .map((area) => ({
      ...area,
      pages: area.pages.filter((page) => page.menu !== false && mayOpen(page, role)),
    }))
    .filter((area) => area.pages.length > 0);
