import { defineConfig } from 'vitest/config';
import { postgresUnreachable, testPgUrl } from './test/support/postgres.ts';

/**
 * Unit tests (`*.unit.test.ts`: pure functions, no database) run once; every other test runs twice, once per
 * engine: project `pglite` (embedded, in a worker thread) and project `postgres` (the server at
 * GUANXI_TEST_PG_URL, default postgres://postgres@127.0.0.1:5432/postgres). `*.pglite.test.ts` files test what
 * only the embedded engine has (its worker thread, its data-directory lock). Browser tests have their own
 * config under test/e2e.
 */
const engineTests = ['src/**/*.test.ts', 'test/**/*.test.ts'];
const notEngineTests = ['**/*.unit.test.ts', 'test/e2e/**', 'node_modules/**'];
const skippedPlaceholder = 'test/support/postgres-skipped.placeholder.ts';

export default defineConfig(async () => {
  const unreachable = await postgresUnreachable(testPgUrl());
  const ci = process.env.CI === 'true';
  // Locally, no PostgreSQL means its tests are skipped, loudly. In CI they must run: the project's global setup
  // then fails the run with the reason.
  const skipPostgres = unreachable !== null && !ci;
  if (skipPostgres) {
    process.stderr.write(
      `\nPostgreSQL tests are skipped: ${unreachable}. Start PostgreSQL or set GUANXI_TEST_PG_URL to run them ` +
        '(with CI=true an unreachable server fails the run instead).\n\n',
    );
  }
  return {
    test: {
      pool: 'forks',
      maxWorkers: 2,
      testTimeout: 30_000,
      hookTimeout: 60_000,
      teardownTimeout: 30_000,
      exclude: ['test/e2e/**', 'node_modules/**'],
      projects: [
        {
          extends: true,
          test: {
            name: 'unit',
            include: ['src/**/*.unit.test.ts', 'test/**/*.unit.test.ts'],
            exclude: ['test/e2e/**'],
          },
        },
        {
          extends: true,
          test: {
            name: 'pglite',
            include: engineTests,
            exclude: notEngineTests,
            env: { GUANXI_TEST_ENGINE: 'pglite' },
            globalSetup: ['test/support/global-setup.ts'],
          },
        },
        skipPostgres
          ? {
              extends: true,
              test: {
                name: 'postgres',
                include: [skippedPlaceholder],
                env: { GUANXI_TEST_ENGINE: 'postgres', GUANXI_TEST_PG_SKIPPED: unreachable },
              },
            }
          : {
              extends: true,
              test: {
                name: 'postgres',
                include: engineTests,
                exclude: [...notEngineTests, '**/*.pglite.test.ts'],
                env: { GUANXI_TEST_ENGINE: 'postgres' },
                globalSetup: ['test/support/global-setup.ts'],
              },
            },
      ],
    },
  };
});
