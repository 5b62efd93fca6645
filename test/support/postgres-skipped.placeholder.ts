import { describe, it } from 'vitest';

/** Stands in for the postgres project when PostgreSQL is unreachable outside CI (see vitest.config.ts). */
describe('PostgreSQL engine', () => {
  it.skip(`is skipped: ${process.env.GUANXI_TEST_PG_SKIPPED ?? 'PostgreSQL is unreachable'}`, () => {});
});
