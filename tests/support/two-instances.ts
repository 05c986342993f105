import { afterAll, beforeAll } from 'vitest';
import { testConfig } from '../../server/config.ts';
import { type RunningServer, startServer } from '../../server/start.ts';
import type { TestApp } from './test-app.ts';
import { createTestDatabase, type TestDatabase } from './test-db.ts';

/** Two API servers over HTTP on one fresh PostgreSQL database, started before and stopped after the suite. */
export interface TwoInstances {
  readonly first: RunningServer;
  readonly second: RunningServer;
  /** The database both serve, for checks and calls that go around the API. */
  readonly databaseUrl: string;
}

/**
 * Registers the suite's set-up and tear-down of two API instances sharing one database (PostgreSQL
 * only: PGlite lives inside one process). Read the servers inside tests, once they have started.
 */
export function twoApiInstances(): TwoInstances {
  let database: TestDatabase | undefined;
  const servers: { first?: RunningServer; second?: RunningServer } = {};
  beforeAll(async () => {
    database = await createTestDatabase();
    // One after the other: the first applies every migration, the second finds nothing to do.
    servers.first = await startServer(testConfig({ port: 0, databaseUrl: database.databaseUrl }));
    servers.second = await startServer(testConfig({ port: 0, databaseUrl: database.databaseUrl }));
  });
  afterAll(async () => {
    await Promise.all([servers.first?.stop(), servers.second?.stop()]);
    await database?.dispose();
  });
  return {
    get first() {
      if (!servers.first) throw new Error('the API instances start in beforeAll');
      return servers.first;
    },
    get second() {
      if (!servers.second) throw new Error('the API instances start in beforeAll');
      return servers.second;
    },
    get databaseUrl() {
      if (!database?.databaseUrl) throw new Error('the database is created in beforeAll');
      return database.databaseUrl;
    },
  };
}

/** A TestApp whose requests go to a running server over real HTTP (the test helpers only send requests). */
export function overHttp(server: RunningServer): TestApp {
  const request = (path: string, init?: RequestInit) => fetch(`${server.url}${path}`, init);
  return { request } as unknown as TestApp;
}
