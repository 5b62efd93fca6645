import type { Migration, MigrationProvider } from 'kysely/migration';
import * as platform from '#src/db/migrations/2026-11-23T1200-platform.ts';

/** Every migration, in order. A new migration is a new timestamped file added here. */
const migrations: Record<string, Migration> = {
  '2026-11-23T1200-platform': platform,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
