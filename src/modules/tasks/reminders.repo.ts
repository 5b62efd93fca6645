import type { Db } from '#src/shared/context.ts';

/**
 * Claims up to `limit` open tasks whose reminder is due and not yet sent, marking them reminded in the same
 * statement. SKIP LOCKED lets several servers on one PostgreSQL database share the work without reminding twice;
 * the caller's transaction holds the rows until its notifications and mails are written with them.
 */
export async function claimDueReminders(db: Db, now: Date, limit: number): Promise<string[]> {
  const rows = await db
    .updateTable('tasks')
    .set({ reminded_at: now })
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('tasks')
        .select('id')
        .where('remind_at', '<=', now)
        .where('reminded_at', 'is', null)
        .where('status', '=', 'open')
        .orderBy('remind_at')
        .limit(limit)
        .forUpdate()
        .skipLocked(),
    )
    .returning('id')
    .execute();
  return rows.map((row) => row.id);
}

/** What a reminder says, with its owner's address and language. */
export const findReminderFacts = (db: Db, ids: readonly string[]) =>
  db
    .selectFrom('tasks')
    .innerJoin('users', 'users.id', 'tasks.owner_id')
    .leftJoin('customers', 'customers.id', 'tasks.customer_id')
    .select([
      'tasks.id',
      'tasks.kind',
      'tasks.subject',
      'tasks.due_at',
      'tasks.all_day',
      'tasks.owner_id',
      'users.email',
      'users.name as owner_name',
      'users.locale',
      'users.active',
      'customers.name as customer_name',
    ])
    .where('tasks.id', 'in', ids)
    .orderBy('tasks.remind_at')
    .execute();

export type ReminderFacts = Awaited<ReturnType<typeof findReminderFacts>>[number];
