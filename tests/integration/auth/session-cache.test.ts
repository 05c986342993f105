import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SessionCache } from '../../../server/auth/session-cache.ts';
import { hashToken, issueToken } from '../../../server/auth/tokens.ts';
import type { Db } from '../../../server/db/db.ts';
import { migratedTestDatabase } from '../../support/test-db.ts';

// The API remembers session tokens for a few seconds (server/auth/session-cache.ts). These tests run
// the cache on a real database, with a clock the test moves and every session lookup counted.

const suite = migratedTestDatabase();

const NOW = new Date('2026-12-01T12:00:00.000Z');

/** An open gate: `wait()` resolves at once until `close()`, then only after `open()`. */
function gate() {
  let opened: Promise<void> = Promise.resolve();
  let release = () => {};
  return {
    close() {
      opened = new Promise((resolve) => {
        release = resolve;
      });
    },
    open: () => release(),
    wait: () => opened,
  };
}

/**
 * The suite's database with its session lookups counted; each lookup reads the database at once but
 * answers only when `answers` is open, as a slow query would.
 */
function countingDb() {
  const answers = gate();
  const counter = { lookups: 0 };
  const db: Db = {
    kind: suite.db.kind,
    query: async (sql, params, options) => {
      const lookup = sql.includes('FROM auth_tokens');
      if (lookup) counter.lookups += 1;
      const result = await suite.db.query(sql, params, options);
      if (lookup) await answers.wait();
      return result as never;
    },
    exec: (sql) => suite.db.exec(sql),
    transaction: (work) => suite.db.transaction(work),
    listen: (channel, onPayload) => suite.db.listen(channel, onPayload),
    close: async () => {},
  };
  return { db, counter, answers };
}

async function userWithSession(): Promise<{ userId: string; token: string }> {
  const userId = `usr_${randomUUID().slice(0, 12)}`;
  await suite.db.query(`INSERT INTO users (id, email, password_hash, created_at) VALUES ($1, $2, 'x', $3)`, [
    userId,
    `${userId}@example.test`,
    NOW.toISOString(),
  ]);
  return { userId, token: await issueToken(suite.db, { userId, purpose: 'session', now: NOW }) };
}

/** A cache on the counting database with a clock at 0 ms, and a user with a fresh session token. */
async function cacheAndSession() {
  const { db, counter, answers } = countingDb();
  const clock = { ms: 0 };
  const cache = await SessionCache.start(db, () => clock.ms);
  return { cache, clock, counter, answers, ...(await userWithSession()) };
}

describe('session cache', () => {
  it('asks the database once when many requests need the same token at the same moment', async () => {
    const { cache, counter, userId, token } = await cacheAndSession();

    const sessions = await Promise.all(Array.from({ length: 16 }, () => cache.find(token, NOW)));

    expect(sessions.map((session) => session?.userId)).toEqual(Array(16).fill(userId));
    expect(counter.lookups).toBe(1);
    await cache.close();
  });

  it('checks a session again in the background from 4 s on, without holding its requests up', async () => {
    const { cache, clock, counter, answers, userId, token } = await cacheAndSession();
    await cache.find(token, NOW);
    expect(counter.lookups).toBe(1);

    clock.ms = 3900;
    expect((await cache.find(token, NOW))?.userId).toBe(userId);
    expect(counter.lookups).toBe(1);

    // From 4 s the request is answered from memory while the lookup waits for its answer.
    answers.close();
    clock.ms = 4500;
    expect((await cache.find(token, NOW))?.userId).toBe(userId);
    expect((await cache.find(token, NOW))?.userId).toBe(userId);
    expect(counter.lookups).toBe(2);
    answers.open();
    await new Promise((resolve) => setTimeout(resolve, 20));

    // The session was checked again at 4.5 s: at 8 s it is neither stale nor due for a check.
    clock.ms = 8000;
    expect((await cache.find(token, NOW))?.userId).toBe(userId);
    expect(counter.lookups).toBe(2);
    await cache.close();
  });

  it('asks the database again once a session is 5 s old, and refuses a token revoked meanwhile', async () => {
    const { cache, clock, counter, token } = await cacheAndSession();
    await cache.find(token, NOW);
    // Revoked behind this instance's back (its message lost): trusted until the entry is 5 s old.
    await suite.db.query('UPDATE auth_tokens SET revoked_at = $2 WHERE token_hash = $1', [
      hashToken(token),
      NOW.toISOString(),
    ]);

    clock.ms = 3000;
    expect(await cache.find(token, NOW)).not.toBeNull();
    clock.ms = 5000;
    expect(await cache.find(token, NOW)).toBeNull();
    expect(counter.lookups).toBe(2);
    await cache.close();
  });

  it('does not bring back a token revoked while its lookup was under way', async () => {
    const { cache, clock, answers, token } = await cacheAndSession();

    // The lookup has read the token as valid, but its answer is late.
    answers.close();
    const pending = cache.find(token, NOW);
    await new Promise((resolve) => setTimeout(resolve, 50));
    clock.ms = 10;
    await cache.revoke(hashToken(token), NOW);
    answers.open();

    expect(await pending).toBeNull();
    clock.ms = 20;
    expect(await cache.find(token, NOW)).toBeNull();
    await cache.close();
  });

  it('checks expiry at every use against the given time, also for a remembered session', async () => {
    const { cache, userId, token } = await cacheAndSession();
    const thirtyDays = 30 * 24 * 60 * 60 * 1000;

    expect((await cache.find(token, new Date(NOW.getTime() + thirtyDays - 1)))?.userId).toBe(userId);
    expect(await cache.find(token, new Date(NOW.getTime() + thirtyDays))).toBeNull();
    await cache.close();
  });
});
