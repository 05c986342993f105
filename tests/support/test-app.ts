import { SettableClock } from '../../server/clock.ts';
import { type Config, testConfig } from '../../server/config.ts';
import type { Db } from '../../server/db/db.ts';
import { migrate } from '../../server/db/migrate.ts';
import { type AppDeps, buildDeps } from '../../server/deps.ts';
import { createApp } from '../../server/http/app.ts';
import { createTestDatabase, type TestDatabase } from './test-db.ts';

export const OPERATOR_TOKEN = 'test-operator-token';

export interface TestApp {
  db: Db;
  clock: SettableClock;
  config: Config;
  deps: AppDeps;
  /** Sends a request through the Hono app (no socket), as the acceptance suite would over HTTP. */
  request(path: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

/** A migrated database (PGlite or PostgreSQL, per the vitest project) behind a fresh app in test mode. */
export async function createTestApp(overrides: Partial<Config> = {}): Promise<TestApp> {
  const database: TestDatabase = await createTestDatabase();
  const db = await database.open();
  await migrate(db);
  const clock = new SettableClock();
  const config = testConfig({
    operatorToken: OPERATOR_TOKEN,
    databaseUrl: database.databaseUrl,
    ...overrides,
  });
  const deps = await buildDeps({ db, clock, config });
  const app = createApp(deps);
  return {
    db,
    clock,
    config,
    deps,
    request: async (path, init) => app.request(path, init),
    close: async () => {
      await deps.close();
      await db.close();
      await database.dispose();
    },
  };
}

/** JSON request init with optional bearer token and idempotency key. */
export function json(
  method: string,
  body?: unknown,
  { token, key }: { token?: string | undefined; key?: string | undefined } = {},
): RequestInit {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  if (key) headers['idempotency-key'] = key;
  return { method, headers, body: body === undefined ? undefined : JSON.stringify(body) };
}
