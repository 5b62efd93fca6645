import type { z } from 'zod';
import { recordAudit } from '#src/modules/audit/audit.service.ts';
import { inScope, readScope, requireCustomer } from '#src/modules/customers/customers.access.ts';
import type {
  CustomerListItem,
  DuplicateCandidate,
  duplicateListQuery,
  duplicatePage,
  duplicateScanResult,
  PossibleDuplicate,
  possibleDuplicatePage,
} from '#src/modules/customers/customers.schema.ts';
import { presentCustomerListItem } from '#src/modules/customers/customers.presenter.ts';
import { presentCandidate } from '#src/modules/customers/duplicates.presenter.ts';
import * as detect from '#src/modules/customers/duplicates.detect.repo.ts';
import * as repo from '#src/modules/customers/duplicates.repo.ts';
import { decodeCursor, toPage, type Keyset } from '#src/db/paginate.ts';
import type { Actor, Db, Deps } from '#src/shared/context.ts';
import { AppError, invalid, notFound } from '#src/shared/errors.ts';

type DuplicateListQuery = z.infer<typeof duplicateListQuery>;
type DuplicatePage = z.infer<typeof duplicatePage>;
type DuplicateScanResult = z.infer<typeof duplicateScanResult>;
type PossibleDuplicatePage = z.infer<typeof possibleDuplicatePage>;

/** The review list's order: the likeliest duplicates first (see duplicates.repo.ts, listCandidates). */
const byScore: Keyset = { column: 'score', direction: 'desc', type: 'text' };
/** How many possible duplicates a customer's page shows. */
const MATCH_LIMIT = 20;

/**
 * Looks for duplicates among the live customers the actor may see and records them for review (issue 4,
 * item 8); pairs already dismissed stay dismissed. Returns how many pairs were found and how many are open.
 *
 * Each detection pass is its own short transaction and the pairs are recorded at the end in one: on the
 * embedded engine, which runs one statement at a time for everyone, other requests get their turn between the
 * passes of a scan over a million customers (DESIGN §6).
 */
export async function scanDuplicates(deps: Deps, actor: Actor): Promise<DuplicateScanResult> {
  const scope = readScope(actor);
  const passes = [
    ...detect.exactReasons.map((reason) => (tx: Db) => detect.findExactPairs(tx, scope, reason)),
    (tx: Db) => detect.findSimilarNamePairs(tx, scope, 'name_city'),
    (tx: Db) => detect.findSimilarNamePairs(tx, scope, 'organization_name'),
  ];
  let pairs: detect.FoundPair[] = [];
  for (const pass of passes) {
    const found = await deps.db.transaction().execute(async (tx) => {
      await detect.allowLargeSorts(tx);
      return pass(tx);
    });
    pairs = pairs.concat(found);
  }
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    const { found } = await detect.recordScan(tx, scope, pairs, now);
    const open = await repo.countOpen(tx, scope);
    await recordAudit(tx, actor, {
      at: now,
      action: 'scan',
      entity: 'duplicate_candidate',
      entityId: null,
      after: { found, open },
    });
    return { found, open };
  });
}

/** Candidates in one state, likeliest first, only pairs whose two customers the actor may see. */
export async function listDuplicates(
  deps: Deps,
  actor: Actor,
  query: DuplicateListQuery,
): Promise<DuplicatePage> {
  const after = query.cursor ? decodeCursor(byScore, query.cursor) : null;
  // the cursor's score goes to SQL as a real: anything but a number is a forged cursor
  if (after && !/^-?\d+(\.\d+)?(e[-+]?\d+)?$/i.test(after[0]))
    throw invalid('cursor', 'is not a cursor returned by this list');
  const rows = await repo.listCandidates(deps.db, readScope(actor), query, after);
  const customers = await listItems(
    deps.db,
    rows.flatMap((row) => [row.customer_id, row.other_id]),
  );
  return toPage(rows, query.limit, byScore, (row) =>
    presentCandidate(row, customers.get(row.customer_id)!, customers.get(row.other_id)!),
  );
}

/**
 * A reviewer's verdict that the two customers of a candidate are different: the pair is dismissed (for every
 * reason it was proposed for) and later scans leave it alone. Dismissing twice changes nothing.
 */
export async function dismissDuplicate(deps: Deps, actor: Actor, id: string): Promise<DuplicateCandidate> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    const row = await repo.findCandidate(tx, id);
    const customers = row ? await listItems(tx, [row.customer_id, row.other_id]) : new Map();
    const scope = readScope(actor);
    const visible = (customerId: string) => {
      const customer = customers.get(customerId);
      return (
        customer !== undefined && inScope(scope, { owner_id: customer.ownerId, team_id: customer.teamId })
      );
    };
    if (!row || !visible(row.customer_id) || !visible(row.other_id))
      throw notFound('duplicate.not_found', id);
    const present = (candidate: repo.CandidateRow) =>
      presentCandidate(candidate, customers.get(candidate.customer_id)!, customers.get(candidate.other_id)!);
    if (row.status === 'merged')
      throw new AppError('customer.merged', 'these customers were merged already', {
        errors: [{ field: 'id', message: 'names a pair that was merged already' }],
      });
    if (row.status === 'dismissed') return present(row);
    await repo.dismissPair(tx, row, actor.userId, now);
    const dismissed = present((await repo.findCandidate(tx, id))!);
    await recordAudit(tx, actor, {
      at: now,
      action: 'dismiss',
      entity: 'duplicate_candidate',
      entityId: id,
      before: present(row),
      after: dismissed,
    });
    return dismissed;
  });
}

/**
 * Possible duplicates of one customer, computed live by the scan's rules among the customers the actor may see
 * (a warning on the customer's page, e.g. right after creating it). A read records nothing: the review list shows
 * what a scan recorded, and an item names the recorded candidate of its pair (`id`, to dismiss or merge it there)
 * when there is one. Each item shows the customer itself as `customer` and the possible duplicate as `other`.
 */
export async function possibleDuplicates(
  deps: Deps,
  actor: Actor,
  id: string,
): Promise<PossibleDuplicatePage> {
  await requireCustomer(deps.db, actor, id, 'read');
  const target = await detect.findMatchFacts(deps.db, id);
  if (!target) throw notFound('customer.not_found', id);
  // the stored id (lower case) from here on: pairs are ordered by comparing ids
  const self = target.id;
  const matches = await detect.matchCustomer(deps.db, readScope(actor), target, MATCH_LIMIT);
  const pairOf = (other: string) => (self < other ? `${self} ${other}` : `${other} ${self}`);
  const recorded = new Map<string, repo.CandidateRow>();
  const stored = await repo.findOpenCandidates(
    deps.db,
    matches.map((match) => ({
      customer_id: self < match.other_id ? self : match.other_id,
      other_id: self < match.other_id ? match.other_id : self,
    })),
  );
  // a pair recorded for several reasons is named by its strongest (the rows come by score)
  for (const row of stored) {
    const key = `${row.customer_id} ${row.other_id}`;
    if (!recorded.has(key)) recorded.set(key, row);
  }
  const customers = await listItems(deps.db, [self, ...matches.map((match) => match.other_id)]);
  const now = deps.clock.now();
  return {
    items: matches.map((match) => {
      const row = recorded.get(pairOf(match.other_id));
      return {
        id: row?.id ?? null,
        reason: match.reason as PossibleDuplicate['reason'],
        score: match.score,
        status: 'open' as const,
        customer: customers.get(self)!,
        other: customers.get(match.other_id)!,
        detectedAt: (row?.detected_at ?? now).toISOString(),
      };
    }),
    nextCursor: null,
  };
}

async function listItems(db: Db, ids: string[]): Promise<Map<string, CustomerListItem>> {
  if (!ids.length) return new Map();
  const rows = await repo.findListItems(db, [...new Set(ids)]);
  return new Map(rows.map((row) => [row.id, presentCustomerListItem(row)]));
}
