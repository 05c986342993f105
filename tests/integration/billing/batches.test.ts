import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Queryable } from '../../../server/db/db.ts';
import { DomainError } from '../../../server/http/domain-error.ts';
import { openPersonalAccount } from '../../../server/ledger/accounts.ts';
import { LedgerStore } from '../../../server/ledger/ledger-store.ts';
import { ledgerDriftIn } from '../../support/ledger-harness.ts';
import { migratedTestDatabase, testDbKind } from '../../support/test-db.ts';

// Credit movements reach the database in batches (server/ledger/movement-batcher.ts, migration 0007).
// These tests drive the ledger store on a real database and count its calls to the database.

const suite = migratedTestDatabase();

const NOW = new Date('2026-12-01T12:00:00.000Z');

/** The database, with every statement the ledger store sends recorded. */
function recording(): { db: Queryable; statements: string[] } {
  const statements: string[] = [];
  return {
    statements,
    db: {
      query: (sql, params, options) => {
        statements.push(sql);
        return suite.db.query(sql, params, options);
      },
      exec: (sql) => suite.db.exec(sql),
    },
  };
}

async function newUser(freeCredits: number): Promise<string> {
  const userId = `usr_${randomUUID()}`;
  await suite.db.transaction(async (tx) => {
    await tx.query(`INSERT INTO users (id, email, password_hash, created_at) VALUES ($1, $2, 'x', $3)`, [
      userId,
      `${userId}@example.test`,
      NOW,
    ]);
    await openPersonalAccount(tx, { userId, freeCredits, now: NOW });
  });
  return userId;
}

function spendOne(ledger: LedgerStore, userId: string, key = randomUUID()) {
  return ledger.spend(
    userId,
    { action: 'page_scrape', quantity: 1, verificationId: null },
    { key, requestHash: 'hash' },
    NOW,
  );
}

async function available(userId: string): Promise<number> {
  const { rows } = await suite.db.query<{ sum: number }>(
    'SELECT sum(balance)::integer AS sum FROM buckets WHERE owner_id = $1',
    [userId],
  );
  return rows[0]!.sum;
}

describe('credit movements in batches', () => {
  it('sends a lone spend as one plain call', async () => {
    const { db: spied, statements } = recording();
    const ledger = new LedgerStore(spied, { freeProfilesPerPage: 10 });
    const userId = await newUser(5);

    const result = await spendOne(ledger, userId);

    expect(result.status).toBe(201);
    expect(statements).toEqual(['SELECT lasso_spend($1, $2, $3, $4, $5, $6, $7, $8, $9) AS result']);
  });

  it('sends the spends that arrive while one runs as one batch, and answers each with its own result', async () => {
    const { db: spied, statements } = recording();
    const ledger = new LedgerStore(spied, { freeProfilesPerPage: 10 });
    const users = await Promise.all(Array.from({ length: 10 }, () => newUser(3)));

    const results = await Promise.all(users.map((userId) => spendOne(ledger, userId)));

    expect(statements).toHaveLength(2);
    expect(statements[1]).toBe('SELECT lasso_movements($1::jsonb) AS outcomes');
    expect(results.map((result) => result.status)).toEqual(Array(10).fill(201));
    // Each answer carries its own user's balance: 3 free credits, one spent.
    for (const result of results) expect(result.body).toMatchObject({ balance: { available: 2 } });
    for (const userId of users) expect(await available(userId)).toBe(2);
    expect(await ledgerDriftIn(suite.db)).toEqual([]);
  });

  it('fails only the spends that cannot be paid, and commits the others of the batch', async () => {
    const ledger = new LedgerStore(suite.db, { freeProfilesPerPage: 10 });
    const userId = await newUser(3);

    const answers = await Promise.allSettled(Array.from({ length: 6 }, () => spendOne(ledger, userId)));

    const statuses = answers.map((answer) =>
      answer.status === 'fulfilled' ? answer.value.status : (answer.reason as DomainError).status,
    );
    expect(statuses).toEqual([201, 201, 201, 402, 402, 402]);
    expect(
      answers
        .slice(3)
        .every((answer) => answer.status === 'rejected' && answer.reason instanceof DomainError),
    ).toBe(true);
    expect(await available(userId)).toBe(0);
    const { rows } = await suite.db.query('SELECT 1 FROM spends WHERE user_id = $1', [userId]);
    expect(rows).toHaveLength(3);
    expect(await ledgerDriftIn(suite.db)).toEqual([]);
  });

  it('runs holds, captures and releases in batches with the arguments each needs', async () => {
    const { db: spied, statements } = recording();
    const ledger = new LedgerStore(spied, { freeProfilesPerPage: 10 });
    const userId = await newUser(10);
    const hold = (quantity: number) =>
      ledger.hold(
        userId,
        { action: 'email_find', quantity, ttlSeconds: 600 },
        { key: randomUUID(), requestHash: 'h' },
        NOW,
      );

    // The spend goes alone; the two holds that arrive meanwhile form one batch.
    const [, first, second] = await Promise.all([spendOne(ledger, userId), hold(3), hold(2)]);
    const firstId = String(first.body.holdId);
    const secondId = String(second.body.holdId);
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(await available(userId)).toBe(4);

    const [, captured, released] = await Promise.all([
      spendOne(ledger, userId),
      ledger.capture(userId, firstId, 1, { key: randomUUID(), requestHash: 'h' }, NOW),
      ledger.release(userId, secondId, { key: randomUUID(), requestHash: 'h' }, NOW),
    ]);

    expect(captured.body).toMatchObject({ status: 'captured', charged: 1 });
    expect(released.body).toMatchObject({ status: 'released' });
    // 10 − 1 spent − 1 spent − 1 captured; the other 2 of the first hold and all of the second came back.
    expect(await available(userId)).toBe(7);
    expect(statements.filter((sql) => sql.startsWith('SELECT lasso_movements'))).toHaveLength(2);
    expect(await ledgerDriftIn(suite.db)).toEqual([]);
  });

  it('replays a key used twice in one batch instead of charging it twice', async () => {
    const ledger = new LedgerStore(suite.db, { freeProfilesPerPage: 10 });
    const userId = await newUser(5);
    const key = randomUUID();

    const [first, second, third] = await Promise.all([
      spendOne(ledger, userId),
      spendOne(ledger, userId, key),
      spendOne(ledger, userId, key),
    ]);

    expect([first.replayed, second.replayed, third.replayed]).toEqual([false, false, true]);
    expect(third.body).toEqual(second.body);
    expect(await available(userId)).toBe(3);
  });

  it('rolls a whole batch back when one movement fails unexpectedly, then runs each alone: only that one fails', async () => {
    const { db: spied, statements } = recording();
    const ledger = new LedgerStore(spied, { freeProfilesPerPage: 10 });
    const [first, second, third] = await Promise.all([newUser(5), newUser(5), newUser(5)]);
    // Writing the second user's ledger entries fails as a full disk would.
    await suite.db.exec(`
      CREATE FUNCTION test_write_fails() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.owner_id = '${second}' THEN
          RAISE EXCEPTION USING ERRCODE = '58030', MESSAGE = 'could not write the ledger';
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER test_write_fails BEFORE INSERT ON ledger_entries
        FOR EACH ROW EXECUTE FUNCTION test_write_fails();`);

    const answers = await Promise.allSettled([
      spendOne(ledger, first),
      spendOne(ledger, second),
      spendOne(ledger, third),
    ]).finally(() =>
      suite.db.exec('DROP TRIGGER test_write_fails ON ledger_entries; DROP FUNCTION test_write_fails();'),
    );

    expect(answers.map((answer) => answer.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(answers[1]).toMatchObject({ status: 'rejected', reason: { code: '58030' } });
    expect(await available(second)).toBe(5);
    expect(await available(first)).toBe(4);
    expect(await available(third)).toBe(4);
    // The first spend alone, a batch of the other two that failed, then each of them alone.
    expect(statements.map((sql) => sql.split('(')[0])).toEqual([
      'SELECT lasso_spend',
      'SELECT lasso_movements',
      'SELECT lasso_spend',
      'SELECT lasso_spend',
    ]);
    expect(await ledgerDriftIn(suite.db)).toEqual([]);
  });
});

describe.skipIf(testDbKind() !== 'postgres')('batches of two API instances', () => {
  /** Deadlocks PostgreSQL has broken in this database; a backend reports its own when it ends. */
  async function deadlocks(): Promise<number> {
    const { rows } = await suite.db.query<{ deadlocks: number }>(
      'SELECT deadlocks::integer AS deadlocks FROM pg_stat_database WHERE datname = current_database()',
    );
    return rows[0]!.deadlocks;
  }

  async function backends(): Promise<number> {
    const { rows } = await suite.db.query<{ n: number }>(
      'SELECT count(*)::integer AS n FROM pg_stat_activity WHERE datname = current_database()',
    );
    return rows[0]!.n;
  }

  it('never deadlock, even when they move the same users in opposite orders', async () => {
    const users = await Promise.all([newUser(1000), newUser(1000), newUser(1000)]);
    const before = await deadlocks();
    const backendsBefore = await backends();
    const instances = [await suite.database.open(), await suite.database.open()];
    const ledgers = instances.map((instanceDb) => new LedgerStore(instanceDb, { freeProfilesPerPage: 10 }));
    try {
      // Each instance gets 60 spends at once, so it sends them in batches; the first instance's name
      // the users in one order, the second's in the other.
      const results = await Promise.all(
        Array.from({ length: 60 }, (_, i) => [
          spendOne(ledgers[0]!, users[i % 3]!),
          spendOne(ledgers[1]!, users[2 - (i % 3)]!),
        ]).flat(),
      );
      expect(results.every((result) => result.status === 201)).toBe(true);
    } finally {
      await Promise.all(instances.map((instanceDb) => instanceDb.close()));
    }
    // Their backends report their statistics as they end: wait until they are gone.
    for (let attempt = 0; attempt < 100 && (await backends()) > backendsBefore; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }

    expect(await deadlocks()).toBe(before);
    for (const userId of users) expect(await available(userId)).toBe(1000 - 40);
    expect(await ledgerDriftIn(suite.db)).toEqual([]);
  });
});
