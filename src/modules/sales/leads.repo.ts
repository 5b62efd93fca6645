import { updateAtVersion } from '#src/db/versioned.ts';
import { sql, type ExpressionBuilder, type Insertable, type SqlBool, type Updateable } from 'kysely';
import { afterCursor, cursorValue, decodeCursor, type Keyset } from '#src/db/paginate.ts';
import type { DB, LeadsTable } from '#src/db/schema.ts';
import { customerVisible, type CustomerScope } from '#src/modules/customers/customers.access.ts';
import type { Db } from '#src/shared/context.ts';
import { invalid } from '#src/shared/errors.ts';
import type { LeadStatus } from '#src/modules/sales/leads.schema.ts';

const leadColumns = [
  'leads.id',
  'leads.ref',
  'leads.name',
  'leads.company',
  'leads.title',
  'leads.email',
  'leads.phone',
  'leads.source',
  'leads.province',
  'leads.city',
  'leads.notes',
  'leads.facts',
  'leads.status',
  'leads.unqualified_reason',
  'leads.score',
  'leads.score_reasons',
  'leads.form_id',
  'leads.submitted_ip',
  'leads.owner_id',
  'leads.team_id',
  'leads.converted_at',
  'leads.converted_customer_id',
  'leads.converted_organization_id',
  'leads.converted_opportunity_id',
  'leads.last_activity_at',
  'leads.version',
  'leads.created_at',
  'leads.updated_at',
] as const;

/** A lead with its owner's name. */
const baseQuery = (db: Db) =>
  db
    .selectFrom('leads')
    .leftJoin('users as owner', 'owner.id', 'leads.owner_id')
    .select([...leadColumns, 'owner.name as owner_name']);

export const findLead = (db: Db, id: string) => baseQuery(db).where('leads.id', '=', id).executeTakeFirst();
export type LeadRow = NonNullable<Awaited<ReturnType<typeof findLead>>>;

/** The lead row locked for a change, so two writers of one lead take turns. */
export const lockLead = (db: Db, id: string) =>
  db
    .selectFrom('leads')
    .select(['id', 'version', 'status'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();

export interface LeadFilter {
  scope: CustomerScope;
  q?: string | undefined;
  statuses?: LeadStatus[] | undefined;
  source?: string | undefined;
  /** An owner, or null for unassigned leads. */
  ownerId?: string | null | undefined;
}

/** `%text%` for ILIKE with the pattern characters of the text escaped. */
const containsPattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The score is an integer: its cursor value is checked as one (a forged cursor is a 400, not a SQL error). */
function afterScoreCursor(keyset: Keyset, cursor: string) {
  const [value, id] = decodeCursor(keyset, cursor);
  if (!/^-?\d{1,9}$/.test(value)) throw invalid('cursor', 'is not a cursor returned by this list');
  const op = sql.raw(keyset.direction === 'asc' ? '>' : '<');
  return sql<SqlBool>`(leads.score, leads.id) ${op} (${Number(value)}::int, ${id}::uuid)`;
}

export async function listLeads(
  db: Db,
  filter: LeadFilter,
  keyset: Keyset,
  cursor: string | undefined,
  limit: number,
) {
  let q = baseQuery(db)
    .select(cursorValue(keyset, 'leads'))
    .where((eb) =>
      // the ownership rule reads owner_id and team_id of the alias it is given: here the lead's own
      customerVisible(filter.scope, 'leads')(eb as unknown as ExpressionBuilder<DB, 'customers'>),
    )
    .orderBy(`leads.${keyset.column}` as 'leads.created_at', keyset.direction)
    .orderBy('leads.id', keyset.direction)
    .limit(limit + 1);
  if (filter.q) {
    const pattern = containsPattern(filter.q);
    q = q.where((eb) =>
      eb.or([
        eb('leads.name', 'ilike', pattern),
        eb('leads.company', 'ilike', pattern),
        eb('leads.email', 'ilike', pattern),
        eb('leads.phone', 'ilike', pattern),
      ]),
    );
  }
  if (filter.statuses?.length) q = q.where('leads.status', 'in', filter.statuses);
  if (filter.source) q = q.where('leads.source', '=', filter.source);
  if (filter.ownerId === null) q = q.where('leads.owner_id', 'is', null);
  else if (filter.ownerId) q = q.where('leads.owner_id', '=', filter.ownerId);
  if (cursor)
    q = q.where(
      keyset.column === 'score' ? afterScoreCursor(keyset, cursor) : afterCursor(keyset, 'leads', cursor),
    );
  return q.execute();
}

export const insertLead = (db: Db, values: Insertable<LeadsTable>) =>
  db.insertInto('leads').values(values).execute();

/** Applies `values` at `version`, bumping it; false when the version was stale. */
export async function updateLead(
  db: Db,
  id: string,
  version: number,
  values: Updateable<LeadsTable>,
  now: Date,
): Promise<boolean> {
  return updateAtVersion(db, 'leads', id, version, values, now);
}

export async function deleteLead(db: Db, id: string, version: number): Promise<boolean> {
  const result = await db
    .deleteFrom('leads')
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return result.numDeletedRows === 1n;
}

/** Stored leads by ref, for imports (re-importing a ref updates). */
export const findLeadsByRef = (db: Db, refs: string[]) =>
  refs.length ? baseQuery(db).where('leads.ref', 'in', refs).execute() : Promise.resolve([] as LeadRow[]);

/** A staff member's team, copied onto the leads they own; null when the user does not exist or is inactive. */
export const findActiveUser = (db: Db, id: string) =>
  db
    .selectFrom('users')
    .select(['id', 'team_id', 'role'])
    .where('id', '=', id)
    .where('active', '=', true)
    .executeTakeFirst();

/** Ids of leads sharing one of these emails (case-insensitive), for re-scoring on a new form submission. */
export const leadIdsByEmail = (db: Db, email: string) =>
  db
    .selectFrom('leads')
    .select('id')
    .where(sql<string>`lower(email)`, '=', email.toLowerCase())
    .execute()
    .then((rows) => rows.map((row) => row.id));
