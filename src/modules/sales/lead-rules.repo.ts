import { updateAtVersion } from '#src/db/versioned.ts';
import { sql, type Insertable, type RawBuilder, type SqlBool, type Updateable } from 'kysely';
import type { LeadAssignmentRulesTable, LeadScoreRulesTable } from '#src/db/schema.ts';
import type { Db } from '#src/shared/context.ts';
import type { ScoreCondition } from '#src/modules/sales/lead-rules.schema.ts';

// ---- assignment rules -------------------------------------------------------------------------------------

const assignmentColumns = [
  'id',
  'name',
  'position',
  'kind',
  'provinces',
  'cities',
  'sources',
  sql<string[]>`assignee_ids::text[]`.as('assignee_ids'),
  'next_index',
  'active',
  'version',
  'created_at',
  'updated_at',
] as const;

export const listAssignmentRules = (db: Db, onlyActive = false) => {
  let q = db.selectFrom('lead_assignment_rules').select(assignmentColumns).orderBy('position').orderBy('id');
  if (onlyActive) q = q.where('active', '=', true);
  return q.execute();
};
export type AssignmentRuleRow = Awaited<ReturnType<typeof listAssignmentRules>>[number];

export const findAssignmentRule = (db: Db, id: string) =>
  db.selectFrom('lead_assignment_rules').select(assignmentColumns).where('id', '=', id).executeTakeFirst();

export const insertAssignmentRule = (db: Db, values: Insertable<LeadAssignmentRulesTable>) =>
  db.insertInto('lead_assignment_rules').values(values).execute();

export async function updateAssignmentRule(
  db: Db,
  id: string,
  version: number,
  values: Updateable<LeadAssignmentRulesTable>,
  now: Date,
): Promise<boolean> {
  return updateAtVersion(db, 'lead_assignment_rules', id, version, values, now);
}

export async function deleteAssignmentRule(db: Db, id: string, version: number): Promise<boolean> {
  const result = await db
    .deleteFrom('lead_assignment_rules')
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return result.numDeletedRows === 1n;
}

/**
 * Takes the rule's next turn: advances `next_index` and returns the assignee whose turn it was. The UPDATE locks
 * the rule's row until the caller's transaction ends, so a concurrent lead waits and then takes the following turn.
 */
export async function takeTurn(db: Db, ruleId: string): Promise<string | null> {
  const row = await db
    .updateTable('lead_assignment_rules')
    .set({ next_index: sql<number>`(next_index + 1) % greatest(cardinality(assignee_ids), 1)` })
    .where('id', '=', ruleId)
    .returning(
      // RETURNING sees the advanced index: the turn taken is the one before it (arrays are 1-based)
      sql<string>`(assignee_ids[((next_index + cardinality(assignee_ids) - 1) % cardinality(assignee_ids)) + 1])::text`.as(
        'assignee_id',
      ),
    )
    .executeTakeFirst();
  return row?.assignee_id ?? null;
}

// ---- scoring rules ----------------------------------------------------------------------------------------

const scoreColumns = [
  'id',
  'name',
  'condition',
  'points',
  'active',
  'version',
  'created_at',
  'updated_at',
] as const;

export const listScoreRules = (db: Db, onlyActive = false) => {
  let q = db.selectFrom('lead_score_rules').select(scoreColumns).orderBy('created_at').orderBy('id');
  if (onlyActive) q = q.where('active', '=', true);
  return q.execute();
};
export type ScoreRuleRow = Awaited<ReturnType<typeof listScoreRules>>[number];

export const findScoreRule = (db: Db, id: string) =>
  db.selectFrom('lead_score_rules').select(scoreColumns).where('id', '=', id).executeTakeFirst();

export const insertScoreRule = (db: Db, values: Insertable<LeadScoreRulesTable>) =>
  db.insertInto('lead_score_rules').values(values).execute();

export async function updateScoreRule(
  db: Db,
  id: string,
  version: number,
  values: Updateable<LeadScoreRulesTable>,
  now: Date,
): Promise<boolean> {
  return updateAtVersion(db, 'lead_score_rules', id, version, values, now);
}

export async function deleteScoreRule(db: Db, id: string, version: number): Promise<boolean> {
  const result = await db
    .deleteFrom('lead_score_rules')
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return result.numDeletedRows === 1n;
}

/** A scoring rule as SQL needs it: its condition already checked by the schema. */
export interface CompiledRule {
  id: string;
  name: string;
  points: number;
  condition: ScoreCondition;
}

/** When the scoring runs: "today" in the business time zone for days since the last activity. */
export interface ScoreClock {
  today: string;
  timeZone: string;
}

/** The text a fact condition tests: one of the lead's columns, or a key of its facts. */
function factText(field: string): RawBuilder<string> {
  if (field.startsWith('facts.')) return sql<string>`(leads.facts ->> ${field.slice('facts.'.length)})`;
  return sql<string>`${sql.ref(`leads.${field}`)}`;
}

/** One condition as a boolean over the `leads` row being scored (values are parameters, never spliced). */
function conditionSql(condition: ScoreCondition, clock: ScoreClock): RawBuilder<SqlBool> {
  switch (condition.kind) {
    case 'field': {
      const value = factText(condition.field);
      switch (condition.op) {
        case 'present':
          return sql<SqlBool>`coalesce(btrim(${value}), '') <> ''`;
        case 'eq':
          return sql<SqlBool>`coalesce(lower(btrim(${value})) = lower(${String(condition.value ?? '')}), false)`;
        case 'contains':
          return sql<SqlBool>`coalesce(strpos(lower(${value}), lower(${String(condition.value ?? '')})) > 0, false)`;
        case 'in': {
          const values = (condition.values ?? []).map((v) => v.toLowerCase());
          if (!values.length) return sql<SqlBool>`false`;
          return sql<SqlBool>`coalesce(lower(btrim(${value})) in (${sql.join(values)}), false)`;
        }
        case 'gte':
        case 'lte': {
          const op = sql.raw(condition.op === 'gte' ? '>=' : '<=');
          // only a number compares: text that is no number never matches (and never fails the statement)
          const number = sql`(case when btrim(${value}) ~ '^-?[0-9]{1,15}(\\.[0-9]{1,10})?$' then btrim(${value})::numeric end)`;
          return sql<SqlBool>`coalesce(${number} ${op} ${Number(condition.value)}::numeric, false)`;
        }
      }
      break;
    }
    case 'form_submissions':
    case 'tasks_done':
    case 'days_since_activity': {
      const op = sql.raw(condition.op === 'gte' ? '>=' : '<=');
      const threshold = sql`${condition.value}::int`;
      if (condition.kind === 'form_submissions')
        return sql<SqlBool>`(leads.email is not null and (select count(*) from leads s
          where s.form_id is not null and lower(s.email) = lower(leads.email)) ${op} ${threshold})`;
      if (condition.kind === 'tasks_done')
        return sql<SqlBool>`((select count(*) from tasks t where t.lead_id = leads.id and t.status = 'done') ${op} ${threshold})`;
      // days are calendar days in the business time zone (DESIGN: durations are differences of dates)
      return sql<SqlBool>`((${clock.today}::date - (coalesce(leads.last_activity_at, leads.created_at) at time zone ${clock.timeZone})::date) ${op} ${threshold})`;
    }
  }
  return sql<SqlBool>`false`;
}

/** Score and reasons of the rules as two SQL expressions over the `leads` row. */
function scoreExpressions(rules: CompiledRule[], clock: ScoreClock) {
  if (!rules.length) return { score: sql<number>`0`, reasons: sql<string>`'[]'::jsonb` };
  const matches = rules.map((rule) => ({ rule, when: conditionSql(rule.condition, clock) }));
  const score = sql<number>`(${sql.join(
    matches.map(({ rule, when }) => sql`(case when ${when} then ${rule.points}::int else 0 end)`),
    sql` + `,
  )})`;
  const reasons = sql<string>`(${sql.join(
    matches.map(
      ({ rule, when }) =>
        sql`(case when ${when} then jsonb_build_array(${JSON.stringify({ ruleId: rule.id, name: rule.name, points: rule.points })}::jsonb) else '[]'::jsonb end)`,
    ),
    sql` || `,
  )})`;
  return { score, reasons };
}

/** Re-scores the given leads (converted leads keep the score they were converted with). */
export async function scoreLeads(
  db: Db,
  rules: CompiledRule[],
  clock: ScoreClock,
  ids: string[],
): Promise<void> {
  if (!ids.length) return;
  const { score, reasons } = scoreExpressions(rules, clock);
  await db
    .updateTable('leads')
    .set({ score, score_reasons: reasons })
    .where('id', 'in', ids)
    .where('status', '<>', 'converted')
    .execute();
}

/**
 * Re-scores every open lead, one set-based UPDATE per slice of `batch` leads in id order, so other requests
 * interleave between slices on the embedded engine. Returns the leads scored.
 */
export async function scoreAllLeads(
  db: Db,
  rules: CompiledRule[],
  clock: ScoreClock,
  batch = 5000,
): Promise<number> {
  const { score, reasons } = scoreExpressions(rules, clock);
  let after: string | null = null;
  let total = 0;
  for (;;) {
    const result: { last: string | null; n: number | string | bigint } | undefined = await db
      .with('slice', (w) => {
        let q = w
          .selectFrom('leads')
          .select('id')
          .where('status', '<>', 'converted')
          .orderBy('id')
          .limit(batch);
        if (after) q = q.where('id', '>', after);
        return q;
      })
      .with('scored', (w) =>
        w
          .updateTable('leads')
          .set({ score, score_reasons: reasons })
          .from('slice')
          .whereRef('leads.id', '=', 'slice.id')
          .returning('leads.id'),
      )
      .selectFrom('scored')
      .select([
        sql<string | null>`((array_agg(id order by id desc))[1])::text`.as('last'),
        sql<number>`count(*)`.as('n'),
      ])
      .executeTakeFirst();
    const n = Number(result?.n ?? 0);
    total += n;
    if (n < batch || !result?.last) return total;
    after = result.last;
  }
}
