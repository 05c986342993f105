import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../../../server/config.ts';
import { type RunningServer, startServer } from '../../../server/start.ts';
import { balanceOf, signUp, spend } from '../../support/billing.ts';
import { createTestDatabase, type TestDatabase, testDbKind } from '../../support/test-db.ts';
import { overHttp } from '../../support/two-instances.ts';

/** Waits until a backend of the observer's database waits on a lock, and returns its pid. */
async function backendWaitingOnLock(observer: pg.Client): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const { rows } = await observer.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity
       WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()`,
    );
    if (rows[0]) return rows[0].pid;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('no backend waited on the lock');
}

/** Waits until backend `pid` has ended. */
async function backendGone(observer: pg.Client, pid: number): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const { rowCount } = await observer.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [pid]);
    if (rowCount === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`backend ${pid} did not end`);
}

describe.skipIf(testDbKind() !== 'postgres')('when PostgreSQL drops the connection under a request', () => {
  let database: TestDatabase;
  let server: RunningServer;
  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startServer(testConfig({ port: 0, databaseUrl: database.databaseUrl }));
  });
  afterAll(async () => {
    await server?.stop();
    await database?.dispose();
  });

  it('answers 503 service_unavailable with Retry-After, and the same request sent again is charged once', async () => {
    const app = overHttp(server);
    const user = await signUp(app);
    const key = randomUUID();
    // Two connections: `holder` keeps the buckets locked in its transaction; `observer` watches and
    // ends backends (inside a transaction pg_stat_activity would show one unchanging snapshot).
    const holder = new pg.Client({ connectionString: database.databaseUrl });
    const observer = new pg.Client({ connectionString: database.databaseUrl });
    await Promise.all([holder.connect(), observer.connect()]);
    try {
      // Hold the user's buckets so the spend waits in PostgreSQL, then end its connection there.
      await holder.query('BEGIN');
      await holder.query('SELECT 1 FROM buckets WHERE owner_id = $1 FOR UPDATE', [user.id]);
      const answer = spend(app, user, { action: 'page_scrape', quantity: 1 }, key);
      const pid = await backendWaitingOnLock(observer);
      await observer.query('SELECT pg_terminate_backend($1)', [pid]);
      // Releases the buckets only once that backend is gone, so the spend cannot take them and commit.
      await backendGone(observer, pid);
      await holder.query('ROLLBACK');

      const response = await answer;
      expect(response.status).toBe(503);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect(response.headers.get('retry-after')).toBe('1');
      expect(await response.json()).toMatchObject({ status: 503, code: 'service_unavailable' });
      expect((await balanceOf(app, user)).available).toBe(50);

      const again = await spend(app, user, { action: 'page_scrape', quantity: 1 }, key);
      expect(again.status).toBe(201);
      const replay = await spend(app, user, { action: 'page_scrape', quantity: 1 }, key);
      expect(replay.status).toBe(201);
      expect((await balanceOf(app, user)).available).toBe(49);
    } finally {
      await Promise.all([holder.end(), observer.end()]);
    }
  });
});
