import { sql, type Kysely } from 'kysely';

/**
 * Customer data (issue 4): customers with their static facts, links between people and organisations, custom
 * field definitions, saved list views, interactions, products, orders with line items, the per-customer order
 * summary (`customer_stats`, DESIGN §6), import runs and duplicate candidates.
 *
 * Every table that holds one customer's data carries `customer_id` (DESIGN §3, for Citus co-location).
 * Money is integer minor units with an ISO currency; line-item quantities and unit prices are exact decimals.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create extension if not exists pg_trgm;

    create sequence customer_ref_seq;

    create table customers (
      id uuid primary key,
      ref text not null,
      kind text not null check (kind in ('person', 'organization')),
      name text not null,
      -- search keys, computed by the application from the name (simplified Chinese, pinyin, initials),
      -- email, phone and ref; see customers.search-keys.ts
      -- in the C collation, whatever the database's: a btree index then answers LIKE 'prefix%' and sorts
      name_pinyin text collate "C" not null default '',
      name_initials text collate "C" not null default '',
      search_text text collate "C" not null default '',
      -- the list's name order, as Chinese users expect it: by pinyin (李 li before 王 wang), English names by
      -- their letters, the name itself breaking ties; a LIKE prefix of it is a pinyin prefix
      name_sort text collate "C" not null generated always as (name_pinyin || ' ' || name) stored,
      gender text check (gender in ('male', 'female')),
      birthday date,
      phone text,
      email text,
      country text not null default 'CN',
      province text,
      city text,
      district text,
      address text,
      occupation text,
      income_band text,
      education text,
      marital_status text,
      industry text,
      company_size text,
      -- annual revenue in whole units of the business currency (a firmographic band, not a booking)
      annual_revenue bigint check (annual_revenue >= 0),
      credit_code text,
      credit_rating text,
      tags text[] not null default '{}',
      lifecycle_stage text not null default 'prospect'
        check (lifecycle_stage in ('prospect', 'new', 'active', 'loyal', 'at_risk', 'churned', 'won_back')),
      key_account boolean not null default false,
      value_class text check (value_class in ('A', 'B', 'C')),
      source text,
      owner_id uuid references users (id),
      team_id uuid references teams (id),
      parent_id uuid references customers (id),
      -- {"email": {"granted": true, "at": "...", "source": "..."}, "sms": ..., "phone": ...}
      consent jsonb not null default '{}',
      custom jsonb not null default '{}',
      notes text,
      last_contact_at timestamptz,
      merged_into uuid references customers (id),
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      deleted_at timestamptz,
      erased_at timestamptz
    );
    create unique index customers_ref_key on customers (ref);
    -- keyset pagination: each sortable column with the id that breaks ties
    create index customers_name_idx on customers (name_sort, id);
    create index customers_created_idx on customers (created_at, id);
    create index customers_updated_idx on customers (updated_at, id);
    create index customers_last_contact_idx on customers (last_contact_at, id);
    -- search: substrings of three or more characters through trigrams; short queries (zs, 张) by prefix
    create index customers_search_trgm on customers using gin (search_text gin_trgm_ops);
    -- initials typed are one or two letters (longer queries are substrings): the first two, then the name order
    create index customers_initials_idx on customers (left(name_initials, 2), name_sort, id);
    create index customers_pinyin_prefix on customers (name_pinyin);
    create index customers_email_idx on customers (lower(email)) where email is not null;
    create index customers_phone_idx on customers (phone) where phone is not null;
    create index customers_credit_code_idx on customers (credit_code) where credit_code is not null;
    create index customers_owner_idx on customers (owner_id, id);
    create index customers_team_idx on customers (team_id, id);
    create index customers_place_idx on customers (province, city);
    -- a city without its province (city names are the filter people use)
    create index customers_city_idx on customers (city);
    create index customers_tags_idx on customers using gin (tags);
    create index customers_custom_idx on customers using gin (custom jsonb_path_ops);
    create index customers_parent_idx on customers (parent_id) where parent_id is not null;

    create table customer_links (
      id uuid primary key,
      person_id uuid not null references customers (id),
      organization_id uuid not null references customers (id),
      role text not null check (role in ('decision_maker', 'influencer', 'buyer', 'user', 'gatekeeper')),
      strength smallint not null default 3 check (strength between 1 and 5),
      title text,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check (person_id <> organization_id)
    );
    create unique index customer_links_pair_key on customer_links (person_id, organization_id);
    create index customer_links_organization_idx on customer_links (organization_id);

    create table custom_fields (
      id uuid primary key,
      key text not null,
      label text not null,
      type text not null check (type in ('text', 'number', 'date', 'select', 'multiselect', 'boolean')),
      options text[] not null default '{}',
      required boolean not null default false,
      position integer not null default 0,
      archived boolean not null default false,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create unique index custom_fields_key_key on custom_fields (key);

    create table saved_views (
      id uuid primary key,
      user_id uuid not null references users (id) on delete cascade,
      entity text not null,
      name text not null,
      query jsonb not null,
      shared boolean not null default false,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index saved_views_user_idx on saved_views (user_id, entity);

    create table interactions (
      id uuid primary key,
      ref text,
      customer_id uuid not null references customers (id),
      channel text not null
        check (channel in ('visit', 'phone', 'email', 'sms', 'wechat', 'web', 'social', 'store', 'event')),
      direction text not null check (direction in ('inbound', 'outbound')),
      subject text,
      notes text,
      outcome text,
      occurred_at timestamptz not null,
      staff_id uuid references users (id),
      created_by uuid,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create unique index interactions_ref_key on interactions (ref) where ref is not null;
    create index interactions_customer_idx on interactions (customer_id, occurred_at, id);
    create index interactions_occurred_idx on interactions (occurred_at, id);
    create index interactions_staff_idx on interactions (staff_id, occurred_at);

    create table products (
      id uuid primary key,
      sku text not null,
      name text not null,
      category text,
      price bigint not null default 0 check (price >= 0),
      currency text not null check (currency ~ '^[A-Z]{3}$'),
      active boolean not null default true,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create unique index products_sku_key on products (sku);
    create index products_name_idx on products (name, id);
    create index products_category_idx on products (category);

    create table orders (
      id uuid primary key,
      ref text not null,
      customer_id uuid not null references customers (id),
      ordered_at timestamptz not null,
      -- the calendar day of ordered_at in the business time zone (DESIGN §4, Time and money); rebuilt by
      -- guanxi stats rebuild when GUANXI_TZ changes
      order_day date not null,
      amount bigint not null,
      currency text not null check (currency ~ '^[A-Z]{3}$'),
      quantity numeric,
      margin bigint,
      status text not null default 'completed'
        check (status in ('pending', 'paid', 'shipped', 'completed', 'cancelled', 'returned')),
      channel text,
      notes text,
      owner_id uuid references users (id),
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create unique index orders_ref_key on orders (ref);
    create index orders_customer_idx on orders (customer_id, ordered_at, id);
    create index orders_ordered_idx on orders (ordered_at, id);
    create index orders_day_idx on orders (order_day);

    create table order_items (
      id uuid primary key,
      order_id uuid not null references orders (id) on delete cascade,
      customer_id uuid not null references customers (id),
      line integer not null,
      product_id uuid references products (id),
      sku text,
      product_name text,
      quantity numeric not null,
      unit_price numeric not null,
      -- quantity × unit_price, exact; the order's amount rounds the sum once (DESIGN §4)
      amount numeric not null
    );
    create index order_items_order_idx on order_items (order_id, line);
    create index order_items_product_idx on order_items (product_id) where product_id is not null;
    create index order_items_customer_idx on order_items (customer_id);

    -- one row per customer and currency, kept current in the same transaction as each order write (DESIGN §6)
    create table customer_stats (
      customer_id uuid not null references customers (id),
      currency text not null,
      first_order_day date not null,
      last_order_day date not null,
      -- purchases: orders that are neither cancelled nor returned
      orders integer not null,
      purchase_days integer not null,
      -- revenue net of returns, minor units
      revenue bigint not null,
      -- revenue on purchase days after the first (the Gamma-Gamma input)
      repeat_revenue bigint not null,
      margin bigint,
      returns integer not null default 0,
      primary key (customer_id, currency)
    );
    create index customer_stats_currency_idx on customer_stats (currency, revenue);

    create table imports (
      id uuid primary key,
      entity text not null check (entity in ('customers', 'orders', 'interactions', 'products', 'leads')),
      file_name text not null,
      status text not null default 'uploaded'
        check (status in ('uploaded', 'running', 'completed', 'failed', 'cancelled')),
      dry_run boolean not null default false,
      options jsonb not null default '{}',
      rows_total integer not null default 0,
      rows_done integer not null default 0,
      imported integer not null default 0,
      skipped integer not null default 0,
      errors integer not null default 0,
      error_report text,
      message text,
      created_by uuid references users (id),
      created_at timestamptz not null default now(),
      started_at timestamptz,
      finished_at timestamptz,
      -- the server process running it, and when that process last said it was still at it (imports.run.ts)
      runner text,
      heartbeat_at timestamptz
    );
    create index imports_created_idx on imports (created_at, id);

    create table duplicate_candidates (
      id uuid primary key,
      customer_id uuid not null references customers (id),
      other_id uuid not null references customers (id),
      reason text not null check (reason in ('email', 'phone', 'name_city', 'organization_name', 'credit_code')),
      score real not null,
      status text not null default 'open' check (status in ('open', 'dismissed', 'merged')),
      detected_at timestamptz not null default now(),
      resolved_at timestamptz,
      resolved_by uuid,
      check (customer_id < other_id)
    );
    create unique index duplicate_candidates_pair_key on duplicate_candidates (customer_id, other_id, reason);
    create index duplicate_candidates_status_idx on duplicate_candidates (status, score desc, id);
    create index duplicate_candidates_other_idx on duplicate_candidates (other_id);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table duplicate_candidates, imports, customer_stats, order_items, orders, products, interactions,
      saved_views, custom_fields, customer_links, customers;
    drop sequence customer_ref_seq;
  `.execute(db);
}
