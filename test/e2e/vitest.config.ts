import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** Browser tests: a real Guanxi server per file, driven through Debian's Chromium with playwright-core. */
export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    globalSetup: ['test/e2e/support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Each file runs its own server and browser; a few at a time keeps a small CI machine responsive.
    maxWorkers: 3,
    // A poll waits on a server round trip and a render; with three browsers on two cores one second (the default)
    // is not always enough.
    expect: { poll: { timeout: 15_000, interval: 100 } },
  },
});
