import type { Migration, MigrationProvider } from 'kysely/migration';
import * as platform from '#src/db/migrations/2026-11-23T1200-platform.ts';
import * as customerData from '#src/db/migrations/2026-11-23T1400-customer-data.ts';
import * as lastContact from '#src/db/migrations/2026-11-23T1500-last-contact.ts';
import * as digitSearch from '#src/db/migrations/2026-11-23T1510-digit-search.ts';
import * as customerScores from '#src/db/migrations/2026-11-23T1520-customer-scores.ts';
import * as analytics from '#src/db/migrations/2026-11-23T1600-analytics.ts';
import * as scoreRuns from '#src/db/migrations/2026-12-06T1000-score-runs.ts';
import * as sales from '#src/db/migrations/2026-12-07T1000-sales.ts';
import * as leads from '#src/db/migrations/2026-12-07T1110-leads.ts';
import * as quotes from '#src/db/migrations/2026-12-07T1130-quotes.ts';
import * as followUpScan from '#src/db/migrations/2026-12-07T1140-follow-up-scan.ts';
import * as forecast from '#src/db/migrations/2026-12-07T1150-forecast.ts';

/** Every migration, in order. A new migration is a new timestamped file added here. */
const migrations: Record<string, Migration> = {
  '2026-11-23T1200-platform': platform,
  '2026-11-23T1400-customer-data': customerData,
  '2026-11-23T1500-last-contact': lastContact,
  '2026-11-23T1510-digit-search': digitSearch,
  '2026-11-23T1520-customer-scores': customerScores,
  '2026-11-23T1600-analytics': analytics,
  '2026-12-06T1000-score-runs': scoreRuns,
  '2026-12-07T1000-sales': sales,
  '2026-12-07T1110-leads': leads,
  '2026-12-07T1130-quotes': quotes,
  '2026-12-07T1140-follow-up-scan': followUpScan,
  '2026-12-07T1150-forecast': forecast,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
