import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Integration tests start real servers on loopback; keep parallelism to the 2 cores we have.
    maxWorkers: 2,
    // Once per run: which PostgreSQL the PostgreSQL variants use — the server at
    // TEXTDESK_TEST_DATABASE_URL (or the default local one), else an embedded one it starts.
    globalSetup: ['test/helpers/postgres-global-setup.ts'],
  },
});
