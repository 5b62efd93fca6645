import { sql, type SqlBool } from 'kysely';
import type { Db } from '#src/shared/context.ts';
import type { TimelineType } from '#src/modules/interactions/timeline.schema.ts';

export interface TimelineFilter {
  customerId: string;
  channels: readonly string[] | undefined;
  /** The cursor: the last item's time (PostgreSQL text) and id. */
  after: readonly [string, string] | null;
  limit: number;
}

/** `(time, id)` strictly before the cursor, in the timeline's newest-first order. */
const beforeCursor = (time: string, id: string, after: readonly [string, string]) =>
  sql<SqlBool>`(${sql.ref(time)}, ${sql.ref(id)}) < (${after[0]}::timestamptz, ${after[1]}::uuid)`;

/**
 * One query per kind, each giving the same columns: `type, id, at, cursor_value, channel, title, summary` and a
 * jsonb `details` with what only that kind has. Each takes its own newest `limit + 1` rows through its
 * `(customer_id, time, id)` index, so the merged page never reads more than that per kind. A new kind of item
 * is one more entry here.
 */
const sources = {
  interaction: (db: Db, filter: TimelineFilter) => {
    let q = db
      .selectFrom('interactions')
      .leftJoin('users as staff', 'staff.id', 'interactions.staff_id')
      .select([
        sql<TimelineType>`'interaction'`.as('type'),
        sql<string>`interactions.id`.as('id'),
        sql<Date>`interactions.occurred_at`.as('at'),
        sql<string>`interactions.occurred_at::text`.as('cursor_value'),
        sql<string | null>`interactions.channel`.as('channel'),
        sql<string | null>`interactions.subject`.as('title'),
        sql<string | null>`left(interactions.notes, 200)`.as('summary'),
        sql<Record<string, unknown>>`jsonb_build_object(
          'direction', interactions.direction,
          'outcome', interactions.outcome,
          'staffId', interactions.staff_id,
          'staffName', staff.name)`.as('details'),
      ])
      .where('interactions.customer_id', '=', filter.customerId)
      .orderBy('interactions.occurred_at', 'desc')
      .orderBy('interactions.id', 'desc')
      .limit(filter.limit + 1);
    if (filter.channels) q = q.where('interactions.channel', 'in', filter.channels);
    if (filter.after) q = q.where(beforeCursor('interactions.occurred_at', 'interactions.id', filter.after));
    return q;
  },
  order: (db: Db, filter: TimelineFilter) => {
    let q = db
      .selectFrom('orders')
      .select([
        sql<TimelineType>`'order'`.as('type'),
        sql<string>`orders.id`.as('id'),
        sql<Date>`orders.ordered_at`.as('at'),
        sql<string>`orders.ordered_at::text`.as('cursor_value'),
        sql<string | null>`orders.channel`.as('channel'),
        sql<string | null>`orders.ref`.as('title'),
        sql<string | null>`(select left(string_agg(coalesce(order_items.product_name, order_items.sku), ', '
                              order by order_items.line), 200)
                            from order_items where order_items.order_id = orders.id)`.as('summary'),
        sql<Record<string, unknown>>`jsonb_build_object(
          'ref', orders.ref,
          'status', orders.status,
          'amount', orders.amount,
          'currency', orders.currency,
          'items', (select count(*) from order_items where order_items.order_id = orders.id))`.as('details'),
      ])
      .where('orders.customer_id', '=', filter.customerId)
      .orderBy('orders.ordered_at', 'desc')
      .orderBy('orders.id', 'desc')
      .limit(filter.limit + 1);
    if (filter.channels) q = q.where('orders.channel', 'in', filter.channels);
    if (filter.after) q = q.where(beforeCursor('orders.ordered_at', 'orders.id', filter.after));
    return q;
  },
} satisfies Record<TimelineType, unknown>;

/** The customer's items of these kinds, merged newest first (ties by id), `limit + 1` of them at most. */
export async function listTimeline(db: Db, types: readonly TimelineType[], filter: TimelineFilter) {
  const branches = types.map((type) =>
    db.selectFrom(sources[type](db, filter).as(`${type}_items`)).selectAll(),
  );
  const [first, ...rest] = branches;
  if (!first) return [];
  const merged = rest.reduce((union, branch) => union.unionAll(branch), first);
  return db
    .selectFrom(merged.as('timeline'))
    .selectAll()
    .orderBy('timeline.at', 'desc')
    .orderBy('timeline.id', 'desc')
    .limit(filter.limit + 1)
    .execute();
}
