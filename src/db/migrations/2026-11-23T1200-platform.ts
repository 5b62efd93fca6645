import { sql, type Kysely } from 'kysely';

/** Staff, teams, sessions, API tokens and the audit log (issue 3). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table teams (
      id uuid primary key,
      name text not null,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create unique index teams_name_key on teams (lower(name));

    create table users (
      id uuid primary key,
      email text not null,
      name text not null,
      role text not null check (role in ('admin', 'manager', 'sales', 'service', 'marketing', 'viewer')),
      team_id uuid references teams (id),
      locale text not null default 'zh-CN' check (locale in ('zh-CN', 'zh-TW', 'en')),
      password_hash text not null,
      active boolean not null default true,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      last_login_at timestamptz
    );
    create unique index users_email_key on users (lower(email));
    -- keyset pagination: every sortable column is indexed together with the id that breaks ties
    create index users_name_idx on users (name, id);
    create index users_email_idx on users (email, id);
    create index users_created_idx on users (created_at, id);
    create index users_team_idx on users (team_id);

    create table sessions (
      id uuid primary key,
      user_id uuid not null references users (id) on delete cascade,
      token_hash text not null unique,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      last_seen_at timestamptz not null default now(),
      ip text,
      user_agent text
    );
    create index sessions_user_idx on sessions (user_id);

    create table api_tokens (
      id uuid primary key,
      user_id uuid not null references users (id) on delete cascade,
      name text not null,
      prefix text not null,
      token_hash text not null unique,
      created_at timestamptz not null default now(),
      expires_at timestamptz,
      last_used_at timestamptz,
      revoked_at timestamptz
    );
    create index api_tokens_user_idx on api_tokens (user_id);

    -- actor_id has no foreign key: the log outlives the accounts it names
    create table audit_log (
      id uuid primary key,
      at timestamptz not null default now(),
      actor_id uuid,
      actor text not null,
      action text not null,
      entity text not null,
      entity_id text,
      before jsonb,
      after jsonb,
      ip text,
      request_id text
    );
    create index audit_log_at_idx on audit_log (at, id);
    create index audit_log_entity_idx on audit_log (entity, entity_id, at);
    create index audit_log_actor_idx on audit_log (actor_id, at);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table audit_log, api_tokens, sessions, users, teams`.execute(db);
}
