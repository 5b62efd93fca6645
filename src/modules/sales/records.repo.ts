import type { Db } from '#src/shared/context.ts';

/** Who owns a lead: what the access rule needs, nothing more. */
export const findLeadOwnership = (db: Db, id: string) =>
  db
    .selectFrom('leads')
    .select(['id', 'owner_id', 'team_id', 'status', 'name', 'converted_customer_id'])
    .where('id', '=', id)
    .executeTakeFirst();

/** Who owns an opportunity, and what other modules (quotes, tasks) need to know of it. */
export const findOpportunityOwnership = (db: Db, id: string) =>
  db
    .selectFrom('opportunities')
    .select(['id', 'owner_id', 'team_id', 'status', 'name', 'customer_id', 'currency', 'pipeline_id'])
    .where('id', '=', id)
    .executeTakeFirst();
