import { sql, type Kysely } from 'kysely';

/**
 * Leads (issue 6 item 1): the secret that signs a public form's render token (the minimum fill time, checked
 * without keeping state per visitor), and the scoring rules a lead matched, kept beside its score so the lead can
 * show why it scored.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- the application writes 32 random bytes at creation; the default only covers rows made some other way
    alter table lead_forms
      add column token_secret text not null
        default md5(random()::text || clock_timestamp()::text) || md5(random()::text || clock_timestamp()::text);
    -- [{ruleId, name, points}] of the scoring rules the lead matched when it was last scored
    alter table leads add column score_reasons jsonb not null default '[]';
  `.execute(db);
}
