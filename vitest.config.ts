import { defineConfig } from 'vitest/config';

const integration = ['tests/integration/**/*.test.ts'];
// The integration suite runs on embedded PGlite always, and again on PostgreSQL when DATABASE_URL is set.
const onPostgres = process.env.DATABASE_URL
  ? [{ test: { name: 'integration:postgres', include: integration, env: { LASSO_TEST_DB: 'postgres' } } }]
  : [];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      { test: { name: 'unit', include: ['tests/unit/**/*.test.ts'] } },
      { test: { name: 'integration:pglite', include: integration, env: { LASSO_TEST_DB: 'pglite' } } },
      ...onPostgres,
    ],
  },
});
