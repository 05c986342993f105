import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { oneApiInstance, overHttp } from '../../support/api-instances.ts';
import { balanceOf, signUp, spend } from '../../support/billing.ts';
import { testDbKind } from '../../support/test-db.ts';

/** Asks `check` every 25 ms, for up to 5 s, until it returns a value. */
async function waitFor<T>(what: string, check: () => Promise<T | undefined>): Promise<T> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`timed out waiting until ${what}`);
}

/** The pid of a backend of the observer's database waiting on a lock, once there is one. */
function backendWaitingOnLock(observer: pg.Client): Promise<number> {
  return waitFor('a backend waits on the lock', async () => {
    const { rows } = await observer.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity
       WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()`,
    );
    return rows[0]?.pid;
  });
}

/** Resolves once backend `pid` has ended. */
async function backendGone(observer: pg.Client, pid: number): Promise<void> {
  await waitFor(`backend ${pid} ends`, async () => {
    const { rowCount } = await observer.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [pid]);
    return rowCount === 0 ? true : undefined;
  });
}

describe.skipIf(testDbKind() !== 'postgres')("when PostgreSQL ends a request's transaction", () => {
  const instance = oneApiInstance();

  it('answers 503 service_unavailable with Retry-After to a dropped connection, and the request sent again is charged once', async () => {
    const app = overHttp(instance.server);
    const user = await signUp(app);
    const key = randomUUID();
    // Two connections: `holder` keeps the buckets locked in its transaction; `observer` watches and
    // ends backends (inside a transaction pg_stat_activity would show one unchanging snapshot).
    const holder = new pg.Client({ connectionString: instance.databaseUrl });
    const observer = new pg.Client({ connectionString: instance.databaseUrl });
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

  it('answers 503 when PostgreSQL breaks a deadlock by rolling the spend back, and the request sent again is charged once', async () => {
    const app = overHttp(instance.server);
    const user = await signUp(app);
    const key = randomUUID();
    const holder = new pg.Client({ connectionString: instance.databaseUrl });
    const observer = new pg.Client({ connectionString: instance.databaseUrl });
    await Promise.all([holder.connect(), observer.connect()]);
    try {
      // The spend claims its idempotency key, then waits for the buckets `holder` locked. `holder` then
      // claims the same key and waits for the spend: each waits for the other. The spend's backend
      // waited first, so after deadlock_timeout it is the one PostgreSQL rolls back.
      await holder.query('BEGIN');
      await holder.query('SELECT 1 FROM buckets WHERE owner_id = $1 FOR UPDATE', [user.id]);
      const answer = spend(app, user, { action: 'page_scrape', quantity: 1 }, key);
      await backendWaitingOnLock(observer);
      await holder.query(
        `INSERT INTO idempotency_keys (caller_id, key, request_hash, created_at)
         VALUES ($1, $2, 'held by the test', now()) ON CONFLICT DO NOTHING`,
        [user.id, key],
      );
      await holder.query('ROLLBACK');

      const response = await answer;
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('1');
      expect(await response.json()).toMatchObject({ status: 503, code: 'service_unavailable' });
      expect((await balanceOf(app, user)).available).toBe(50);

      const again = await spend(app, user, { action: 'page_scrape', quantity: 1 }, key);
      expect(again.status).toBe(201);
      expect((await balanceOf(app, user)).available).toBe(49);
    } finally {
      await Promise.all([holder.end(), observer.end()]);
    }
  });
});
