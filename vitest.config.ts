import { defineConfig } from 'vitest/config';

// Terminal tests (Ink and blessed) set process-wide state: the colour level chalk reads once,
// CI variables, fake timers. Each of their files gets a fresh process. Everything else shares
// its worker's module cache across files: importing the server once per worker instead of once
// per file saves about a third of the suite's CPU.
const TERMINAL_TESTS = ['test/console/**/*.test.{ts,tsx}', 'test/dashboard/**/*.test.{ts,tsx}'];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Integration tests start real servers on loopback; keep parallelism to the 2 cores we have.
    maxWorkers: 2,
    // Once per run: which PostgreSQL the PostgreSQL variants use — the server at
    // TEXTDESK_TEST_DATABASE_URL (or the default local one), else an embedded one it starts.
    globalSetup: ['test/helpers/postgres-global-setup.ts'],
    projects: [
      { extends: true, test: { name: 'terminal', include: TERMINAL_TESTS, isolate: true } },
      {
        extends: true,
        test: { name: 'server', include: ['test/**/*.test.{ts,tsx}'], exclude: TERMINAL_TESTS, isolate: false },
      },
    ],
  },
});
