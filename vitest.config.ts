import { defineConfig } from 'vitest/config';

const integration = ['tests/integration/**/*.test.ts'];
// The integration suite runs on embedded PGlite always, and again on PostgreSQL when DATABASE_URL is set.
const onPostgres = process.env.DATABASE_URL
  ? [
      {
        extends: true as const,
        test: { name: 'integration:postgres', include: integration, env: { LASSO_TEST_DB: 'postgres' } },
      },
    ]
  : [];

export default defineConfig({
  test: {
    // PGlite needs a few seconds to start, more on a loaded machine.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'unit', include: ['tests/unit/**/*.test.ts'] } },
      {
        extends: true,
        test: { name: 'integration:pglite', include: integration, env: { LASSO_TEST_DB: 'pglite' } },
      },
      ...onPostgres,
    ],
  },
});
