import { recordAudit } from '#src/modules/audit/audit.service.ts';
import { createOrderIn } from '#src/modules/orders/orders.service.ts';
import type { OrderCreateInput } from '#src/modules/orders/orders.schema.ts';
import type { Actor, Db, Deps } from '#src/shared/context.ts';
import { AppError, invalid } from '#src/shared/errors.ts';
import { newId } from '#src/shared/ids.ts';
import { minorDigits } from '#src/shared/money.ts';
import { statusOn } from '#src/modules/sales/quotes.presenter.ts';
import * as repo from '#src/modules/sales/quotes.repo.ts';
import type {
  QuoteDetail,
  QuoteRejectInput,
  QuoteReviseInput,
  QuoteVersionInput,
} from '#src/modules/sales/quotes.schema.ts';
import {
  businessToday,
  loadQuoteDetail,
  lockForChange,
  stateError,
} from '#src/modules/sales/quotes.service.ts';
import { majorText, netUnitPrice, roundingResidue } from '#src/modules/sales/quote-totals.ts';

/**
 * A quote's life (issue 6): draft → sent → accepted (an order) or rejected; a sent, rejected or expired quote is
 * revised into a new draft revision and the old one is superseded. Every action carries the version the client read
 * and is audited in its transaction.
 */

const expired = (row: repo.QuoteRow) =>
  new AppError(
    'quote.expired',
    `the quote was valid until ${row.valid_until}; revise it with a new validity`,
  );

/** Runs one action on the locked quote and records it; `act` returns the id whose detail is the result. */
async function act(
  deps: Deps,
  actor: Actor,
  id: string,
  version: number,
  action: 'send' | 'accept' | 'reject' | 'revise',
  change: (tx: Db, row: repo.QuoteRow, today: string, now: Date) => Promise<string>,
): Promise<QuoteDetail> {
  const now = deps.clock.now();
  const today = businessToday(deps);
  return deps.db.transaction().execute(async (tx) => {
    const row = await lockForChange(tx, actor, id, version);
    const before = await loadQuoteDetail(tx, id, today);
    const resultId = await change(tx, row, today, now);
    const after = await loadQuoteDetail(tx, resultId, today);
    await recordAudit(tx, actor, { at: now, action, entity: 'quote', entityId: resultId, before, after });
    return after;
  });
}

/** draft → sent. An expired draft is revised or given a new validity first. */
export const sendQuote = (deps: Deps, actor: Actor, id: string, input: QuoteVersionInput) =>
  act(deps, actor, id, input.version, 'send', async (tx, row, today, now) => {
    if (row.status !== 'draft') throw stateError(statusOn(row, today), 'sent');
    if (row.valid_until < today) throw expired(row);
    await repo.setQuoteState(tx, id, { status: 'sent', sentAt: now }, now);
    return id;
  });

/** sent → rejected, with the customer's reason when given. */
export const rejectQuote = (deps: Deps, actor: Actor, id: string, input: QuoteRejectInput) =>
  act(deps, actor, id, input.version, 'reject', async (tx, row, today, now) => {
    if (row.status !== 'sent') throw stateError(statusOn(row, today), 'rejected');
    await repo.setQuoteState(
      tx,
      id,
      { status: 'rejected', decidedAt: now, rejectReason: input.reason || null },
      now,
    );
    return id;
  });

const addDays = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * A sent, rejected or expired quote → a new draft revision with the same number and lines; the old one is
 * superseded. A draft is changed in place instead; an accepted quote is an order already.
 */
export const reviseQuote = (deps: Deps, actor: Actor, id: string, input: QuoteReviseInput) =>
  act(deps, actor, id, input.version, 'revise', async (tx, row, today, now) => {
    const status = statusOn(row, today);
    if (status !== 'sent' && status !== 'rejected' && status !== 'expired')
      throw stateError(status, 'revised');
    const validUntil = input.validUntil ?? (row.valid_until >= today ? row.valid_until : addDays(today, 30));
    if (validUntil < today) throw invalid('validUntil', `must not be before today (${today})`);
    const revisionId = newId();
    await repo.insertQuote(tx, {
      id: revisionId,
      number: row.number,
      revision: row.revision + 1,
      customerId: row.customer_id,
      opportunityId: row.opportunity_id,
      currency: row.currency,
      validUntil,
      subtotal: row.subtotal,
      discountTotal: row.discount_total,
      taxTotal: row.tax_total,
      total: row.total,
      terms: row.terms,
      notes: row.notes,
      ownerId: row.owner_id,
      teamId: row.team_id,
      createdBy: actor.userId,
      now,
    });
    const lines = await repo.findQuoteLines(tx, id);
    await repo.replaceQuoteLines(
      tx,
      revisionId,
      row.customer_id,
      lines.map((line) => ({
        id: newId(),
        line: line.line,
        productId: line.product_id,
        sku: line.sku,
        name: line.name,
        quantity: line.quantity,
        unitPrice: line.unit_price,
        discount: line.discount,
        taxRate: line.tax_rate,
        amount: line.amount,
        tax: line.tax,
      })),
    );
    await repo.setQuoteState(tx, id, { status: 'superseded' }, now);
    return revisionId;
  });

/**
 * The order an accepted quote becomes. Its amount INCLUDES VAT: Chinese B2B prices are quoted and paid with VAT
 * (含税价), so the order's amount is the quote's total, what the customer pays. The product lines carry the quote's
 * products and quantities at their net unit prices (after discount, before tax); one line `增值税 / VAT` carries the
 * quote's tax total; and, when the quote's per-line rounding differs from the exact net amounts (a fraction of a
 * minor unit per line), one line `舍入调整 / Rounding` carries the difference, so the lines add up to the total exactly.
 */
function orderInputFor(row: repo.QuoteRow, lines: readonly repo.QuoteLineRow[]): OrderCreateInput {
  const values = lines.map((line) => ({
    quantity: line.quantity,
    unitPrice: line.unit_price,
    discount: line.discount,
    taxRate: line.tax_rate,
  }));
  const residue = roundingResidue(values, row.currency);
  return {
    customerId: row.customer_id,
    currency: row.currency,
    // accepted, not yet paid or delivered; it counts as a purchase in the customer's summary (customer_stats)
    status: 'pending',
    notes: `Quote ${row.number} rev ${row.revision}`,
    items: [
      ...lines.map((line, index) => ({
        productId: line.product_id,
        productName: line.name,
        quantity: line.quantity,
        unitPrice: netUnitPrice(values[index]!, row.currency),
      })),
      ...(row.tax_total !== 0
        ? [{ productName: '增值税 / VAT', quantity: '1', unitPrice: majorText(row.tax_total, row.currency) }]
        : []),
      ...(Number(residue) !== 0
        ? [{ productName: '舍入调整 / Rounding', quantity: '1', unitPrice: residue }]
        : []),
    ],
  };
}

/**
 * sent or draft → accepted, booking the order in the same transaction (so the customer's summary and analytics
 * see it at once). Past its validity in the business time zone the quote cannot be accepted and nothing changes.
 */
export const acceptQuote = (deps: Deps, actor: Actor, id: string, input: QuoteVersionInput) =>
  act(deps, actor, id, input.version, 'accept', async (tx, row, today, now) => {
    if (row.status !== 'draft' && row.status !== 'sent') throw stateError(statusOn(row, today), 'accepted');
    if (row.valid_until < today) throw expired(row);
    const order = await createOrderIn(tx, deps, actor, orderInputFor(row, await repo.findQuoteLines(tx, id)));
    // The order must be what the quote says the customer pays; anything else is a bug in the arithmetic above.
    if (Math.round(order.amount * 10 ** minorDigits(row.currency)) !== row.total)
      throw new Error(
        `order ${order.id} amount ${order.amount} differs from quote ${row.id} total ${row.total}`,
      );
    await repo.setQuoteState(tx, id, { status: 'accepted', decidedAt: now, orderId: order.id }, now);
    return id;
  });
