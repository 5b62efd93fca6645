import { sql, type Kysely } from 'kysely';

/**
 * Recomputing the analytics results written back to customers (customer_scores, issue 5 item 6): one row per run,
 * so that the as-of day, when it ran, what it scored and why lifetime value was left out (too little data for the
 * models) can be shown; and the scratch a run scores the whole base into before it writes the scores back in slices
 * of customers (DESIGN §6: other requests interleave on the embedded engine). Scratch is unlogged, as the other
 * analytics scratch (2026-11-23T1600).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table customer_score_runs (
      id uuid primary key,
      as_of date not null,
      currency text not null,
      status text not null check (status in ('running', 'done', 'failed')),
      -- what the run scored: customers with a purchase, and those with a lifetime value
      customers integer,
      clv_customers integer,
      -- why lifetime value was left out, or why the run failed
      message text,
      created_by text not null,
      started_at timestamptz not null,
      -- refreshed as the run goes: a run whose heartbeat is old was left by a process that is gone
      heartbeat_at timestamptz not null,
      finished_at timestamptz
    );
    create index customer_score_runs_started_idx on customer_score_runs (started_at, id);
    -- one run at a time, across every process on the database
    create unique index customer_score_runs_one_running_idx on customer_score_runs ((true)) where status = 'running';

    create unlogged table analytics_score_parts (
      run_id uuid not null,
      customer_id uuid not null,
      value_class text,
      recency_days integer,
      rfm_r smallint,
      rfm_f smallint,
      rfm_m smallint,
      rfm_segment text,
      revenue bigint,
      created_at timestamptz not null default now(),
      primary key (run_id, customer_id)
    );
    create unlogged table analytics_score_clv (
      run_id uuid not null,
      customer_id uuid not null,
      p_alive double precision not null,
      expected_purchases double precision not null,
      expected_value bigint not null,
      created_at timestamptz not null default now(),
      primary key (run_id, customer_id)
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table analytics_score_clv, analytics_score_parts, customer_score_runs`.execute(db);
}
