import { sql, type Kysely } from 'kysely';

/**
 * The forecast counts won deals by the day they closed (issue 6). The sales migration's closed-day index covers
 * won and lost deals together, so on a large table PostgreSQL ANDed it with the team index to keep only the won
 * ones; an index of won deals alone answers `status = 'won' and closed_day between …` directly (measured on 1M
 * deals: the BitmapAnd over 250k team-index entries disappears).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index opportunities_won_day_idx on opportunities (closed_day) where status = 'won'`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index opportunities_won_day_idx`.execute(db);
}
