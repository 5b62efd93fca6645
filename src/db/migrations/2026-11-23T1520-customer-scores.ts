import { sql, type Kysely } from 'kysely';

/**
 * Analytics results written back to customers (issue 5, item 6): ABC value class, RFM scores and segment, lifetime
 * value and P(alive), as of one day, so the customer list, its filters and later segments and campaigns use them.
 *
 * They live beside `customers`, not in it: a recompute rewrites them for the whole base, and in `customers` that
 * would rewrite every customer row through all of that table's indexes. `customers.value_class`, never written by
 * anything before, moves here. A customer without purchases has no row.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table customer_scores (
      customer_id uuid primary key references customers (id),
      -- the day the scores are as of, in the business time zone, and the analysis currency
      as_of date not null,
      currency text not null,
      value_class text check (value_class in ('A', 'B', 'C')),
      recency_days integer,
      rfm_r smallint check (rfm_r between 1 and 5),
      rfm_f smallint check (rfm_f between 1 and 5),
      rfm_m smallint check (rfm_m between 1 and 5),
      rfm_segment text,
      -- revenue to date net of returns, minor units (historical lifetime value)
      revenue bigint,
      p_alive double precision check (p_alive between 0 and 1),
      -- expected purchases over the horizon, and the discounted margin over it (minor units)
      expected_purchases double precision,
      expected_value bigint,
      computed_at timestamptz not null
    );
    insert into customer_scores (customer_id, as_of, currency, value_class, computed_at)
      select id, current_date, 'CNY', value_class, now() from customers where value_class is not null;
    alter table customers drop column value_class;
    create index customer_scores_class_idx on customer_scores (value_class, customer_id);
    create index customer_scores_segment_idx on customer_scores (rfm_segment, customer_id);
    create index customer_scores_value_idx on customer_scores (expected_value, customer_id);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table customers add column value_class text check (value_class in ('A', 'B', 'C'));
    update customers c set value_class = s.value_class from customer_scores s where s.customer_id = c.id;
    drop table customer_scores;
  `.execute(db);
}
