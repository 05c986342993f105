import { afterAll, beforeAll } from 'vitest';
import { type Config, testConfig } from '../../server/config.ts';
import { type RunningServer, startServer } from '../../server/start.ts';
import type { TestApp } from './test-app.ts';
import { createTestDatabase, type TestDatabase } from './test-db.ts';

/** One API server over HTTP on a fresh PostgreSQL database, started before and stopped after the suite. */
export interface OneInstance {
  readonly server: RunningServer;
  /** The database it serves, for checks and calls that go around the API. */
  readonly databaseUrl: string;
}

/** Two API servers over HTTP on one fresh PostgreSQL database, started before and stopped after the suite. */
export interface TwoInstances {
  readonly first: RunningServer;
  readonly second: RunningServer;
  /** The database both serve, for checks and calls that go around the API. */
  readonly databaseUrl: string;
}

/**
 * Registers the suite's set-up and tear-down of `count` API instances sharing one fresh database
 * (PostgreSQL only: PGlite lives inside one process), each with `config` over the test defaults.
 */
function apiInstances(count: number, config: Partial<Config>) {
  let database: TestDatabase | undefined;
  const servers: RunningServer[] = [];
  beforeAll(async () => {
    database = await createTestDatabase();
    // One after the other: the first applies every migration, the others find nothing to do.
    for (let i = 0; i < count; i++) {
      servers.push(await startServer(testConfig({ ...config, port: 0, databaseUrl: database.databaseUrl })));
    }
  });
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    await database?.dispose();
  });
  return {
    server(index: number): RunningServer {
      const server = servers[index];
      if (!server) throw new Error('the API instances start in beforeAll');
      return server;
    },
    get databaseUrl(): string {
      if (!database?.databaseUrl) throw new Error('the database is created in beforeAll');
      return database.databaseUrl;
    },
  };
}

/** One API instance with `config` (e.g. a pool size); read it inside tests, once it has started. */
export function oneApiInstance(config: Partial<Config> = {}): OneInstance {
  const instances = apiInstances(1, config);
  return {
    get server() {
      return instances.server(0);
    },
    get databaseUrl() {
      return instances.databaseUrl;
    },
  };
}

/** Two API instances sharing one database; read the servers inside tests, once they have started. */
export function twoApiInstances(): TwoInstances {
  const instances = apiInstances(2, {});
  return {
    get first() {
      return instances.server(0);
    },
    get second() {
      return instances.server(1);
    },
    get databaseUrl() {
      return instances.databaseUrl;
    },
  };
}

/** A TestApp whose requests go to a running server over real HTTP (the test helpers only send requests). */
export function overHttp(server: RunningServer): TestApp {
  const request = (path: string, init?: RequestInit) => fetch(`${server.url}${path}`, init);
  return { request } as unknown as TestApp;
}
