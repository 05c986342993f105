import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { oneApiInstance, overHttp } from '../../support/api-instances.ts';
import { signUp, spend } from '../../support/billing.ts';
import { testDbKind } from '../../support/test-db.ts';

/** The API's own connections besides its pool: one LISTEN each for balance events and revoked sessions. */
const LISTENERS = 2;

describe.skipIf(testDbKind() !== 'postgres')('the API’s PostgreSQL pool', () => {
  const instance = oneApiInstance({ databasePoolMax: 2 });

  it('opens no more than DATABASE_POOL_MAX connections for many requests at once, and answers them all', async () => {
    const app = overHttp(instance.server);
    const users = await Promise.all(Array.from({ length: 8 }, () => signUp(app)));

    const answers = await Promise.all(
      users.flatMap((user) =>
        Array.from({ length: 5 }, () => spend(app, user, { action: 'page_scrape', quantity: 1 })),
      ),
    );

    expect(answers.map((answer) => answer.status)).toEqual(Array(40).fill(201));
    const admin = new pg.Client({ connectionString: instance.databaseUrl });
    await admin.connect();
    try {
      // Idle pool connections stay open for 10 s: those the load needed are all still here.
      const { rows } = await admin.query<{ connections: number }>(
        `SELECT count(*)::int AS connections FROM pg_stat_activity
         WHERE datname = current_database() AND pid <> pg_backend_pid()`,
      );
      expect(rows[0]!.connections).toBeLessThanOrEqual(2 + LISTENERS);
    } finally {
      await admin.end();
    }
  });
});
