import { updateAtVersion } from '#src/db/versioned.ts';
import { expressionBuilder, sql, type Insertable, type Updateable } from 'kysely';
import type { DB } from '#src/db/schema.ts';
import { afterCursor, cursorValue, type Keyset } from '#src/db/paginate.ts';
import { customerVisible, type CustomerScope } from '#src/modules/customers/customers.access.ts';
import type { Db } from '#src/shared/context.ts';
import type { OpportunityListQuery } from '#src/modules/sales/opportunities.schema.ts';

/** SQL of opportunities, their line items and their stage history (issue 6). */

const opportunityColumns = [
  'o.id',
  'o.ref',
  'o.name',
  'o.customer_id',
  'c.name as customer_name',
  'o.contact_id',
  'ct.name as contact_name',
  'o.lead_id',
  'o.pipeline_id',
  'o.stage_id',
  's.name as stage_name',
  's.key as stage_key',
  'o.status',
  'o.amount',
  'o.currency',
  'o.probability',
  'o.forecast_category',
  'o.expected_close_date',
  'o.next_step',
  'o.competitors',
  'o.source',
  'o.close_reason',
  'o.closed_at',
  'o.closed_day',
  'o.stage_entered_at',
  'o.owner_id',
  'u.name as owner_name',
  'o.team_id',
  'o.version',
  'o.created_at',
  'o.updated_at',
] as const;

/** The ownership rule (customers.access.ts) on a table alias with `owner_id` and `team_id`. */
export const visible = (scope: CustomerScope, alias: string) =>
  customerVisible(scope, alias)(expressionBuilder<DB, 'customers'>());

const opportunities = (db: Db) =>
  db
    .selectFrom('opportunities as o')
    .innerJoin('customers as c', 'c.id', 'o.customer_id')
    .leftJoin('customers as ct', 'ct.id', 'o.contact_id')
    .innerJoin('pipeline_stages as s', 's.id', 'o.stage_id')
    .leftJoin('users as u', 'u.id', 'o.owner_id');

export const findOpportunity = (db: Db, id: string) =>
  opportunities(db).select(opportunityColumns).where('o.id', '=', id).executeTakeFirst();
export type OpportunityRow = NonNullable<Awaited<ReturnType<typeof findOpportunity>>>;

/** The row locked for a change, so two concurrent writes serialise and the second sees the new version. */
export const lockOpportunity = (db: Db, id: string) =>
  db
    .selectFrom('opportunities')
    .select(['id', 'version', 'status', 'pipeline_id', 'stage_id', 'owner_id', 'team_id', 'customer_id'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();

export async function listOpportunities(
  db: Db,
  scope: CustomerScope,
  query: OpportunityListQuery,
  keyset: Keyset,
  owner: { ownerId?: string; teamId?: string | null },
) {
  let select = opportunities(db)
    .select(opportunityColumns)
    .select(cursorValue(keyset, 'o'))
    .where(() => visible(scope, 'o'));
  if (query.pipelineId) select = select.where('o.pipeline_id', '=', query.pipelineId);
  if (query.stageId) select = select.where('o.stage_id', '=', query.stageId);
  if (query.status?.length) select = select.where('o.status', 'in', query.status);
  if (query.customerId) select = select.where('o.customer_id', '=', query.customerId);
  if (owner.ownerId) select = select.where('o.owner_id', '=', owner.ownerId);
  if (owner.teamId !== undefined)
    select =
      owner.teamId === null ? select.where(sql.lit(false)) : select.where('o.team_id', '=', owner.teamId);
  if (query.closeFrom) select = select.where('o.expected_close_date', '>=', query.closeFrom);
  if (query.closeTo) select = select.where('o.expected_close_date', '<=', query.closeTo);
  if (query.q) {
    const pattern = `%${query.q.replace(/[\\%_]/g, '\\$&')}%`;
    select = select.where((eb) =>
      eb.or([eb('o.name', 'ilike', pattern), eb('c.name', 'ilike', pattern), eb('o.ref', 'ilike', pattern)]),
    );
  }
  if (query.cursor) select = select.where(afterCursor(keyset, 'o', query.cursor));
  return select
    .orderBy(sql.ref(`o.${keyset.column}`), keyset.direction)
    .orderBy('o.id', keyset.direction)
    .limit(query.limit + 1)
    .execute();
}

export const insertOpportunity = (db: Db, values: Insertable<DB['opportunities']>) =>
  db.insertInto('opportunities').values(values).execute();

export async function updateOpportunityAt(
  db: Db,
  id: string,
  version: number,
  values: Updateable<DB['opportunities']>,
  now: Date,
): Promise<boolean> {
  return updateAtVersion(db, 'opportunities', id, version, values, now);
}

export const deleteOpportunityRow = (db: Db, id: string) =>
  db.deleteFrom('opportunities').where('id', '=', id).execute();

export const findItems = (db: Db, opportunityId: string) =>
  db
    .selectFrom('opportunity_items as i')
    .innerJoin('products as p', 'p.id', 'i.product_id')
    .select([
      'i.id',
      'i.line',
      'i.product_id',
      'p.sku',
      'p.name as product_name',
      sql<string>`i.quantity::text`.as('quantity'),
      'i.unit_price',
      sql<string>`i.discount::text`.as('discount'),
      'i.amount',
    ])
    .where('i.opportunity_id', '=', opportunityId)
    .orderBy('i.line')
    .execute();
export type ItemRow = Awaited<ReturnType<typeof findItems>>[number];

export async function replaceItems(
  db: Db,
  opportunityId: string,
  customerId: string,
  items: {
    id: string;
    line: number;
    productId: string;
    quantity: string;
    unitPrice: number;
    discount: string;
    amount: number;
  }[],
) {
  await db.deleteFrom('opportunity_items').where('opportunity_id', '=', opportunityId).execute();
  if (items.length === 0) return;
  await db
    .insertInto('opportunity_items')
    .values(
      items.map((item) => ({
        id: item.id,
        opportunity_id: opportunityId,
        customer_id: customerId,
        line: item.line,
        product_id: item.productId,
        quantity: item.quantity,
        unit_price: item.unitPrice,
        discount: item.discount,
        amount: item.amount,
      })),
    )
    .execute();
}

/** Moving an opportunity to another customer moves its lines and history rows with it (co-location by customer). */
export async function moveChildrenToCustomer(db: Db, opportunityId: string, customerId: string) {
  await db
    .updateTable('opportunity_items')
    .set({ customer_id: customerId })
    .where('opportunity_id', '=', opportunityId)
    .execute();
  await db
    .updateTable('opportunity_stage_history')
    .set({ customer_id: customerId })
    .where('opportunity_id', '=', opportunityId)
    .execute();
}

export const insertHistory = (db: Db, values: Insertable<DB['opportunity_stage_history']>) =>
  db.insertInto('opportunity_stage_history').values(values).execute();

export const findHistory = (db: Db, opportunityId: string) =>
  db
    .selectFrom('opportunity_stage_history as h')
    .leftJoin('pipeline_stages as f', 'f.id', 'h.from_stage_id')
    .innerJoin('pipeline_stages as t', 't.id', 'h.to_stage_id')
    .leftJoin('users as u', 'u.id', 'h.changed_by')
    .select([
      'h.id',
      'h.from_stage_id',
      'f.name as from_stage_name',
      'f.key as from_stage_key',
      'h.to_stage_id',
      't.name as to_stage_name',
      't.key as to_stage_key',
      'h.status',
      'h.amount',
      'h.probability',
      'h.changed_by',
      'u.name as changed_by_name',
      'h.changed_at',
    ])
    .where('h.opportunity_id', '=', opportunityId)
    .orderBy('h.changed_at')
    .orderBy('h.id')
    .execute();
export type HistoryRow = Awaited<ReturnType<typeof findHistory>>[number];

export const findUserTeam = (db: Db, userId: string) =>
  db.selectFrom('users').select(['id', 'team_id', 'active']).where('id', '=', userId).executeTakeFirst();

export const findAmount = async (db: Db, id: string) =>
  (await db.selectFrom('opportunities').select('amount').where('id', '=', id).executeTakeFirstOrThrow())
    .amount;

/**
 * Count, amount and weighted amount per stage in one currency; opportunities in other currencies are counted
 * apart. One pass over the pipeline's rows through opportunities_board_idx.
 */
export const boardTotals = (
  db: Db,
  scope: CustomerScope,
  pipelineId: string,
  currency: string,
  filter: { ownerId?: string; teamId?: string | null; q?: string },
) =>
  db
    .selectFrom('opportunities as o')
    .select([
      'o.stage_id',
      sql<number>`count(*) filter (where o.currency = ${currency})`.as('count'),
      sql<number>`coalesce(sum(o.amount) filter (where o.currency = ${currency}), 0)`.as('amount'),
      sql<number>`coalesce(sum(o.amount * o.probability) filter (where o.currency = ${currency}), 0)`.as(
        'weighted',
      ),
      sql<number>`count(*) filter (where o.currency <> ${currency})`.as('other_currency'),
    ])
    .where('o.pipeline_id', '=', pipelineId)
    .where(() => visible(scope, 'o'))
    .$if(filter.ownerId !== undefined, (q) => q.where('o.owner_id', '=', filter.ownerId!))
    .$if(filter.teamId !== undefined, (q) =>
      filter.teamId === null ? q.where(sql.lit(false)) : q.where('o.team_id', '=', filter.teamId!),
    )
    .$if(Boolean(filter.q), (q) =>
      q.where((eb) =>
        eb.or([
          eb('o.name', 'ilike', `%${filter.q!.replace(/[\\%_]/g, '\\$&')}%`),
          eb.exists(
            eb
              .selectFrom('customers as c')
              .select(sql.lit(1).as('one'))
              .whereRef('c.id', '=', 'o.customer_id')
              .where('c.name', 'ilike', `%${filter.q!.replace(/[\\%_]/g, '\\$&')}%`),
          ),
        ]),
      ),
    )
    .groupBy('o.stage_id')
    .execute();
