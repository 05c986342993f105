import fc from 'fast-check';
import { expect, it } from 'vitest';
import { cycleAt, cycleStart } from '../../../server/ledger/cycles.ts';
import { SPEND_ORDERS } from '../../../server/ledger/spend-order.ts';
import { migratedTestDatabase } from '../../support/test-db.ts';

const suite = migratedTestDatabase();

it('seeds the spend_orders table with exactly the documented spend orders', async () => {
  const { rows } = await suite.db.query<{ name: keyof typeof SPEND_ORDERS; bucket: string }>(
    'SELECT name, bucket FROM spend_orders ORDER BY name, position',
  );

  const fromSql = { pool: [] as string[], personal: [] as string[] };
  for (const row of rows) fromSql[row.name].push(row.bucket);
  expect(fromSql).toEqual(SPEND_ORDERS);
});

it('computes the same cycle boundaries in SQL as the TypeScript rules', async () => {
  const anchors = fc.date({
    min: new Date('2000-01-01T00:00:00Z'),
    max: new Date('2040-12-31T23:59:59Z'),
    noInvalidDate: true,
  });
  await fc.assert(
    fc.asyncProperty(
      anchors,
      fc.constantFrom('month' as const, 'year' as const),
      fc.integer({ min: 0, max: 40 }),
      async (anchor, interval, k) => {
        const { rows } = await suite.db.query<{ start: Date }>(
          'SELECT lasso_cycle_start($1, $2, $3) AS start',
          [anchor, interval, k],
        );
        expect(new Date(rows[0]!.start).toISOString()).toBe(cycleStart(anchor, interval, k).toISOString());
      },
    ),
    { numRuns: 150 },
  );
});

it('finds the same current cycle in SQL as the TypeScript rules', async () => {
  const anchors = fc.date({
    min: new Date('2010-01-01T00:00:00Z'),
    max: new Date('2026-01-01T00:00:00Z'),
    noInvalidDate: true,
  });
  const later = fc.integer({ min: 0, max: 10 * 365 * 24 * 3600 });
  await fc.assert(
    fc.asyncProperty(
      anchors,
      fc.constantFrom('month' as const, 'year' as const),
      later,
      async (anchor, interval, seconds) => {
        const now = new Date(anchor.getTime() + seconds * 1000);
        const { rows } = await suite.db.query<{ k: number }>('SELECT lasso_cycle_index($1, $2, $3) AS k', [
          anchor,
          interval,
          now,
        ]);
        expect(rows[0]!.k).toBe(cycleAt(anchor, interval, now).index);
      },
    ),
    { numRuns: 150 },
  );
});

/** A draw's parts as lasso_plan_draw builds them, with the odd shapes a helper must survive too. */
const drawParts = fc.option(
  fc.array(
    fc.record(
      {
        owner: fc.constantFrom('usr_a', 'team_b'),
        bucket: fc.constantFrom(
          'team.subscription',
          'team.topup',
          'personal.subscription',
          'personal.topup',
          'personal.free',
        ),
        amount: fc.integer({ min: 0, max: 1000 }),
      },
      { requiredKeys: ['owner', 'bucket'] },
    ),
    { maxLength: 5 },
  ),
  { nil: null },
);

it('breaks a draw down as the SQL-language helpers that migration 0006 replaced did', async () => {
  // Migration 0003's definitions, word for word, as plain queries.
  const before = `SELECT
      (SELECT coalesce(jsonb_agg(jsonb_build_object('bucket', p ->> 'bucket', 'amount', (p ->> 'amount')::integer)
                                 ORDER BY ord), '[]')
       FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS parts(p, ord)
       WHERE (p ->> 'amount')::integer > 0) AS breakdown,
      (SELECT coalesce(sum((p ->> 'amount')::integer), 0)::integer
       FROM jsonb_array_elements($1::jsonb) AS parts(p)
       WHERE p ->> 'bucket' LIKE 'team.%') AS pool_part`;
  const after = 'SELECT lasso_breakdown($1::jsonb) AS breakdown, lasso_pool_part($1::jsonb) AS pool_part';
  await fc.assert(
    fc.asyncProperty(drawParts, async (parts) => {
      const json = parts === null ? null : JSON.stringify(parts);
      const [old, now] = await Promise.all([suite.db.query(before, [json]), suite.db.query(after, [json])]);
      expect(now.rows[0]).toEqual(old.rows[0]);
    }),
    { numRuns: 200 },
  );
});
