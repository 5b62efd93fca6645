import type { Kysely, Transaction } from 'kysely';
import type { Logger } from 'pino';
import type { Config } from '#src/config.ts';
import type { EngineKind } from '#src/db/engine.ts';
import type { DB } from '#src/db/schema.ts';
import type { Role } from '#src/modules/users/users.schema.ts';

/** A database handle or an open transaction: repositories accept either (STYLE.md). */
export type Db = Kysely<DB> | Transaction<DB>;

export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

/** What every service gets, passed in one object (STYLE.md: dependencies are passed, not imported). */
export interface Deps {
  db: Kysely<DB>;
  engine: EngineKind;
  clock: Clock;
  logger: Logger;
  config: Config;
}

/** Who is acting, for authorisation and for the audit log. */
export interface Actor {
  /** The staff member, or null for the CLI and the system. */
  userId: string | null;
  /** The user's email, `cli:<os user>` or `system`. */
  label: string;
  role: Role;
  teamId: string | null;
  ip: string | null;
  requestId: string | null;
}
