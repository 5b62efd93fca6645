import { sql, type Kysely } from 'kysely';

/**
 * Each customer's last contact moves out of `customers` into a narrow table of its own.
 *
 * As a column of `customers` it was indexed (the list sorts by it), so every new contact rewrote the customer's
 * row outside HOT and touched all of that table's indexes: about 110 µs a customer, a third of an interactions
 * import at a million customers. Here a new contact touches one narrow row and its two indexes, and the list's
 * "last contact" order walks this table's index. A customer without interactions has no row.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table customer_last_contact (
      customer_id uuid primary key references customers (id),
      last_contact_at timestamptz not null
    );
    insert into customer_last_contact (customer_id, last_contact_at)
      select id, last_contact_at from customers where last_contact_at is not null;
    create index customer_last_contact_idx on customer_last_contact (last_contact_at, customer_id);
    drop index customers_last_contact_idx;
    alter table customers drop column last_contact_at;
    analyze customer_last_contact;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table customers add column last_contact_at timestamptz;
    update customers c set last_contact_at = l.last_contact_at
      from customer_last_contact l where l.customer_id = c.id;
    create index customers_last_contact_idx on customers (last_contact_at, id);
    drop table customer_last_contact;
  `.execute(db);
}
