import { toMajorUnits } from '#src/shared/money.ts';
import type { QuoteLineRow, QuoteRow, findRevisions } from '#src/modules/sales/quotes.repo.ts';
import type { Quote, QuoteDetail, QuoteStatus } from '#src/modules/sales/quotes.schema.ts';

/** The status a reader sees: a draft or sent quote past its last valid day is expired (same rule as the SQL filter). */
export const statusOn = (row: { status: string; valid_until: string }, today: string): QuoteStatus =>
  (row.status === 'draft' || row.status === 'sent') && row.valid_until < today
    ? 'expired'
    : (row.status as QuoteStatus);

export const presentQuote = (row: QuoteRow, today: string): Quote => ({
  id: row.id,
  number: row.number,
  revision: row.revision,
  customerId: row.customer_id,
  customerName: row.customer_name,
  opportunityId: row.opportunity_id,
  opportunityName: row.opportunity_name,
  status: statusOn(row, today),
  currency: row.currency,
  validUntil: row.valid_until,
  subtotal: toMajorUnits(row.subtotal, row.currency),
  discountTotal: toMajorUnits(row.discount_total, row.currency),
  taxTotal: toMajorUnits(row.tax_total, row.currency),
  total: toMajorUnits(row.total, row.currency),
  terms: row.terms,
  notes: row.notes,
  rejectReason: row.reject_reason,
  orderId: row.order_id,
  orderRef: row.order_ref,
  sentAt: row.sent_at?.toISOString() ?? null,
  decidedAt: row.decided_at?.toISOString() ?? null,
  ownerId: row.owner_id,
  ownerName: row.owner_name,
  teamId: row.team_id,
  version: row.version,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

export const presentQuoteDetail = (
  row: QuoteRow,
  lines: readonly QuoteLineRow[],
  revisions: Awaited<ReturnType<typeof findRevisions>>,
  today: string,
): QuoteDetail => ({
  ...presentQuote(row, today),
  items: lines.map((line) => ({
    id: line.id,
    line: line.line,
    productId: line.product_id,
    sku: line.sku,
    name: line.name,
    quantity: Number(line.quantity),
    unitPrice: toMajorUnits(line.unit_price, row.currency),
    discount: Number(line.discount),
    taxRate: Number(line.tax_rate),
    amount: toMajorUnits(line.amount, row.currency),
    tax: toMajorUnits(line.tax, row.currency),
  })),
  revisions: revisions.map((revision) => ({
    id: revision.id,
    revision: revision.revision,
    status: statusOn(revision, today),
    total: toMajorUnits(revision.total, revision.currency),
    createdAt: revision.created_at.toISOString(),
  })),
});
