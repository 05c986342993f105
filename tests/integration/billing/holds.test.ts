import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LedgerEntry } from '../../../api-client/contract/billing.ts';
import { expectLedgerInvariant, signUp, type TestUser } from '../../support/billing.ts';
import {
  advance,
  captureRequest,
  expectPersonalLedgerMatchesBalance,
  expectProblem,
  getBalance,
  getLedger,
  holdRequest,
  moveClock,
  putSubscription,
  releaseRequest,
  snapshot,
  topUp,
} from '../../support/ledger-harness.ts';
import { createTestApp, type TestApp } from '../../support/test-app.ts';

// billing-api.md, POST /v1/holds, /v1/holds/{id}/capture and /release, for personal buckets.

let app: TestApp;
let users: TestUser[] = [];

beforeAll(async () => {
  app = await createTestApp();
  await moveClock(app, new Date(Date.now() + 60_000));
}, 120_000);
afterAll(async () => {
  await app?.close();
});
afterEach(async () => {
  await expectLedgerInvariant(app);
  const checked = users;
  users = [];
  for (const user of checked) await expectPersonalLedgerMatchesBalance(app, user);
});

async function newUser(): Promise<TestUser> {
  const user = await signUp(app);
  users.push(user);
  return user;
}

/** A user with 30 subscription, 20 top-up and 50 free credits. */
async function userWithThreeBuckets(): Promise<TestUser> {
  const user = await newUser();
  expect((await putSubscription(app, user, { creditsPerCycle: 30, interval: 'month' })).status).toBe(200);
  expect((await topUp(app, user, 20)).status).toBe(201);
  return user;
}

async function placeHold(
  user: TestUser,
  quantity: number,
  ttlSeconds?: number,
): Promise<Record<string, unknown>> {
  const answer = await holdRequest(app, user, {
    action: 'page_scrape',
    quantity,
    ...(ttlSeconds ? { ttlSeconds } : {}),
  });
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return answer.body;
}

function entriesOf(entries: LedgerEntry[], holdId: string) {
  return entries
    .filter((entry) => entry.holdId === holdId)
    .reverse()
    .map(({ kind, bucket, amount }) => ({ kind, bucket, amount }));
}

describe('placing a hold', { timeout: 60_000 }, () => {
  it('draws in spend order, keeps the credits pending and counts them as held', async () => {
    const user = await userWithThreeBuckets();

    const hold = await placeHold(user, 40);

    expect(hold).toMatchObject({
      status: 'pending',
      amount: 40,
      breakdown: [
        { bucket: 'personal.subscription', amount: 30 },
        { bucket: 'personal.topup', amount: 10 },
      ],
    });
    expect(hold.holdId).toMatch(/^hold_/);
    expect(hold.balance).toMatchObject({
      available: 60,
      personal: { subscription: 0, topup: 10, free: 50, held: 40 },
    });
    expect(await getBalance(app, user)).toEqual(hold.balance);
    expect(entriesOf(await getLedger(app, user), hold.holdId as string)).toEqual([
      { kind: 'hold', bucket: 'personal.subscription', amount: -30 },
      { kind: 'hold', bucket: 'personal.topup', amount: -10 },
    ]);
  });

  it('expires 120 s after now by default', async () => {
    const user = await newUser();

    const hold = await placeHold(user, 1);

    expect(hold.expiresAt).toBe(new Date(app.clock.now().getTime() + 120_000).toISOString());
  });

  it.each([5, 900])('accepts ttlSeconds %i', async (ttlSeconds) => {
    const user = await newUser();

    const hold = await placeHold(user, 1, ttlSeconds);

    expect(hold.expiresAt).toBe(new Date(app.clock.now().getTime() + ttlSeconds * 1000).toISOString());
  });

  it.each([4, 901, 0, -5, 5.5, '60', null])(
    'answers 400 for ttlSeconds %s and moves nothing',
    async (ttlSeconds) => {
      const user = await newUser();
      const before = await snapshot(app, user);

      const answer = await holdRequest(app, user, { action: 'page_scrape', quantity: 1, ttlSeconds });

      expectProblem(answer, 400, 'validation_failed');
      expect(await snapshot(app, user)).toEqual(before);
    },
  );

  it('answers 402 with what is available when the hold does not fit, and moves nothing', async () => {
    const user = await newUser();
    await placeHold(user, 20);
    const before = await snapshot(app, user);

    const answer = await holdRequest(app, user, { action: 'page_scrape', quantity: 31 });

    expectProblem(answer, 402, 'insufficient_credits');
    expect(answer.body.available).toBe(30);
    expect(await snapshot(app, user)).toEqual(before);
  });
});

describe('capturing', { timeout: 60_000 }, () => {
  it('charges the whole hold and records capture entries of amount 0', async () => {
    const user = await userWithThreeBuckets();
    const hold = await placeHold(user, 40);

    const answer = await captureRequest(app, user, hold.holdId as string);

    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      holdId: hold.holdId,
      status: 'captured',
      charged: 40,
      breakdown: [
        { bucket: 'personal.subscription', amount: 30 },
        { bucket: 'personal.topup', amount: 10 },
      ],
    });
    expect(answer.body.spendId).toMatch(/^spend_/);
    expect(answer.body.balance).toMatchObject({
      available: 60,
      personal: { subscription: 0, topup: 10, free: 50, held: 0 },
    });
    const ledger = await getLedger(app, user);
    expect(entriesOf(ledger, hold.holdId as string)).toEqual([
      { kind: 'hold', bucket: 'personal.subscription', amount: -30 },
      { kind: 'hold', bucket: 'personal.topup', amount: -10 },
      { kind: 'capture', bucket: 'personal.subscription', amount: 0 },
      { kind: 'capture', bucket: 'personal.topup', amount: 0 },
    ]);
    expect(
      ledger.filter((entry) => entry.kind === 'capture').every((e) => e.spendId === answer.body.spendId),
    ).toBe(true);
  });

  it('charges less than held in spend order and releases the rest to its buckets', async () => {
    const user = await userWithThreeBuckets();
    const hold = await placeHold(user, 70);

    const answer = await captureRequest(app, user, hold.holdId as string, { quantity: 35 });

    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      charged: 35,
      breakdown: [
        { bucket: 'personal.subscription', amount: 30 },
        { bucket: 'personal.topup', amount: 5 },
      ],
    });
    expect(answer.body.balance).toMatchObject({
      available: 65,
      personal: { subscription: 0, topup: 15, free: 50, held: 0 },
    });
    expect(entriesOf(await getLedger(app, user), hold.holdId as string)).toEqual([
      { kind: 'hold', bucket: 'personal.subscription', amount: -30 },
      { kind: 'hold', bucket: 'personal.topup', amount: -20 },
      { kind: 'hold', bucket: 'personal.free', amount: -20 },
      { kind: 'capture', bucket: 'personal.subscription', amount: 0 },
      { kind: 'capture', bucket: 'personal.topup', amount: 0 },
      { kind: 'release', bucket: 'personal.topup', amount: 15 },
      { kind: 'release', bucket: 'personal.free', amount: 20 },
    ]);
  });

  it('returns unused subscription credits to the subscription bucket on a partial capture', async () => {
    const user = await userWithThreeBuckets();
    const hold = await placeHold(user, 40);

    const answer = await captureRequest(app, user, hold.holdId as string, { quantity: 12 });

    expect(answer.body.breakdown).toEqual([{ bucket: 'personal.subscription', amount: 12 }]);
    expect(answer.body.balance).toMatchObject({
      personal: { subscription: 18, topup: 20, free: 50, held: 0 },
    });
  });

  it('answers 400 for a quantity above the held amount, moves nothing and leaves the hold pending', async () => {
    const user = await userWithThreeBuckets();
    const hold = await placeHold(user, 10);
    const before = await snapshot(app, user);

    const answer = await captureRequest(app, user, hold.holdId as string, { quantity: 11 });

    expectProblem(answer, 400, 'validation_failed');
    expect(await snapshot(app, user)).toEqual(before);
    expect((await captureRequest(app, user, hold.holdId as string, { quantity: 10 })).status).toBe(200);
  });

  it.each([0, -1, 1.5, '3', 1001])('answers 400 for capture quantity %s', async (quantity) => {
    const user = await newUser();
    const hold = await placeHold(user, 5);
    const before = await snapshot(app, user);

    const answer = await captureRequest(app, user, hold.holdId as string, { quantity });

    expectProblem(answer, 400, 'validation_failed');
    expect(await snapshot(app, user)).toEqual(before);
  });
});

describe('releasing', { timeout: 60_000 }, () => {
  it('returns every part to the bucket it came from and records release entries', async () => {
    const user = await userWithThreeBuckets();
    const hold = await placeHold(user, 60);

    const answer = await releaseRequest(app, user, hold.holdId as string);

    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ holdId: hold.holdId, status: 'released' });
    expect(answer.body.balance).toMatchObject({
      available: 100,
      personal: { subscription: 30, topup: 20, free: 50, held: 0 },
    });
    expect(
      entriesOf(await getLedger(app, user), hold.holdId as string).filter((e) => e.kind === 'release'),
    ).toEqual([
      { kind: 'release', bucket: 'personal.subscription', amount: 30 },
      { kind: 'release', bucket: 'personal.topup', amount: 20 },
      { kind: 'release', bucket: 'personal.free', amount: 10 },
    ]);
  });
});

describe('a hold that is no longer pending', { timeout: 60_000 }, () => {
  it.each([
    ['captured', 'capture'],
    ['captured', 'release'],
    ['released', 'capture'],
    ['released', 'release'],
    ['expired', 'capture'],
    ['expired', 'release'],
  ] as const)('answers 409 hold_not_pending when %s, to a %s, and moves nothing', async (state, next) => {
    const user = await newUser();
    const hold = await placeHold(user, 8, 5);
    const holdId = hold.holdId as string;
    if (state === 'captured')
      expect((await captureRequest(app, user, holdId, { quantity: 3 })).status).toBe(200);
    if (state === 'released') expect((await releaseRequest(app, user, holdId)).status).toBe(200);
    if (state === 'expired') await advance(app, 5_000);
    const before = await snapshot(app, user);

    const answer =
      next === 'capture' ? await captureRequest(app, user, holdId) : await releaseRequest(app, user, holdId);

    expectProblem(answer, 409, 'hold_not_pending');
    expect(await snapshot(app, user)).toEqual(before);
  });
});

describe('someone else’s hold', { timeout: 60_000 }, () => {
  it.each(['capture', 'release'] as const)(
    'answers 404 to a %s and moves nothing for either user',
    async (next) => {
      const owner = await newUser();
      const other = await newUser();
      const hold = await placeHold(owner, 10);
      const before = [await snapshot(app, owner), await snapshot(app, other)];

      const answer =
        next === 'capture'
          ? await captureRequest(app, other, hold.holdId as string)
          : await releaseRequest(app, other, hold.holdId as string);

      expectProblem(answer, 404, 'not_found');
      expect([await snapshot(app, owner), await snapshot(app, other)]).toEqual(before);
    },
  );

  it.each([
    ['an unknown hold_ id', 'hold_nope'],
    ['a one-letter id', 'x'],
    ['a dot-dot segment', '..'],
    ['an encoded dot-dot segment', '%2e%2e'],
    ['an encoded NUL byte', '%00'],
    ['an id of 5000 characters', 'h'.repeat(5000)],
  ])('answers 404 for %s', async (_name, holdId) => {
    const user = await newUser();

    const answer = await captureRequest(app, user, holdId);

    expectProblem(answer, 404, 'not_found');
  });
});

describe('expiry', { timeout: 60_000 }, () => {
  it('returns the credits exactly at expiresAt, with no background job, and not a millisecond before', async () => {
    const user = await userWithThreeBuckets();
    const hold = await placeHold(user, 45, 5);
    const expiresAt = Date.parse(hold.expiresAt as string);

    await moveClock(app, new Date(expiresAt - 1));
    const before = await getBalance(app, user);
    await moveClock(app, new Date(expiresAt));
    const after = await getBalance(app, user);

    expect(before).toMatchObject({ available: 55, personal: { held: 45 } });
    expect(after).toMatchObject({
      available: 100,
      personal: { subscription: 30, topup: 20, free: 50, held: 0 },
    });
    const entries = (await getLedger(app, user)).filter(
      (e) => e.holdId === hold.holdId && e.kind === 'release',
    );
    expect(entries.map((e) => [e.bucket, e.amount, e.at]).reverse()).toEqual([
      ['personal.subscription', 30, hold.expiresAt],
      ['personal.topup', 15, hold.expiresAt],
    ]);
  });

  it('lets a spend use the returned credits at once', async () => {
    const user = await newUser();
    const hold = await placeHold(user, 50, 5);
    await moveClock(app, hold.expiresAt as string);

    const answer = await holdRequest(app, user, { action: 'enrichment', quantity: 50 });

    expect(answer.status).toBe(201);
  });
});

describe('a hold pending across a cycle end', { timeout: 60_000 }, () => {
  /** A user whose 30-credit monthly cycle ends 10 minutes from the clock's (new) time. */
  async function userNearCycleEnd(): Promise<{ user: TestUser; cycleEnd: number }> {
    const now = app.clock.now();
    const next = new Date(Date.UTC(now.getUTCFullYear() + 1, 2, 15, 10));
    await moveClock(app, next);
    const user = await newUser();
    const anchor = new Date(Date.UTC(next.getUTCFullYear(), 1, 15, 10, 10)).toISOString();
    const put = await putSubscription(app, user, { creditsPerCycle: 30, interval: 'month', anchor });
    expect(put.body.cycleEnd).toBe(new Date(next.getTime() + 10 * 60_000).toISOString());
    expect((await topUp(app, user, 20)).status).toBe(201);
    return { user, cycleEnd: next.getTime() + 10 * 60_000 };
  }

  it('forfeits the subscription part but returns the top-up part when it expires', async () => {
    const { user, cycleEnd } = await userNearCycleEnd();
    const hold = await placeHold(user, 45, 900);

    await moveClock(app, new Date(cycleEnd + 60_000));
    const midway = await getBalance(app, user);
    await moveClock(app, hold.expiresAt as string);
    const after = await getBalance(app, user);

    expect(midway.personal).toEqual({ subscription: 30, topup: 5, free: 50, held: 45 });
    expect(after.personal).toEqual({ subscription: 30, topup: 20, free: 50, held: 0 });
  });

  it('forfeits the subscription part when it is released after the cycle end', async () => {
    const { user, cycleEnd } = await userNearCycleEnd();
    const hold = await placeHold(user, 45, 900);
    await moveClock(app, new Date(cycleEnd));

    const answer = await releaseRequest(app, user, hold.holdId as string);

    expect(answer.status).toBe(200);
    expect(answer.body.balance).toMatchObject({
      personal: { subscription: 30, topup: 20, free: 50, held: 0 },
    });
  });

  it('stays pending and can be captured in full after the cycle end', async () => {
    const { user, cycleEnd } = await userNearCycleEnd();
    const hold = await placeHold(user, 40, 900);
    await moveClock(app, new Date(cycleEnd + 1000));

    const answer = await captureRequest(app, user, hold.holdId as string);

    expect(answer.status).toBe(200);
    expect(answer.body.charged).toBe(40);
    expect(answer.body.balance).toMatchObject({
      personal: { subscription: 30, topup: 10, free: 50, held: 0 },
    });
  });

  it('forfeits the unused subscription part of a partial capture after the cycle end', async () => {
    const { user, cycleEnd } = await userNearCycleEnd();
    const hold = await placeHold(user, 45, 900);
    await moveClock(app, new Date(cycleEnd + 1000));

    const answer = await captureRequest(app, user, hold.holdId as string, { quantity: 10 });

    expect(answer.body.breakdown).toEqual([{ bucket: 'personal.subscription', amount: 10 }]);
    expect(answer.body.balance).toMatchObject({
      personal: { subscription: 30, topup: 20, free: 50, held: 0 },
    });
  });
});
