import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { type Db, openDb } from '../../server/db/db.ts';
import { migrate } from '../../server/db/migrate.ts';

export type TestDbKind = 'pglite' | 'postgres';

/** Which engine this vitest project runs the integration suite on. */
export function testDbKind(): TestDbKind {
  return process.env.LASSO_TEST_DB === 'postgres' ? 'postgres' : 'pglite';
}

export interface TestDatabase {
  kind: TestDbKind;
  /** Connection string on PostgreSQL (a database made for this test file), undefined on PGlite. */
  databaseUrl: string | undefined;
  open(): Promise<Db>;
  dispose(): Promise<void>;
}

/**
 * A fresh, empty database: in-memory PGlite, or a new database on the PostgreSQL server of
 * DATABASE_URL (dropped by `dispose`), so test files never see each other's rows.
 */
export async function createTestDatabase(kind: TestDbKind = testDbKind()): Promise<TestDatabase> {
  if (kind === 'pglite') {
    return {
      kind,
      databaseUrl: undefined,
      open: () => openDb({ dataDir: 'memory://' }),
      dispose: async () => {},
    };
  }
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) throw new Error('LASSO_TEST_DB=postgres needs DATABASE_URL');
  const name = `lasso_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  return {
    kind,
    databaseUrl,
    open: () => openDb({ databaseUrl, dataDir: 'memory://' }),
    dispose: async () => {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

/**
 * Registers the suite's set-up and tear-down of a fresh database with every migration applied; read
 * `db` (and `database`, to open more connections) inside tests, once it has started.
 */
export function migratedTestDatabase(): { readonly db: Db; readonly database: TestDatabase } {
  let database: TestDatabase | undefined;
  let db: Db | undefined;
  beforeAll(async () => {
    database = await createTestDatabase();
    db = await database.open();
    await migrate(db);
  });
  afterAll(async () => {
    await db?.close();
    await database?.dispose();
  });
  return {
    get db() {
      if (!db) throw new Error('the test database is opened in beforeAll');
      return db;
    },
    get database() {
      if (!database) throw new Error('the test database is created in beforeAll');
      return database;
    },
  };
}
