import { defineConfig } from '@playwright/test';

// Runs on the built extension (npm run test:e2e builds it first) in the system Chromium; the browser is
// launched by tests/e2e/fixtures.ts, never downloaded.
export default defineConfig({
  testDir: 'tests/e2e',
  workers: 1,
  retries: 0,
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: 'list',
  outputDir: 'test-results',
});
