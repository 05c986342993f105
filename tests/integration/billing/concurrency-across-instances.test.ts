import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { overHttp, twoApiInstances } from '../../support/api-instances.ts';
import { balanceOf, signUp, spend } from '../../support/billing.ts';
import { ledgerDriftIn } from '../../support/ledger-harness.ts';
import { testDbKind } from '../../support/test-db.ts';

// One API instance sends its credit movements to PostgreSQL one batch at a time
// (server/ledger/movement-batcher.ts), so the parallel-spend tests of concurrency.test.ts never have
// two transactions of one instance meet on a user's locks. These do: through two API processes, whose
// batches run at once, and through a pool calling the spend function directly, so that the row locks
// and the idempotency records alone must keep the credits right.

const SPENDS = 200;
const FREE_CREDITS = 50;

describe.skipIf(testDbKind() !== 'postgres')(
  'parallel spends of one user reaching PostgreSQL at once',
  {
    timeout: 120_000,
  },
  () => {
    const instances = twoApiInstances();

    it('answers exactly 50 × 201 for 200 spends of 1 against 50 credits sent to two API instances', async () => {
      const servers = [overHttp(instances.first), overHttp(instances.second)];
      const user = await signUp(servers[0]!);

      const answers = await Promise.all(
        Array.from({ length: SPENDS }, (_, i) =>
          spend(servers[i % 2]!, user, { action: 'page_scrape', quantity: 1 }),
        ),
      );

      const statuses = answers.map((answer) => answer.status);
      expect(statuses.filter((status) => status === 201)).toHaveLength(FREE_CREDITS);
      expect(statuses.filter((status) => status === 402)).toHaveLength(SPENDS - FREE_CREDITS);
      expect((await balanceOf(servers[1]!, user)).available).toBe(0);
      const pool = new pg.Pool({ connectionString: instances.databaseUrl, max: 2 });
      try {
        expect(await ledgerDriftIn(pool)).toEqual([]);
      } finally {
        await pool.end();
      }
    });

    it('lets exactly 50 of 200 direct calls of the spend function through 16 connections succeed', async () => {
      const user = await signUp(overHttp(instances.first));
      const pool = new pg.Pool({ connectionString: instances.databaseUrl, max: 16 });
      try {
        const outcomes = await Promise.all(
          Array.from({ length: SPENDS }, (_, i) =>
            pool
              .query('SELECT lasso_spend($1, $2, $3, $4, $5, $6, $7, $8, $9) AS result', [
                user.id,
                'page_scrape',
                1,
                null,
                randomUUID(),
                `hash-${i}`,
                new Date(),
                10,
                `spend_direct_${i}`,
              ])
              .then(
                () => 'spent',
                (error: { message?: string }) => error.message,
              ),
          ),
        );

        expect(outcomes.filter((outcome) => outcome === 'spent')).toHaveLength(FREE_CREDITS);
        expect(outcomes.filter((outcome) => outcome === 'insufficient_credits')).toHaveLength(
          SPENDS - FREE_CREDITS,
        );
        expect(await ledgerDriftIn(pool)).toEqual([]);
      } finally {
        await pool.end();
      }
    });
  },
);
