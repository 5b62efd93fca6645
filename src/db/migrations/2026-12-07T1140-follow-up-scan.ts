import { sql, type Kysely } from 'kysely';

/**
 * Follow-up rules scan the orders, won deals and accepted quotes made since their last scan, not since the rule was
 * created: with ten million orders a scan from the rule's creation read the whole table every minute. `scanned_to`
 * is where the last scan of a rule reached; each scan looks back ten minutes before it, so a transaction that commits
 * late (an import's batch) is still seen, and the tasks' unique key keeps the overlap from making a task twice.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table follow_up_rules add column scanned_to timestamptz;
    create index orders_created_idx on orders (created_at);
    create index opportunities_won_idx on opportunities (closed_at) where status = 'won';
    create index quotes_accepted_idx on quotes (decided_at) where status = 'accepted';
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop index quotes_accepted_idx, opportunities_won_idx, orders_created_idx;
    alter table follow_up_rules drop column scanned_to;
  `.execute(db);
}
