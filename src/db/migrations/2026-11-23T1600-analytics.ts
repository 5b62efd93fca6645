import { sql, type Kysely } from 'kysely';

/**
 * Customer value analytics (issue 5): RFM snapshots, and the scratch tables of analyses that must scan orders (a
 * past as-of day, a period, cohorts; DESIGN §6). Those scans run in slices of customers, one short statement each,
 * so other requests interleave on the embedded engine; each slice writes its part here under the analysis' run id,
 * the final statement reads the parts, and the run deletes them. Scratch is unlogged: it needs no crash safety
 * (a crash loses the running analysis anyway) and skips the write-ahead log.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- per customer and currency, the order facts of one run's window (as customer_stats holds them for all time)
    create unlogged table analytics_customer_facts (
      run_id uuid not null,
      customer_id uuid not null,
      currency text not null,
      last_order_day date not null,
      -- purchases: orders that are neither cancelled nor returned
      orders integer not null,
      -- net of returns, minor units
      revenue bigint not null,
      margin bigint,
      created_at timestamptz not null default now(),
      primary key (run_id, customer_id, currency)
    );

    -- cohort partial sums of one run, one row per slice, currency, cohort month and month since it
    create unlogged table analytics_cohort_parts (
      run_id uuid not null,
      currency text not null,
      -- the first day of the cohort's first-purchase month
      cohort date not null,
      month_index integer not null,
      -- customers of the cohort with a purchase in that month
      customers integer not null,
      orders integer not null,
      revenue bigint not null,
      created_at timestamptz not null default now()
    );
    create index analytics_cohort_parts_run_idx on analytics_cohort_parts (run_id);

    create table rfm_snapshots (
      id uuid primary key,
      as_of date not null,
      currency text not null,
      -- customers scored (the whole base with a purchase up to as_of)
      customers integer not null,
      created_by text not null,
      created_at timestamptz not null default now()
    );
    create index rfm_snapshots_created_idx on rfm_snapshots (created_at, id);

    -- no foreign key to customers: a snapshot is history, and a million checked inserts cost more than they guard
    create table rfm_snapshot_customers (
      snapshot_id uuid not null references rfm_snapshots (id) on delete cascade,
      customer_id uuid not null,
      recency_days integer not null,
      frequency integer not null,
      monetary bigint not null,
      r smallint not null,
      f smallint not null,
      m smallint not null,
      segment text not null,
      primary key (snapshot_id, customer_id)
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table rfm_snapshot_customers, rfm_snapshots, analytics_cohort_parts, analytics_customer_facts;
  `.execute(db);
}
