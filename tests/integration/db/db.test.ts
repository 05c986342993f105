import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../server/db/db.ts';
import { loadMigrations, migrate } from '../../../server/db/migrate.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-db.ts';

describe(`db layer on ${process.env.LASSO_TEST_DB ?? 'pglite'}`, () => {
  let database: TestDatabase;
  let db: Db;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = await database.open();
    await db.exec('CREATE TABLE counters (name text PRIMARY KEY, value integer NOT NULL CHECK (value >= 0))');
    await db.query("INSERT INTO counters VALUES ('a', 0)");
  });
  afterAll(async () => {
    await db.close();
    await database.dispose();
  });

  it('reports which engine it runs on', () => {
    expect(db.kind).toBe(database.kind);
  });

  it('commits a transaction whose work resolves', async () => {
    await db.transaction(async (tx) => {
      await tx.query("UPDATE counters SET value = value + 5 WHERE name = 'a'");
    });

    const { rows } = await db.query<{ value: number }>("SELECT value FROM counters WHERE name = 'a'");
    expect(rows[0]?.value).toBe(5);
  });

  it('rolls back every statement of a transaction whose work throws', async () => {
    const before = await db.query<{ value: number }>("SELECT value FROM counters WHERE name = 'a'");

    await expect(
      db.transaction(async (tx) => {
        await tx.query("UPDATE counters SET value = value + 100 WHERE name = 'a'");
        await tx.query("INSERT INTO counters VALUES ('b', 1)");
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');

    const after = await db.query<{ name: string; value: number }>(
      'SELECT name, value FROM counters ORDER BY name',
    );
    expect(after.rows).toEqual([{ name: 'a', value: before.rows[0]?.value }]);
  });

  it('rolls back when a statement violates a constraint, and stays usable', async () => {
    await expect(
      db.transaction(async (tx) => {
        await tx.query("UPDATE counters SET value = value - 1000 WHERE name = 'a'");
      }),
    ).rejects.toThrow();

    const { rows } = await db.query<{ value: number }>("SELECT value FROM counters WHERE name = 'a'");
    expect(rows[0]?.value).toBeGreaterThanOrEqual(0);
  });

  it('serialises concurrent read-modify-write transactions that lock the row', async () => {
    const before = await db.query<{ value: number }>("SELECT value FROM counters WHERE name = 'a'");

    await Promise.all(
      Array.from({ length: 20 }, () =>
        db.transaction(async (tx) => {
          const { rows } = await tx.query<{ value: number }>(
            "SELECT value FROM counters WHERE name = 'a' FOR UPDATE",
          );
          await tx.query("UPDATE counters SET value = $1 WHERE name = 'a'", [rows[0]!.value + 1]);
        }),
      ),
    );

    const after = await db.query<{ value: number }>("SELECT value FROM counters WHERE name = 'a'");
    expect(after.rows[0]?.value).toBe(before.rows[0]!.value + 20);
  });

  it('parses counts as numbers, not strings', async () => {
    const { rows } = await db.query<{ n: number }>('SELECT count(*) AS n FROM counters');
    expect(rows[0]?.n).toBe(1);
  });

  it('delivers a NOTIFY sent inside a committed transaction to a listener', async () => {
    const received: string[] = [];
    const unlisten = await db.listen('lasso_test_channel', (payload) => received.push(payload));

    await db.transaction(async (tx) => {
      await tx.query("SELECT pg_notify('lasso_test_channel', 'hello')");
    });
    await expect.poll(() => received, { timeout: 5000 }).toEqual(['hello']);
    await unlisten();
  });
});

describe(`migrations on ${process.env.LASSO_TEST_DB ?? 'pglite'}`, () => {
  it('applies every migration once, and a second run applies none', async () => {
    const database = await createTestDatabase();
    const db = await database.open();
    try {
      const first = await migrate(db);
      const second = await migrate(db);

      expect(first).toEqual(loadMigrations().map((migration) => migration.version));
      expect(second).toEqual([]);
    } finally {
      await db.close();
      await database.dispose();
    }
  });

  it('applies each migration exactly once when instances start together', async () => {
    const database = await createTestDatabase();
    // On PGlite the instances share one database handle; on PostgreSQL each has its own pool.
    const shared = database.kind === 'pglite' ? await database.open() : undefined;
    const instances = await Promise.all([1, 2, 3].map(() => shared ?? database.open()));
    try {
      const results = await Promise.all(instances.map((db) => migrate(db)));

      const appliedCounts = results.map((versions) => versions.length).sort();
      expect(appliedCounts).toEqual([0, 0, loadMigrations().length]);
      const { rows } = await instances[0]!.query<{ n: number }>(
        'SELECT count(*) AS n FROM schema_migrations',
      );
      expect(rows[0]?.n).toBe(loadMigrations().length);
    } finally {
      await Promise.all([...new Set(instances)].map((db) => db.close()));
      await database.dispose();
    }
  });
});
