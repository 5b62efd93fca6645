import { expressionBuilder, sql, type SqlBool } from 'kysely';
import type { DB } from '#src/db/schema.ts';
import { afterCursor, cursorValue, type Keyset } from '#src/db/paginate.ts';
import { customerVisible, type CustomerScope } from '#src/modules/customers/customers.access.ts';
import type { Db } from '#src/shared/context.ts';
import type { QuoteListQuery, QuoteStatus } from '#src/modules/sales/quotes.schema.ts';

/** SQL of quotes and their lines (issue 6). */

const quoteColumns = [
  'q.id',
  'q.number',
  'q.revision',
  'q.customer_id',
  'c.name as customer_name',
  'q.opportunity_id',
  'o.name as opportunity_name',
  'q.status',
  'q.currency',
  'q.valid_until',
  'q.subtotal',
  'q.discount_total',
  'q.tax_total',
  'q.total',
  'q.terms',
  'q.notes',
  'q.reject_reason',
  'q.order_id',
  'ord.ref as order_ref',
  'q.sent_at',
  'q.decided_at',
  'q.owner_id',
  'u.name as owner_name',
  'u.email as owner_email',
  'q.team_id',
  'q.created_by',
  'q.version',
  'q.created_at',
  'q.updated_at',
] as const;

const quotes = (db: Db) =>
  db
    .selectFrom('quotes as q')
    .innerJoin('customers as c', 'c.id', 'q.customer_id')
    .leftJoin('opportunities as o', 'o.id', 'q.opportunity_id')
    .leftJoin('orders as ord', 'ord.id', 'q.order_id')
    .leftJoin('users as u', 'u.id', 'q.owner_id');

export const findQuote = (db: Db, id: string) =>
  quotes(db).select(quoteColumns).where('q.id', '=', id).executeTakeFirst();
export type QuoteRow = NonNullable<Awaited<ReturnType<typeof findQuote>>>;

/** The row locked for a change, so two concurrent actions serialise and the second sees the first's result. */
export const lockQuote = (db: Db, id: string) =>
  db.selectFrom('quotes').select(['id', 'version']).where('id', '=', id).forUpdate().executeTakeFirst();

export const findQuoteLines = (db: Db, quoteId: string) =>
  db
    .selectFrom('quote_items')
    .select(['id', 'line', 'product_id', 'sku', 'name', 'quantity', 'unit_price', 'discount', 'tax_rate'])
    .select(['amount', 'tax'])
    .where('quote_id', '=', quoteId)
    .orderBy('line')
    .execute();
export type QuoteLineRow = Awaited<ReturnType<typeof findQuoteLines>>[number];

/** Every revision of a quote number, oldest first. */
export const findRevisions = (db: Db, number: string) =>
  db
    .selectFrom('quotes')
    .select(['id', 'revision', 'status', 'valid_until', 'total', 'currency', 'sent_at', 'decided_at'])
    .select('created_at')
    .where('number', '=', number)
    .orderBy('revision')
    .execute();

/**
 * The status a reader sees: a draft or sent quote past its last valid day is `expired` (computed on read, so no job
 * has to sweep quotes at midnight).
 */
export const effectiveStatus = (today: string) =>
  sql<QuoteStatus>`case when q.status in ('draft', 'sent') and q.valid_until < ${today}::date
    then 'expired' else q.status end`;

/** The ownership rule on the quote's own owner and team (customerVisible reads any alias with those columns). */
const visibleQuotes = (scope: CustomerScope) =>
  customerVisible(scope, 'q')(expressionBuilder<DB, 'customers'>());

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function listQuotes(
  db: Db,
  scope: CustomerScope,
  query: QuoteListQuery,
  keyset: Keyset,
  today: string,
) {
  let q = quotes(db)
    .select(quoteColumns)
    .select(cursorValue(keyset, 'q'))
    .where(visibleQuotes(scope))
    .where('c.deleted_at', 'is', null)
    .orderBy(`q.${keyset.column}` as 'q.created_at', keyset.direction)
    .orderBy('q.id', keyset.direction)
    .limit(query.limit + 1);
  if (query.q) q = q.where('q.number', 'ilike', `%${escapeLike(query.q)}%`);
  if (query.customerId) q = q.where('q.customer_id', '=', query.customerId);
  if (query.opportunityId) q = q.where('q.opportunity_id', '=', query.opportunityId);
  const statuses = query.status;
  q = statuses
    ? q.where(sql<SqlBool>`${effectiveStatus(today)} in (${sql.join(statuses)})`)
    : q.where('q.status', '<>', 'superseded');
  if (query.cursor) q = q.where(afterCursor(keyset, 'q', query.cursor));
  return q.execute();
}

/** The next free number of the day: `Q-20261207-0001`, `…-0002`; an advisory lock serialises concurrent creators. */
export async function nextQuoteNumber(db: Db, day: string): Promise<string> {
  const prefix = `Q-${day.replaceAll('-', '')}-`;
  await sql`select pg_advisory_xact_lock(hashtext('guanxi.quote_number'))`.execute(db);
  const { rows } = await sql<{ last: number | null }>`
    select max(split_part(number, '-', 3)::int) as last
    from quotes
    where number like ${`${prefix}%`} and split_part(number, '-', 3) ~ '^[0-9]{1,9}$'`.execute(db);
  const next = Number(rows[0]?.last ?? 0) + 1;
  return `${prefix}${String(next).padStart(4, '0')}`;
}

export interface QuoteValues {
  customerId: string;
  opportunityId: string | null;
  currency: string;
  validUntil: string;
  subtotal: number;
  discountTotal: number;
  taxTotal: number;
  total: number;
  terms: string | null;
  notes: string | null;
}

export async function insertQuote(
  db: Db,
  quote: QuoteValues & {
    id: string;
    number: string;
    revision: number;
    ownerId: string | null;
    teamId: string | null;
    createdBy: string | null;
    now: Date;
  },
): Promise<void> {
  await db
    .insertInto('quotes')
    .values({
      id: quote.id,
      number: quote.number,
      revision: quote.revision,
      customer_id: quote.customerId,
      opportunity_id: quote.opportunityId,
      status: 'draft',
      currency: quote.currency,
      valid_until: quote.validUntil,
      subtotal: quote.subtotal,
      discount_total: quote.discountTotal,
      tax_total: quote.taxTotal,
      total: quote.total,
      terms: quote.terms,
      notes: quote.notes,
      owner_id: quote.ownerId,
      team_id: quote.teamId,
      created_by: quote.createdBy,
      created_at: quote.now,
      updated_at: quote.now,
    })
    .execute();
}

export async function updateQuote(db: Db, id: string, quote: QuoteValues, now: Date): Promise<void> {
  await db
    .updateTable('quotes')
    .set({
      customer_id: quote.customerId,
      opportunity_id: quote.opportunityId,
      currency: quote.currency,
      valid_until: quote.validUntil,
      subtotal: quote.subtotal,
      discount_total: quote.discountTotal,
      tax_total: quote.taxTotal,
      total: quote.total,
      terms: quote.terms,
      notes: quote.notes,
      version: sql`version + 1`,
      updated_at: now,
    })
    .where('id', '=', id)
    .execute();
}

/** A state change (send, accept, reject, supersede, …): the given columns, a new version. */
export async function setQuoteState(
  db: Db,
  id: string,
  state: {
    status: QuoteStatus;
    sentAt?: Date;
    decidedAt?: Date | null;
    orderId?: string;
    rejectReason?: string | null;
  },
  now: Date,
): Promise<void> {
  await db
    .updateTable('quotes')
    .set({
      status: state.status,
      ...(state.sentAt !== undefined && { sent_at: state.sentAt }),
      ...(state.decidedAt !== undefined && { decided_at: state.decidedAt }),
      ...(state.orderId !== undefined && { order_id: state.orderId }),
      ...(state.rejectReason !== undefined && { reject_reason: state.rejectReason }),
      version: sql`version + 1`,
      updated_at: now,
    })
    .where('id', '=', id)
    .execute();
}

export const deleteQuote = (db: Db, id: string) => db.deleteFrom('quotes').where('id', '=', id).execute();

export interface QuoteLineInsert {
  id: string;
  line: number;
  productId: string;
  sku: string;
  name: string;
  quantity: string;
  unitPrice: number;
  discount: string;
  taxRate: string;
  amount: number;
  tax: number;
}

/** Replaces the quote's lines. */
export async function replaceQuoteLines(
  db: Db,
  quoteId: string,
  customerId: string,
  lines: readonly QuoteLineInsert[],
): Promise<void> {
  await db.deleteFrom('quote_items').where('quote_id', '=', quoteId).execute();
  if (lines.length === 0) return;
  await db
    .insertInto('quote_items')
    .values(
      lines.map((line) => ({
        id: line.id,
        quote_id: quoteId,
        customer_id: customerId,
        line: line.line,
        product_id: line.productId,
        sku: line.sku,
        name: line.name,
        quantity: line.quantity,
        unit_price: line.unitPrice,
        discount: line.discount,
        tax_rate: line.taxRate,
        amount: line.amount,
        tax: line.tax,
      })),
    )
    .execute();
}

/** Keeps the lines' `customer_id` (the distribution key, DESIGN §3) with their quote's. */
export const moveQuoteLines = (db: Db, quoteId: string, customerId: string) =>
  db.updateTable('quote_items').set({ customer_id: customerId }).where('quote_id', '=', quoteId).execute();
