import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Balance } from '../../../api-client/contract/billing.ts';
import { overHttp, twoApiInstances } from '../../support/api-instances.ts';
import { grant, spend, type TestUser } from '../../support/billing.ts';
import { SseReader } from '../../support/sse.ts';
import { patchMember, setUpTeam } from '../../support/teams.ts';
import { createTestApp, json, type TestApp } from '../../support/test-app.ts';
import { testDbKind } from '../../support/test-db.ts';

// billing-api.md, GET /v1/me/events: "the team pool changes (every member gets it, another member's
// spend included)". The issue asks for such an event within 2 s, also when the two members are
// connected to two API processes sharing one PostgreSQL (LISTEN/NOTIFY on channel lasso_balance).

const WITHIN_MS = 2000;

async function openEvents(app: TestApp, user: TestUser): Promise<SseReader> {
  const response = await app.request('/v1/me/events', json('GET', undefined, { token: user.token }));
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/event-stream');
  return new SseReader(response);
}

/**
 * Reads events until a `balance` whose body satisfies `wanted` arrives, failing once `WITHIN_MS`
 * have passed since `since`. Other events (a change that landed just before) are skipped.
 */
async function balanceEvent(
  events: SseReader,
  wanted: (balance: Balance) => boolean,
  since: number,
): Promise<{ balance: Balance; elapsedMs: number }> {
  for (;;) {
    const left = since + WITHIN_MS - Date.now();
    if (left <= 0) throw new Error(`no matching balance event within ${WITHIN_MS} ms`);
    const event = await events.next(left);
    if (event.event !== 'balance') continue;
    const balance = JSON.parse(event.data) as Balance;
    if (wanted(balance)) return { balance, elapsedMs: Date.now() - since };
  }
}

describe('one API instance', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  it("sends member A an event: balance with the new pool figures within 2 s of member B's spend", async () => {
    const { team, members } = await setUpTeam(app, { members: 2 });
    const [a, b] = [members[0]!, members[1]!];
    await grant(app, { teams: team.id }, 50);
    const events = await openEvents(app, a);
    const first = await balanceEvent(events, () => true, Date.now());
    expect(first.balance.team?.pool).toMatchObject({ available: 50, total: 50 });

    const started = Date.now();
    const response = await spend(app, b, { action: 'page_scrape', quantity: 3 });
    const { balance, elapsedMs } = await balanceEvent(
      events,
      (next) => next.team?.pool.available === 47,
      started,
    );

    expect(response.status).toBe(201);
    expect(elapsedMs).toBeLessThan(WITHIN_MS);
    expect(balance.team).toMatchObject({
      id: team.id,
      creditsUsed: 0,
      pool: { available: 47, total: 50, topup: 47, held: 0 },
    });
    expect(balance.available).toBe(50 + 47);
    await events.close();
  });

  it('tells a member without pool access too: every member hears of the pool', async () => {
    const { team, admin, members } = await setUpTeam(app, { members: 2 });
    const [watcher, spender] = [members[0]!, members[1]!];
    await grant(app, { teams: team.id }, 20);
    await patchMember(app, admin, watcher.id, { poolAccess: false });
    const events = await openEvents(app, watcher);
    await balanceEvent(events, () => true, Date.now());

    const started = Date.now();
    await spend(app, spender, { action: 'page_scrape', quantity: 5 });
    const { balance, elapsedMs } = await balanceEvent(
      events,
      (next) => next.team?.pool.available === 15,
      started,
    );

    expect(elapsedMs).toBeLessThan(WITHIN_MS);
    // The pool is shown, but without access it is not part of what the watcher can spend.
    expect(balance.available).toBe(50);
    expect(balance.team).toMatchObject({ poolAccess: false, pool: { available: 15, total: 20 } });
    await events.close();
  });
});

// PGlite is an embedded database inside one process: two API processes cannot share it, and its
// NOTIFY never leaves the process. Only PostgreSQL can carry an event from one instance to another,
// so this block runs in the integration:postgres project (LASSO_TEST_DB=postgres) and is skipped on PGlite.
describe.skipIf(testDbKind() !== 'postgres')('two API instances sharing one PostgreSQL', () => {
  const instances = twoApiInstances();

  it("sends member A on server 1 an event: balance within 2 s of member B's spend on server 2", async () => {
    const { first, second } = instances;
    const one = overHttp(first);
    const two = overHttp(second);
    expect(first.url).not.toBe(second.url);
    for (const server of [first, second]) {
      expect(await (await fetch(`${server.url}/healthz`)).json()).toMatchObject({ ok: true, db: 'postgres' });
    }
    const { team, members } = await setUpTeam(one, { members: 2 });
    const [a, b] = [members[0]!, members[1]!];
    await grant(one, { teams: team.id }, 50);
    const events = new SseReader(
      await fetch(`${first.url}/v1/me/events`, { headers: { authorization: `Bearer ${a.token}` } }),
    );
    try {
      const opened = await balanceEvent(events, () => true, Date.now());
      expect(opened.balance.team?.pool).toMatchObject({ available: 50, total: 50 });

      const started = Date.now();
      const response = await spend(two, b, { action: 'page_scrape', quantity: 3 });
      const { balance, elapsedMs } = await balanceEvent(
        events,
        (next) => next.team?.pool.available === 47,
        started,
      );

      expect(response.status).toBe(201);
      expect(elapsedMs).toBeLessThan(WITHIN_MS);
      expect(balance.team).toMatchObject({
        id: team.id,
        creditsUsed: 0,
        pool: { available: 47, total: 50, subscription: 0, topup: 47, held: 0 },
      });
      expect(balance.available).toBe(50 + 47);
      expect(balance.spendOrder[0]).toBe('team.subscription');

      // A back-office top-up through server 2 reaches A on server 1 the same way.
      const toppedUp = Date.now();
      await grant(two, { teams: team.id }, 10);
      const topUp = await balanceEvent(events, (next) => next.team?.pool.available === 57, toppedUp);
      expect(topUp.elapsedMs).toBeLessThan(WITHIN_MS);
      expect(topUp.balance.team?.pool).toMatchObject({ available: 57, total: 60 });
    } finally {
      await events.close();
    }
  });

  it("sends member B on server 2 an event when member A spends on server 1, and A's own stream too", async () => {
    const { first, second } = instances;
    const one = overHttp(first);
    const { team, members } = await setUpTeam(one, { members: 2 });
    const [a, b] = [members[0]!, members[1]!];
    await grant(one, { teams: team.id }, 30);
    const onTwo = new SseReader(
      await fetch(`${second.url}/v1/me/events`, { headers: { authorization: `Bearer ${b.token}` } }),
    );
    const onOne = new SseReader(
      await fetch(`${first.url}/v1/me/events`, { headers: { authorization: `Bearer ${a.token}` } }),
    );
    try {
      await balanceEvent(onTwo, () => true, Date.now());
      await balanceEvent(onOne, () => true, Date.now());

      const started = Date.now();
      expect((await spend(one, a, { action: 'page_scrape', quantity: 4 })).status).toBe(201);
      const [seenByB, seenByA] = await Promise.all([
        balanceEvent(onTwo, (next) => next.team?.pool.available === 26, started),
        balanceEvent(onOne, (next) => next.team?.pool.available === 26, started),
      ]);

      expect(seenByB.elapsedMs).toBeLessThan(WITHIN_MS);
      expect(seenByB.balance.team).toMatchObject({ creditsUsed: 0 });
      expect(seenByA.elapsedMs).toBeLessThan(WITHIN_MS);
      expect(seenByA.balance.team).toMatchObject({ creditsUsed: 4 });
    } finally {
      await Promise.all([onTwo.close(), onOne.close()]);
    }
  });
});
