import { toPage } from '#src/db/paginate.ts';
import { recordAudit } from '#src/modules/audit/audit.service.ts';
import type { RfmOptions } from '#src/modules/analytics/analytics.options.ts';
import { withCustomerFacts, type FactsOptions } from '#src/modules/analytics/facts.service.ts';
import { insertRfmSnapshotCustomers } from '#src/modules/analytics/rfm.repo.ts';
import {
  deleteSnapshot,
  findLatestSnapshot,
  findSnapshot,
  insertSnapshot,
  listSnapshots,
  movementCellCustomers,
  segmentMovements,
  setSnapshotCustomers,
  snapshotKeyset,
} from '#src/modules/analytics/rfm-snapshots.repo.ts';
import type {
  RfmMovement,
  RfmMovementCustomers,
  RfmMovementCustomersQuery,
  RfmMovementQuery,
  RfmSnapshot,
} from '#src/modules/analytics/rfm.schema.ts';
import { rfmSegments, type RfmSegment } from '#src/modules/analytics/rfm.segments.ts';
import { readScope } from '#src/modules/customers/customers.access.ts';
import type { Actor, Deps } from '#src/shared/context.ts';
import { invalid, notFound } from '#src/shared/errors.ts';
import { newId } from '#src/shared/ids.ts';

/**
 * RFM snapshots (issue 5 item 2): the scores and segments of the whole base as of a day, stored on demand, so that
 * how customers moved between segments from one snapshot to the next can be counted.
 */

type SnapshotRow = NonNullable<Awaited<ReturnType<typeof findSnapshot>>>;

const presentSnapshot = (row: SnapshotRow): RfmSnapshot => ({
  id: row.id,
  asOf: row.as_of,
  currency: row.currency,
  customers: row.customers,
  createdBy: row.created_by,
  createdAt: row.created_at.toISOString(),
});

/** Scores the base as of `options.asOf` and stores it, audited; customer facts as for RFM (facts.service.ts). */
export async function saveRfmSnapshot(
  deps: Deps,
  actor: Actor,
  options: RfmOptions,
  factsOptions: FactsOptions = {},
): Promise<RfmSnapshot> {
  const id = newId();
  const createdAt = deps.clock.now();
  return withCustomerFacts(deps, { from: null, through: options.asOf }, factsOptions, (facts) =>
    deps.db.transaction().execute(async (tx) => {
      await insertSnapshot(tx, {
        id,
        as_of: options.asOf,
        currency: options.currency,
        created_by: actor.label,
        created_at: createdAt,
      });
      const customers = await insertRfmSnapshotCustomers(tx, id, facts, options.asOf, options.currency);
      await setSnapshotCustomers(tx, id, customers);
      const snapshot = presentSnapshot((await findSnapshot(tx, id))!);
      await recordAudit(tx, actor, {
        at: createdAt,
        action: 'create',
        entity: 'rfm_snapshot',
        entityId: id,
        after: snapshot,
      });
      return snapshot;
    }),
  );
}

/** Snapshots, newest first. */
export async function listRfmSnapshots(deps: Deps, query: { limit: number; cursor?: string | undefined }) {
  const rows = await listSnapshots(deps.db, query.limit, query.cursor);
  return toPage(rows, query.limit, snapshotKeyset, presentSnapshot);
}

export async function removeRfmSnapshot(deps: Deps, actor: Actor, id: string): Promise<void> {
  await deps.db.transaction().execute(async (tx) => {
    const row = await findSnapshot(tx, id);
    if (!row || !(await deleteSnapshot(tx, id))) throw notFound('rfm_snapshot.not_found', id);
    await recordAudit(tx, actor, {
      at: deps.clock.now(),
      action: 'delete',
      entity: 'rfm_snapshot',
      entityId: id,
      before: presentSnapshot(row),
    });
  });
}

const segmentOrder = (segment: string | null) =>
  segment === null ? rfmSegments.length : rfmSegments.indexOf(segment as RfmSegment);

/**
 * The two snapshots compared: `to` (default the latest) and `from` (default the one before `to`), which must be
 * in one currency.
 */
async function comparedSnapshots(
  deps: Deps,
  query: RfmMovementQuery,
): Promise<{ from: SnapshotRow; to: SnapshotRow }> {
  const to = query.to ? await findSnapshot(deps.db, query.to) : await findLatestSnapshot(deps.db);
  if (!to) throw notFound('rfm_snapshot.not_found', query.to);
  const from = query.from
    ? await findSnapshot(deps.db, query.from)
    : await findLatestSnapshot(deps.db, { created_at: to.created_at, id: to.id });
  if (!from)
    throw query.from
      ? notFound('rfm_snapshot.not_found', query.from)
      : invalid('querystring.from', 'there is no snapshot before the one compared to; save another first');
  if (from.currency !== to.currency)
    throw invalid(
      'querystring.from',
      `is a snapshot in ${from.currency}, the other in ${to.currency}: compare snapshots of one currency`,
    );
  return { from, to };
}

/**
 * How many customers moved from each segment to each other between two snapshots; by default from the snapshot
 * before `to` to `to`, and `to` the latest. Both must be in one currency.
 */
export async function rfmMovement(deps: Deps, query: RfmMovementQuery): Promise<RfmMovement> {
  const { from, to } = await comparedSnapshots(deps, query);
  const rows = await segmentMovements(deps.db, from.id, to.id);
  return {
    from: presentSnapshot(from),
    to: presentSnapshot(to),
    movements: rows
      .map((row) => ({
        from: row.from_segment as RfmSegment | null,
        to: row.to_segment as RfmSegment | null,
        customers: row.customers,
      }))
      .sort((a, b) => segmentOrder(a.from) - segmentOrder(b.from) || segmentOrder(a.to) - segmentOrder(b.to)),
  };
}

/**
 * Keyset cursor of a movement cell's customers: the last customer id of the page. Client input, so it is checked
 * to be one (a uuid, under this list's name) before it reaches SQL.
 */
const movementCursorList = 'rfm-movement-customers';
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const encodeMovementCursor = (customerId: string) =>
  Buffer.from(JSON.stringify([movementCursorList, customerId])).toString('base64url');
function decodeMovementCursor(cursor: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = null;
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 2 ||
    parsed[0] !== movementCursorList ||
    typeof parsed[1] !== 'string' ||
    !uuidPattern.test(parsed[1])
  )
    throw invalid('querystring.cursor', 'is not a cursor returned by this list');
  return parsed[1];
}

const segmentOrNull = (segment: RfmSegment | 'none') => (segment === 'none' ? null : segment);

/**
 * The customers of one movement cell (click-through from the matrix, issue 5): `fromSegment` in the earlier
 * snapshot and `toSegment` in the later (`none`: not scored there), the ones the actor may see now, by customer
 * id. Snapshots are history: a customer since moved to the recycle bin or erased is still listed (with the
 * placeholder name erasing leaves), so an admin's list holds exactly the matrix's count.
 */
export async function listMovementCustomers(
  deps: Deps,
  actor: Actor,
  query: RfmMovementCustomersQuery,
): Promise<RfmMovementCustomers> {
  const { from, to } = await comparedSnapshots(deps, query);
  const fromSegment = segmentOrNull(query.fromSegment);
  const toSegment = segmentOrNull(query.toSegment);
  const rows = await movementCellCustomers(
    deps.db,
    { snapshotId: from.id, segment: fromSegment },
    { snapshotId: to.id, segment: toSegment },
    {
      scope: readScope(actor),
      after: query.cursor ? decodeMovementCursor(query.cursor) : undefined,
      limit: query.limit + 1,
    },
  );
  const pageRows = rows.slice(0, query.limit);
  const last = pageRows.at(-1);
  return {
    items: pageRows.map((row) => ({
      customerId: row.customer_id,
      ref: row.ref,
      name: row.name,
      fromSegment,
      toSegment,
    })),
    nextCursor: rows.length > query.limit && last ? encodeMovementCursor(last.customer_id) : null,
  };
}
