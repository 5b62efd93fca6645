import { parseSort, toPage } from '#src/db/paginate.ts';
import { recordAudit } from '#src/modules/audit/audit.service.ts';
import { inScope, readScope, requireCustomer, writeScope } from '#src/modules/customers/customers.access.ts';
import { requireOpportunity } from '#src/modules/sales/sales.access.ts';
import type { Actor, Db, Deps } from '#src/shared/context.ts';
import { calendarDay } from '#src/shared/dates.ts';
import { AppError, invalid, notFound, versionConflict } from '#src/shared/errors.ts';
import { newId } from '#src/shared/ids.ts';
import { findCjkFont, type CjkFont } from '#src/modules/sales/quote-font.ts';
import { renderQuotePdf } from '#src/modules/sales/quote-pdf.ts';
import type { PdfLanguage } from '#src/modules/sales/quote-pdf.text.ts';
import { priceQuoteItems } from '#src/modules/sales/quotes.lines.ts';
import { presentQuote, presentQuoteDetail, statusOn } from '#src/modules/sales/quotes.presenter.ts';
import * as repo from '#src/modules/sales/quotes.repo.ts';
import type {
  Quote,
  QuoteCreateInput,
  QuoteDetail,
  QuoteListQuery,
  QuoteUpdateInput,
} from '#src/modules/sales/quotes.schema.ts';

/**
 * Quotes (issue 6, item 3): list, read, create, change and delete drafts. The actions that move a quote through its
 * life (send, revise, accept, reject) are in quotes.actions.ts.
 *
 * Who may see a quote: the customers' ownership rule on the quote's own owner and team (sales staff their own,
 * managers their team's, admins all; service, marketing and viewers read). One the actor may not see is
 * `quote.not_found`, never forbidden.
 */

const sortColumns = {
  createdAt: { column: 'created_at', type: 'timestamptz' },
  number: 'number',
} as const;

/** Today in the business time zone: validity is counted in the business's calendar days. */
export const businessToday = (deps: Deps): string => calendarDay(deps.clock.now(), deps.config.timeZone);

/** The quote if the actor may see it (`read`) or change it (`write`). */
export async function findVisibleQuote(
  db: Db,
  actor: Actor,
  id: string,
  mode: 'read' | 'write',
): Promise<repo.QuoteRow> {
  const row = await repo.findQuote(db, id);
  if (!row || !inScope(mode === 'read' ? readScope(actor) : writeScope(actor), row))
    throw notFound('quote.not_found', id);
  return row;
}

/** The row for a change: visible and changeable, locked, at the version the client read. */
export async function lockForChange(
  tx: Db,
  actor: Actor,
  id: string,
  version: number | undefined,
): Promise<repo.QuoteRow> {
  await findVisibleQuote(tx, actor, id, 'write');
  await repo.lockQuote(tx, id);
  const row = (await repo.findQuote(tx, id))!;
  if (version !== undefined && row.version !== version) throw versionConflict('quote', row.version);
  return row;
}

export async function loadQuoteDetail(db: Db, id: string, today: string): Promise<QuoteDetail> {
  const row = (await repo.findQuote(db, id))!;
  const [lines, revisions] = await Promise.all([
    repo.findQuoteLines(db, id),
    repo.findRevisions(db, row.number),
  ]);
  return presentQuoteDetail(row, lines, revisions, today);
}

export const stateError = (status: string, action: string) =>
  new AppError('quote.state', `a ${status} quote cannot be ${action}`);

function checkValidUntil(validUntil: string, today: string): void {
  if (validUntil < today) throw invalid('validUntil', `must not be before today (${today})`);
}

export async function listQuotes(
  deps: Deps,
  actor: Actor,
  query: QuoteListQuery,
): Promise<{ items: Quote[]; nextCursor: string | null }> {
  const keyset = parseSort(query.sort, sortColumns);
  const today = businessToday(deps);
  const rows = await repo.listQuotes(deps.db, readScope(actor), query, keyset, today);
  return toPage(rows, query.limit, keyset, (row) => presentQuote(row, today));
}

export async function getQuote(deps: Deps, actor: Actor, id: string): Promise<QuoteDetail> {
  await findVisibleQuote(deps.db, actor, id, 'read');
  return loadQuoteDetail(deps.db, id, businessToday(deps));
}

/**
 * The customer, opportunity and currency of a quote after checking that the actor may change them: an opportunity
 * brings its customer and currency, and a quote may not contradict them.
 */
async function resolveParties(
  tx: Db,
  deps: Deps,
  actor: Actor,
  given: { customerId: string | undefined; opportunityId: string | null; currency: string | undefined },
) {
  const opportunity = given.opportunityId
    ? await requireOpportunity(tx, actor, given.opportunityId, 'write')
    : null;
  const customerId = given.customerId ?? opportunity?.customer_id;
  if (!customerId) throw invalid('customerId', 'is required (or give opportunityId)');
  if (opportunity && opportunity.customer_id !== customerId)
    throw invalid('customerId', 'is not the customer of the opportunity');
  if (opportunity && given.currency && given.currency !== opportunity.currency)
    throw invalid('currency', `must be the opportunity's currency (${opportunity.currency})`);
  const customer = await requireCustomer(tx, actor, customerId, 'write');
  const currency = given.currency ?? opportunity?.currency ?? deps.config.currency;
  return { customer, opportunity, customerId, currency };
}

/**
 * Creates a draft quote numbered `Q-<business day>-<sequence>`. The quote belongs to whoever owns the deal (the
 * opportunity's owner, else the customer's), so the salesperson sees quotes a manager or admin prepared for them;
 * an unowned customer's quote belongs to its author.
 */
export async function createQuote(deps: Deps, actor: Actor, input: QuoteCreateInput): Promise<QuoteDetail> {
  const now = deps.clock.now();
  const today = businessToday(deps);
  checkValidUntil(input.validUntil, today);
  return deps.db.transaction().execute(async (tx) => {
    const { customer, opportunity, customerId, currency } = await resolveParties(tx, deps, actor, {
      customerId: input.customerId,
      opportunityId: input.opportunityId ?? null,
      currency: input.currency,
    });
    const { lines, totals } = await priceQuoteItems(tx, input.items, currency);
    const owner = (opportunity ?? customer).owner_id
      ? { ownerId: (opportunity ?? customer).owner_id, teamId: (opportunity ?? customer).team_id }
      : { ownerId: actor.userId, teamId: actor.teamId };
    const id = newId();
    await repo.insertQuote(tx, {
      id,
      number: await repo.nextQuoteNumber(tx, today),
      revision: 1,
      customerId,
      opportunityId: opportunity?.id ?? null,
      currency,
      validUntil: input.validUntil,
      ...totals,
      terms: input.terms || null,
      notes: input.notes || null,
      ...owner,
      createdBy: actor.userId,
      now,
    });
    await repo.replaceQuoteLines(tx, id, customerId, lines);
    const created = await loadQuoteDetail(tx, id, today);
    await recordAudit(tx, actor, {
      at: now,
      action: 'create',
      entity: 'quote',
      entityId: id,
      after: created,
    });
    return created;
  });
}

/** Changes a draft at the given version; new lines replace the old, and a new currency needs new lines. */
export async function updateQuote(
  deps: Deps,
  actor: Actor,
  id: string,
  input: QuoteUpdateInput,
): Promise<QuoteDetail> {
  const now = deps.clock.now();
  const today = businessToday(deps);
  return deps.db.transaction().execute(async (tx) => {
    const current = await lockForChange(tx, actor, id, input.version);
    if (current.status !== 'draft') throw stateError(statusOn(current, today), 'changed');
    if (input.validUntil !== undefined) checkValidUntil(input.validUntil, today);
    const before = await loadQuoteDetail(tx, id, today);
    const opportunityId = input.opportunityId === undefined ? current.opportunity_id : input.opportunityId;
    const { customerId, currency } = await resolveParties(tx, deps, actor, {
      customerId: input.customerId ?? (input.opportunityId ? undefined : current.customer_id),
      opportunityId,
      currency: input.currency ?? (input.opportunityId ? undefined : current.currency),
    });
    if (currency !== current.currency && !input.items)
      throw invalid(
        'items',
        `are required when the currency changes (the prices are in ${current.currency})`,
      );
    const priced = input.items ? await priceQuoteItems(tx, input.items, currency) : null;
    await repo.updateQuote(
      tx,
      id,
      {
        customerId,
        opportunityId,
        currency,
        validUntil: input.validUntil ?? current.valid_until,
        ...(priced
          ? priced.totals
          : {
              subtotal: current.subtotal,
              discountTotal: current.discount_total,
              taxTotal: current.tax_total,
              total: current.total,
            }),
        terms: input.terms === undefined ? current.terms : input.terms || null,
        notes: input.notes === undefined ? current.notes : input.notes || null,
      },
      now,
    );
    if (priced) await repo.replaceQuoteLines(tx, id, customerId, priced.lines);
    else if (customerId !== current.customer_id) await repo.moveQuoteLines(tx, id, customerId);
    const after = await loadQuoteDetail(tx, id, today);
    await recordAudit(tx, actor, { at: now, action: 'update', entity: 'quote', entityId: id, before, after });
    return after;
  });
}

/**
 * Deletes a draft. Deleting a later revision's draft gives the revision before it back the state it had when it was
 * revised: rejected if it was decided, sent if it was sent, else draft.
 */
export async function deleteQuote(deps: Deps, actor: Actor, id: string, version?: number): Promise<void> {
  const now = deps.clock.now();
  const today = businessToday(deps);
  await deps.db.transaction().execute(async (tx) => {
    const current = await lockForChange(tx, actor, id, version);
    if (current.status !== 'draft') throw stateError(statusOn(current, today), 'deleted');
    const before = await loadQuoteDetail(tx, id, today);
    await repo.deleteQuote(tx, id);
    const previous = before.revisions.find((revision) => revision.revision === current.revision - 1);
    if (previous) {
      const row = (await repo.findQuote(tx, previous.id))!;
      const status = row.decided_at ? 'rejected' : row.sent_at ? 'sent' : 'draft';
      await repo.setQuoteState(tx, previous.id, { status }, now);
    }
    await recordAudit(tx, actor, { at: now, action: 'delete', entity: 'quote', entityId: id, before });
  });
}

/** The quote as a PDF in `lang`, issued today; the seller is the quote's owner. */
export async function quotePdf(
  deps: Deps,
  actor: Actor,
  id: string,
  lang: PdfLanguage,
  font: CjkFont | null = findCjkFont(),
): Promise<{ fileName: string; body: Buffer }> {
  const row = await findVisibleQuote(deps.db, actor, id, 'read');
  const today = businessToday(deps);
  const quote = await loadQuoteDetail(deps.db, id, today);
  const body = await renderQuotePdf({
    quote,
    seller: { name: row.owner_name, email: row.owner_email },
    lang,
    issued: today,
    font,
  });
  const fileName = `${quote.number}${quote.revision > 1 ? `-R${quote.revision}` : ''}.pdf`;
  return { fileName, body };
}
