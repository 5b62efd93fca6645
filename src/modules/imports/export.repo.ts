import { customerVisible, type CustomerScope } from '#src/modules/customers/customers.access.ts';
import type { Db } from '#src/shared/context.ts';

/**
 * Pages of each exported table in id order (keyset, never OFFSET), so an export of millions of rows streams in
 * constant memory on both engines. Deleted customers and their records are left out: they could not be imported
 * back.
 */

export const customerExportPage = (db: Db, scope: CustomerScope, after: string | null, limit: number) =>
  db
    .selectFrom('customers')
    .select([
      'id',
      'ref',
      'kind',
      'name',
      'email',
      'phone',
      'gender',
      'birthday',
      'province',
      'city',
      'industry',
      'tags',
      'created_at',
      'credit_code',
    ])
    .where('deleted_at', 'is', null)
    .where(customerVisible(scope))
    .$if(after !== null, (q) => q.where('id', '>', after!))
    .orderBy('id')
    .limit(limit)
    .execute();

export const orderExportPage = (db: Db, scope: CustomerScope, after: string | null, limit: number) =>
  db
    .selectFrom('orders')
    .innerJoin('customers', 'customers.id', 'orders.customer_id')
    .select([
      'orders.id',
      'orders.ref',
      'customers.ref as customer_ref',
      'orders.ordered_at',
      'orders.amount',
      'orders.currency',
      'orders.quantity',
    ])
    .where('customers.deleted_at', 'is', null)
    .where(customerVisible(scope))
    .$if(after !== null, (q) => q.where('orders.id', '>', after!))
    .orderBy('orders.id')
    .limit(limit)
    .execute();

export const interactionExportPage = (db: Db, scope: CustomerScope, after: string | null, limit: number) =>
  db
    .selectFrom('interactions')
    .innerJoin('customers', 'customers.id', 'interactions.customer_id')
    .select([
      'interactions.id',
      'interactions.ref',
      'customers.ref as customer_ref',
      'interactions.channel',
      'interactions.direction',
      'interactions.occurred_at',
      'interactions.subject',
      'interactions.notes',
    ])
    .where('customers.deleted_at', 'is', null)
    .where(customerVisible(scope))
    .$if(after !== null, (q) => q.where('interactions.id', '>', after!))
    .orderBy('interactions.id')
    .limit(limit)
    .execute();

export const productExportPage = (db: Db, after: string | null, limit: number) =>
  db
    .selectFrom('products')
    .select(['id', 'sku', 'name', 'category', 'price', 'currency'])
    .$if(after !== null, (q) => q.where('id', '>', after!))
    .orderBy('id')
    .limit(limit)
    .execute();
