import { sql, type Kysely } from 'kysely';

/**
 * Why a customer turned a quote down (`POST /quotes/:id/reject {reason}`): kept on the quote so the next revision and
 * the win/loss review can read it, not only in the audit log.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table quotes add column reject_reason text`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table quotes drop column reject_reason`.execute(db);
}
