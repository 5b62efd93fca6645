import type { Role } from '#src/modules/users/users.schema.ts';

const everyone: readonly Role[] = ['admin', 'manager', 'sales', 'service', 'marketing', 'viewer'];

/**
 * What each role may do (DESIGN §5). Every non-public route names one permission; the route table test walks
 * every route and every role against this map.
 */
export const permissions = {
  /** Own profile, own API tokens, logging out. */
  self: everyone,
  /** The staff directory (names and roles), needed to pick owners. */
  'users.read': everyone,
  'users.manage': ['admin'],
  'teams.read': everyone,
  'teams.manage': ['admin'],
  'audit.read': ['admin'],
  /** Customers and their history; which rows follows ownership (customers.access.ts). */
  'customers.read': everyone,
  'customers.write': ['admin', 'manager', 'sales'],
  /** Assigning owners and bulk transfer between them. */
  'customers.transfer': ['admin', 'manager'],
  'customers.merge': ['admin', 'manager'],
  /** Hard erase of a person's data on request (personal-data law). */
  'customers.erase': ['admin'],
  'customFields.manage': ['admin'],
  /** Service staff log the calls and visits they handle. */
  'interactions.write': ['admin', 'manager', 'sales', 'service'],
  'products.read': everyone,
  'products.manage': ['admin', 'manager'],
  'orders.write': ['admin', 'manager', 'sales'],
  'imports.run': ['admin', 'manager', 'sales'],
  /** Whole-table exports carry every customer's personal data. */
  'exports.run': ['admin', 'manager'],
  /**
   * Customer value analytics (RFM, ABC, cohorts, lifetime value): aggregates over the whole base, customer items
   * only those the role may see. Service staff work tickets, not reports.
   */
  'analytics.read': ['admin', 'manager', 'sales', 'marketing', 'viewer'],
  /** Storing and deleting RFM snapshots (segment movement over time). */
  'analytics.snapshot': ['admin', 'manager', 'marketing'],
  /** Recomputing the value class, segment and lifetime value written back to every customer. */
  'analytics.scores': ['admin', 'manager', 'marketing'],
  /**
   * Sales (issue 6). Leads, opportunities, quotes and tasks follow ownership as customers do (customers.access.ts):
   * sales staff their own, managers their team's, admins all; service, marketing and viewers read them.
   */
  'sales.read': everyone,
  'sales.write': ['admin', 'manager', 'sales'],
  /** Pipelines and stages, lead forms, assignment, scoring and follow-up rules. */
  'sales.configure': ['admin', 'manager'],
  /** Sales targets per person and team. */
  'targets.manage': ['admin', 'manager'],
  /** Forecasts, funnel and sales KPIs: aggregates over the records the role may see. */
  'sales.reports': ['admin', 'manager', 'sales', 'viewer'],
  /** Tasks: anyone who works with customers keeps their own; follow-ups reach service staff too. */
  'tasks.write': ['admin', 'manager', 'sales', 'service', 'marketing'],
  /** The mail outbox: every mail Guanxi sent or holds, with personal data in it. */
  'mail.read': ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof permissions;

export const can = (role: Role, permission: Permission): boolean =>
  (permissions[permission] as readonly Role[]).includes(role);
