import type { Migration, MigrationProvider } from 'kysely/migration';
import * as platform from '#src/db/migrations/2026-11-23T1200-platform.ts';
import * as customerData from '#src/db/migrations/2026-11-23T1400-customer-data.ts';

/** Every migration, in order. A new migration is a new timestamped file added here. */
const migrations: Record<string, Migration> = {
  '2026-11-23T1200-platform': platform,
  '2026-11-23T1400-customer-data': customerData,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
