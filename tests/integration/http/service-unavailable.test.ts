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

interface WaitingSpend {
  /** Holds the user's buckets in its open transaction. */
  holder: pg.Client;
  /** Watches and ends backends (inside a transaction pg_stat_activity shows one unchanging snapshot). */
  observer: pg.Client;
  /** The backend of the spend, waiting for the buckets. */
  pid: number;
}

/**
 * Locks `userId`'s buckets from a connection of the test, sends the spend, and once it waits for them
 * in PostgreSQL lets `meanwhile` act on it; then answers with the spend's response.
 */
async function spendWaitingOnLock(
  databaseUrl: string,
  userId: string,
  sendSpend: () => Promise<Response>,
  meanwhile: (waiting: WaitingSpend) => Promise<void>,
): Promise<Response> {
  const holder = new pg.Client({ connectionString: databaseUrl });
  const observer = new pg.Client({ connectionString: databaseUrl });
  await Promise.all([holder.connect(), observer.connect()]);
  try {
    await holder.query('BEGIN');
    await holder.query('SELECT 1 FROM buckets WHERE owner_id = $1 FOR UPDATE', [userId]);
    const answer = sendSpend();
    const pid = await backendWaitingOnLock(observer);
    await meanwhile({ holder, observer, pid });
    return await answer;
  } finally {
    await Promise.all([holder.end(), observer.end()]);
  }
}

describe.skipIf(testDbKind() !== 'postgres')("when PostgreSQL ends a request's transaction", () => {
  const instance = oneApiInstance();

  it('answers 503 service_unavailable with Retry-After to a dropped connection, and the request sent again is charged once', async () => {
    const app = overHttp(instance.server);
    const user = await signUp(app);
    const key = randomUUID();
    const send = () => spend(app, user, { action: 'page_scrape', quantity: 1 }, key);

    const response = await spendWaitingOnLock(
      instance.databaseUrl,
      user.id,
      send,
      async ({ holder, observer, pid }) => {
        await observer.query('SELECT pg_terminate_backend($1)', [pid]);
        // Releases the buckets only once that backend is gone, so the spend cannot take them and commit.
        await backendGone(observer, pid);
        await holder.query('ROLLBACK');
      },
    );

    expect(response.status).toBe(503);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(response.headers.get('retry-after')).toBe('1');
    expect(await response.json()).toMatchObject({ status: 503, code: 'service_unavailable' });
    expect((await balanceOf(app, user)).available).toBe(50);

    const again = await send();
    expect(again.status).toBe(201);
    const replay = await send();
    expect(replay.status).toBe(201);
    expect((await balanceOf(app, user)).available).toBe(49);
  });

  it('answers 503 when PostgreSQL breaks a deadlock by rolling the spend back, and the request sent again is charged once', async () => {
    const app = overHttp(instance.server);
    const user = await signUp(app);
    const key = randomUUID();
    const send = () => spend(app, user, { action: 'page_scrape', quantity: 1 }, key);

    // The spend has claimed its idempotency key and waits for the buckets `holder` locked. `holder` then
    // claims the same key and waits for the spend: each waits for the other. The spend's backend
    // waited first, so after deadlock_timeout it is the one PostgreSQL rolls back.
    const response = await spendWaitingOnLock(instance.databaseUrl, user.id, send, async ({ holder }) => {
      await holder.query(
        `INSERT INTO idempotency_keys (caller_id, key, request_hash, created_at)
         VALUES ($1, $2, 'held by the test', now()) ON CONFLICT DO NOTHING`,
        [user.id, key],
      );
      await holder.query('ROLLBACK');
    });

    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('1');
    expect(await response.json()).toMatchObject({ status: 503, code: 'service_unavailable' });
    expect((await balanceOf(app, user)).available).toBe(50);

    const again = await send();
    expect(again.status).toBe(201);
    expect((await balanceOf(app, user)).available).toBe(49);
  });
});
