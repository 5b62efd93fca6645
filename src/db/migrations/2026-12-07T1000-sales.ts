import { sql, type Kysely } from 'kysely';

/**
 * Sales force automation (issue 6): leads and the public forms that capture them, assignment and scoring rules,
 * pipelines with their stages, opportunities with line items and stage history, quotes with versions, tasks with
 * reminders and follow-up rules, in-app notifications, the mail outbox, sales targets and key-account plans.
 *
 * Owned records carry `owner_id` and `team_id` so that the customers' ownership rule (sales staff their own,
 * managers their team's) reads them the same way. Money is integer minor units with its currency (DESIGN §4).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table pipelines (
      id uuid primary key,
      name text not null,
      is_default boolean not null default false,
      position integer not null default 0,
      archived boolean not null default false,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create unique index pipelines_name_key on pipelines (lower(name));
    create unique index pipelines_one_default_idx on pipelines ((true)) where is_default;

    create table pipeline_stages (
      id uuid primary key,
      pipeline_id uuid not null references pipelines (id) on delete cascade,
      -- a built-in stage's key, so the web app can show its name in each language until someone renames it
      key text,
      name text not null,
      position integer not null,
      -- the win probability an opportunity takes when it enters the stage, a fraction from 0 to 1
      probability double precision not null check (probability >= 0 and probability <= 1),
      kind text not null default 'open' check (kind in ('open', 'won', 'lost')),
      archived boolean not null default false,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index pipeline_stages_pipeline_idx on pipeline_stages (pipeline_id, position);

    create table lead_forms (
      id uuid primary key,
      -- the public address: /forms/<slug>
      slug text not null check (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
      name text not null,
      -- which fields the form asks for and which it requires
      fields jsonb not null,
      source text not null default 'web_form',
      thank_you text,
      active boolean not null default true,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create unique index lead_forms_slug_key on lead_forms (slug);

    create table leads (
      id uuid primary key,
      ref text,
      name text not null,
      company text,
      title text,
      email text,
      phone text,
      source text not null default 'manual',
      province text,
      city text,
      notes text,
      -- what a form or an import brought beyond the named columns (industry, budget, ...)
      facts jsonb not null default '{}',
      status text not null default 'new'
        check (status in ('new', 'contacted', 'qualified', 'unqualified', 'converted')),
      unqualified_reason text,
      score integer not null default 0,
      form_id uuid references lead_forms (id),
      -- where a public form submission came from, for spam review
      submitted_ip text,
      owner_id uuid references users (id),
      team_id uuid references teams (id),
      converted_at timestamptz,
      converted_customer_id uuid references customers (id),
      converted_organization_id uuid references customers (id),
      converted_opportunity_id uuid,
      last_activity_at timestamptz,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create unique index leads_ref_key on leads (ref) where ref is not null;
    create index leads_created_idx on leads (created_at, id);
    create index leads_owner_idx on leads (owner_id, status);
    create index leads_team_idx on leads (team_id, status);
    create index leads_status_idx on leads (status, created_at);
    create index leads_email_idx on leads (lower(email)) where email is not null;
    create index leads_phone_idx on leads (phone) where phone is not null;

    create table lead_assignment_rules (
      id uuid primary key,
      name text not null,
      position integer not null default 0,
      kind text not null check (kind in ('round_robin', 'region', 'source')),
      -- region: provinces and/or cities; source: lead sources; round_robin: none (matches every lead)
      provinces text[] not null default '{}',
      cities text[] not null default '{}',
      sources text[] not null default '{}',
      -- the staff the rule hands leads to, in turn
      assignee_ids uuid[] not null,
      -- the index into assignee_ids that the next lead goes to
      next_index integer not null default 0,
      active boolean not null default true,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index lead_assignment_rules_position_idx on lead_assignment_rules (position, id);

    create table lead_score_rules (
      id uuid primary key,
      name text not null,
      -- a fact (field, operator, value) or a behaviour (interactions, form submissions) the lead must show
      condition jsonb not null,
      points integer not null check (points between -1000 and 1000),
      active boolean not null default true,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );

    create table opportunities (
      id uuid primary key,
      ref text,
      name text not null,
      customer_id uuid not null references customers (id),
      -- the person at an organization the deal runs through
      contact_id uuid references customers (id),
      lead_id uuid references leads (id),
      pipeline_id uuid not null references pipelines (id),
      stage_id uuid not null references pipeline_stages (id),
      status text not null default 'open' check (status in ('open', 'won', 'lost')),
      amount bigint not null check (amount >= 0),
      currency text not null check (currency ~ '^[A-Z]{3}$'),
      probability double precision not null check (probability >= 0 and probability <= 1),
      forecast_category text not null default 'pipeline'
        check (forecast_category in ('pipeline', 'best_case', 'commit', 'closed', 'omitted')),
      expected_close_date date,
      next_step text,
      competitors text[] not null default '{}',
      source text,
      close_reason text,
      closed_at timestamptz,
      -- the business day it was won or lost, for period reports
      closed_day date,
      stage_entered_at timestamptz not null,
      owner_id uuid references users (id),
      team_id uuid references teams (id),
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create unique index opportunities_ref_key on opportunities (ref) where ref is not null;
    create index opportunities_board_idx on opportunities (pipeline_id, stage_id, status);
    create index opportunities_customer_idx on opportunities (customer_id);
    create index opportunities_owner_idx on opportunities (owner_id, status);
    create index opportunities_team_idx on opportunities (team_id, status);
    create index opportunities_close_idx on opportunities (expected_close_date) where status = 'open';
    create index opportunities_closed_idx on opportunities (closed_day) where status <> 'open';
    create index opportunities_created_idx on opportunities (created_at, id);
    alter table leads add constraint leads_converted_opportunity_fkey
      foreign key (converted_opportunity_id) references opportunities (id);

    create table opportunity_items (
      id uuid primary key,
      opportunity_id uuid not null references opportunities (id) on delete cascade,
      customer_id uuid not null references customers (id),
      line integer not null,
      product_id uuid not null references products (id),
      quantity numeric not null check (quantity > 0),
      unit_price bigint not null check (unit_price >= 0),
      -- a fraction from 0 to 1 off the line
      discount numeric not null default 0 check (discount >= 0 and discount <= 1),
      amount bigint not null check (amount >= 0)
    );
    create index opportunity_items_opportunity_idx on opportunity_items (opportunity_id, line);
    create index opportunity_items_product_idx on opportunity_items (product_id);

    -- every stage an opportunity entered, with who moved it and what it was worth then
    create table opportunity_stage_history (
      id uuid primary key,
      opportunity_id uuid not null references opportunities (id) on delete cascade,
      customer_id uuid not null references customers (id),
      pipeline_id uuid not null references pipelines (id),
      from_stage_id uuid references pipeline_stages (id),
      to_stage_id uuid not null references pipeline_stages (id),
      status text not null check (status in ('open', 'won', 'lost')),
      amount bigint not null,
      probability double precision not null,
      changed_by uuid references users (id),
      changed_at timestamptz not null
    );
    create index opportunity_stage_history_opportunity_idx on opportunity_stage_history (opportunity_id, changed_at);
    create index opportunity_stage_history_stage_idx on opportunity_stage_history (pipeline_id, to_stage_id, changed_at);

    create table quotes (
      id uuid primary key,
      -- every version of one quote shares its number; revision 1, 2, ...
      number text not null,
      revision integer not null default 1,
      customer_id uuid not null references customers (id),
      opportunity_id uuid references opportunities (id),
      status text not null default 'draft'
        check (status in ('draft', 'sent', 'accepted', 'rejected', 'expired', 'superseded')),
      currency text not null check (currency ~ '^[A-Z]{3}$'),
      valid_until date not null,
      subtotal bigint not null,
      discount_total bigint not null,
      tax_total bigint not null,
      total bigint not null check (total >= 0),
      terms text,
      notes text,
      order_id uuid references orders (id),
      sent_at timestamptz,
      decided_at timestamptz,
      owner_id uuid references users (id),
      team_id uuid references teams (id),
      created_by uuid references users (id),
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create unique index quotes_number_revision_key on quotes (number, revision);
    create index quotes_customer_idx on quotes (customer_id);
    create index quotes_opportunity_idx on quotes (opportunity_id) where opportunity_id is not null;
    create index quotes_created_idx on quotes (created_at, id);

    create table quote_items (
      id uuid primary key,
      quote_id uuid not null references quotes (id) on delete cascade,
      customer_id uuid not null references customers (id),
      line integer not null,
      product_id uuid not null references products (id),
      sku text not null,
      name text not null,
      quantity numeric not null check (quantity > 0),
      unit_price bigint not null check (unit_price >= 0),
      discount numeric not null default 0 check (discount >= 0 and discount <= 1),
      tax_rate numeric not null default 0 check (tax_rate >= 0 and tax_rate <= 1),
      -- net of discount, before tax
      amount bigint not null,
      tax bigint not null
    );
    create index quote_items_quote_idx on quote_items (quote_id, line);

    create table follow_up_rules (
      id uuid primary key,
      name text not null,
      trigger text not null check (trigger in ('order_created', 'opportunity_won', 'quote_accepted')),
      delay_days integer not null check (delay_days between 0 and 3650),
      task_kind text not null check (task_kind in ('call', 'meeting', 'visit', 'todo', 'email')),
      subject text not null,
      active boolean not null default true,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );

    create table tasks (
      id uuid primary key,
      kind text not null check (kind in ('call', 'meeting', 'visit', 'todo', 'email')),
      subject text not null,
      notes text,
      status text not null default 'open' check (status in ('open', 'done', 'cancelled')),
      due_at timestamptz,
      all_day boolean not null default false,
      remind_at timestamptz,
      reminded_at timestamptz,
      completed_at timestamptz,
      outcome text,
      customer_id uuid references customers (id),
      lead_id uuid references leads (id),
      opportunity_id uuid references opportunities (id),
      -- a follow-up plan's task: the rule and the record that triggered it (one task per rule and record)
      follow_up_rule_id uuid references follow_up_rules (id),
      source_id uuid,
      owner_id uuid references users (id),
      team_id uuid references teams (id),
      created_by uuid references users (id),
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index tasks_owner_idx on tasks (owner_id, status, due_at);
    create index tasks_team_idx on tasks (team_id, status, due_at);
    create index tasks_due_idx on tasks (due_at, id);
    create index tasks_remind_idx on tasks (remind_at) where reminded_at is null and status = 'open';
    create index tasks_customer_idx on tasks (customer_id) where customer_id is not null;
    create index tasks_lead_idx on tasks (lead_id) where lead_id is not null;
    create index tasks_opportunity_idx on tasks (opportunity_id) where opportunity_id is not null;
    create unique index tasks_follow_up_key on tasks (follow_up_rule_id, source_id) where follow_up_rule_id is not null;

    create table notifications (
      id uuid primary key,
      user_id uuid not null references users (id),
      kind text not null,
      title text not null,
      body text,
      -- the web app's path to open, e.g. /tasks?id=...
      link text,
      entity text,
      entity_id uuid,
      read_at timestamptz,
      created_at timestamptz not null default now()
    );
    create index notifications_user_idx on notifications (user_id, created_at, id);
    create index notifications_unread_idx on notifications (user_id) where read_at is null;

    -- every mail Guanxi sends is written here in the transaction that causes it; a sender delivers it through
    -- SMTP_URL, and without SMTP it stays here for staff to read (DESIGN §1, email)
    create table mail_outbox (
      id uuid primary key,
      to_address text not null,
      subject text not null,
      text_body text not null,
      html_body text,
      status text not null default 'queued' check (status in ('queued', 'sending', 'sent', 'failed', 'held')),
      attempts integer not null default 0,
      last_error text,
      entity text,
      entity_id uuid,
      user_id uuid references users (id),
      next_attempt_at timestamptz not null default now(),
      sent_at timestamptz,
      created_at timestamptz not null default now()
    );
    create index mail_outbox_pending_idx on mail_outbox (next_attempt_at) where status = 'queued';
    create index mail_outbox_created_idx on mail_outbox (created_at, id);

    create table sales_targets (
      id uuid primary key,
      period_kind text not null check (period_kind in ('month', 'quarter', 'year')),
      period_start date not null,
      -- a person's target or a team's, never both
      user_id uuid references users (id),
      team_id uuid references teams (id),
      metric text not null check (metric in ('won_amount', 'revenue', 'new_customers', 'won_deals')),
      amount bigint not null check (amount >= 0),
      currency text not null check (currency ~ '^[A-Z]{3}$'),
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check ((user_id is null) <> (team_id is null))
    );
    create unique index sales_targets_key on sales_targets
      (period_kind, period_start, metric, coalesce(user_id, team_id));

    -- a key account's plan (one per organization or person flagged as key account)
    create table account_plans (
      id uuid primary key,
      customer_id uuid not null references customers (id),
      goals text,
      strategy text,
      -- what the customer spends in our category a year, estimated; share of wallet = our revenue / this
      estimated_wallet bigint check (estimated_wallet >= 0),
      currency text not null check (currency ~ '^[A-Z]{3}$'),
      relationship_strength smallint check (relationship_strength between 1 and 5),
      next_review_on date,
      owner_id uuid references users (id),
      team_id uuid references teams (id),
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create unique index account_plans_customer_key on account_plans (customer_id);

    -- the decision-making unit: each contact's role, relationship layer and strength, and the next planned contact
    create table account_plan_contacts (
      id uuid primary key,
      plan_id uuid not null references account_plans (id) on delete cascade,
      customer_id uuid not null references customers (id),
      contact_id uuid references customers (id),
      name text not null,
      title text,
      role text not null check (role in ('decision_maker', 'influencer', 'buyer', 'user', 'gatekeeper', 'champion')),
      layer text not null check (layer in ('executive', 'management', 'operational')),
      strength smallint not null check (strength between 1 and 5),
      attitude text check (attitude in ('supporter', 'neutral', 'opponent')),
      next_contact_on date,
      notes text,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index account_plan_contacts_plan_idx on account_plan_contacts (plan_id);
  `.execute(db);

  // The default pipeline a new database starts with; the stages keep their keys until renamed.
  await sql`
    with pipeline as (
      insert into pipelines (id, name, is_default, position)
      values (gen_random_uuid(), 'Sales', true, 0)
      returning id
    )
    insert into pipeline_stages (id, pipeline_id, key, name, position, probability, kind)
    select gen_random_uuid(), pipeline.id, stage.key, stage.name, stage.position, stage.probability, stage.kind
    from pipeline, (values
      ('qualification', 'Qualification', 0, 0.1::double precision, 'open'),
      ('needs_analysis', 'Needs analysis', 1, 0.25, 'open'),
      ('proposal', 'Proposal', 2, 0.5, 'open'),
      ('negotiation', 'Negotiation', 3, 0.75, 'open'),
      ('won', 'Won', 4, 1, 'won'),
      ('lost', 'Lost', 5, 0, 'lost')
    ) as stage (key, name, position, probability, kind)
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table account_plan_contacts, account_plans, sales_targets, mail_outbox, notifications, tasks,
      follow_up_rules, quote_items, quotes, opportunity_stage_history, opportunity_items;
    alter table leads drop constraint leads_converted_opportunity_fkey;
    drop table opportunities, lead_score_rules, lead_assignment_rules, leads, lead_forms, pipeline_stages, pipelines;
  `.execute(db);
}
