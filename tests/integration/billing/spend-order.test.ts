import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { expectLedgerInvariant, signUp, type TestUser } from '../../support/billing.ts';
import {
  expectPersonalLedgerMatchesBalance,
  expectProblem,
  getBalance,
  getLedger,
  holdRequest,
  moveClock,
  putSubscription,
  snapshot,
  spendRequest,
  topUp,
} from '../../support/ledger-harness.ts';
import { createTestApp, type TestApp } from '../../support/test-app.ts';

// billing-api.md, "Credit buckets and spend order", for a user in no team (personal buckets only).

const PERSONAL_ORDER = ['personal.subscription', 'personal.topup', 'personal.free'];

let app: TestApp;

beforeAll(async () => {
  app = await createTestApp();
  // Pin the test clock: every subscription below starts "now" and no cycle ends during the file.
  await moveClock(app, new Date(Date.now() + 60_000));
}, 120_000);
afterAll(async () => {
  await app?.close();
});
afterEach(async () => {
  await expectLedgerInvariant(app);
});

/** A user with 30 subscription, 20 top-up and the 50 free sign-up credits. */
async function userWithThreeBuckets(): Promise<TestUser> {
  const user = await signUp(app);
  expect((await putSubscription(app, user, { creditsPerCycle: 30, interval: 'month' })).status).toBe(200);
  expect((await topUp(app, user, 20)).status).toBe(201);
  return user;
}

describe('a user in no team', { timeout: 60_000 }, () => {
  it('starts with the sign-up credits in personal.free and the personal spend order', async () => {
    const user = await signUp(app);

    const balance = await getBalance(app, user);

    expect(balance).toMatchObject({
      available: 50,
      spendOrder: PERSONAL_ORDER,
      personal: { subscription: 0, topup: 0, free: 50, held: 0 },
      team: null,
    });
    await expectPersonalLedgerMatchesBalance(app, user);
  });

  it('draws personal.subscription first', async () => {
    const user = await userWithThreeBuckets();

    const answer = await spendRequest(app, user, { action: 'page_scrape', quantity: 12 });

    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({
      action: 'page_scrape',
      quantity: 12,
      charged: 12,
      breakdown: [{ bucket: 'personal.subscription', amount: 12 }],
    });
    expect((answer.body.balance as { personal: unknown }).personal).toEqual({
      subscription: 18,
      topup: 20,
      free: 50,
      held: 0,
    });
  });

  it('splits a spend across subscription and top-up when the subscription runs short', async () => {
    const user = await userWithThreeBuckets();

    const answer = await spendRequest(app, user, { action: 'enrichment', quantity: 40 });

    expect(answer.status).toBe(201);
    expect(answer.body.breakdown).toEqual([
      { bucket: 'personal.subscription', amount: 30 },
      { bucket: 'personal.topup', amount: 10 },
    ]);
    expect(answer.body.balance).toMatchObject({
      available: 60,
      personal: { subscription: 0, topup: 10, free: 50 },
    });
  });

  it('splits a spend across all three personal buckets in order', async () => {
    const user = await userWithThreeBuckets();

    const answer = await spendRequest(app, user, { action: 'page_scrape', quantity: 75 });

    expect(answer.status).toBe(201);
    expect(answer.body.breakdown).toEqual([
      { bucket: 'personal.subscription', amount: 30 },
      { bucket: 'personal.topup', amount: 20 },
      { bucket: 'personal.free', amount: 25 },
    ]);
    expect(answer.body.balance).toMatchObject({
      available: 25,
      personal: { subscription: 0, topup: 0, free: 25 },
    });
  });

  it('draws top-up before free once the subscription is empty', async () => {
    const user = await userWithThreeBuckets();
    expect((await spendRequest(app, user, { action: 'page_scrape', quantity: 30 })).status).toBe(201);

    const answer = await spendRequest(app, user, { action: 'page_scrape', quantity: 30 });

    expect(answer.body.breakdown).toEqual([
      { bucket: 'personal.topup', amount: 20 },
      { bucket: 'personal.free', amount: 10 },
    ]);
  });

  it('can spend every last credit', async () => {
    const user = await userWithThreeBuckets();

    const answer = await spendRequest(app, user, { action: 'page_scrape', quantity: 100 });

    expect(answer.status).toBe(201);
    expect(answer.body.balance).toMatchObject({
      available: 0,
      personal: { subscription: 0, topup: 0, free: 0 },
    });
  });

  it('answers with the same balance that GET /v1/me/balance then shows', async () => {
    const user = await userWithThreeBuckets();

    const answer = await spendRequest(app, user, { action: 'page_scrape', quantity: 41 });

    expect(answer.body.balance).toEqual(await getBalance(app, user));
  });

  it('records one spend entry per bucket drawn, with spendId and action, newest first', async () => {
    const user = await userWithThreeBuckets();

    const answer = await spendRequest(app, user, { action: 'enrichment', quantity: 75 });

    const spendId = answer.body.spendId as string;
    expect(spendId).toMatch(/^spend_/);
    const entries = (await getLedger(app, user)).filter((entry) => entry.spendId === spendId);
    expect(
      entries.map(({ kind, action, bucket, amount }) => ({ kind, action, bucket, amount })).reverse(),
    ).toEqual([
      { kind: 'spend', action: 'enrichment', bucket: 'personal.subscription', amount: -30 },
      { kind: 'spend', action: 'enrichment', bucket: 'personal.topup', amount: -20 },
      { kind: 'spend', action: 'enrichment', bucket: 'personal.free', amount: -25 },
    ]);
    await expectPersonalLedgerMatchesBalance(app, user);
  });
});

describe('not enough credits', { timeout: 60_000 }, () => {
  it('answers 402 insufficient_credits with what is available and moves nothing', async () => {
    const user = await userWithThreeBuckets();
    const before = await snapshot(app, user);

    const answer = await spendRequest(app, user, { action: 'page_scrape', quantity: 101 });

    expectProblem(answer, 402, 'insufficient_credits');
    expect(answer.body.available).toBe(100);
    expect(await snapshot(app, user)).toEqual(before);
  });

  it('is all-or-nothing even when every bucket could give a part', async () => {
    const user = await signUp(app);
    expect((await topUp(app, user, 5)).status).toBe(201);
    const before = await snapshot(app, user);

    const answer = await spendRequest(app, user, { action: 'enrichment', quantity: 56 });

    expectProblem(answer, 402, 'insufficient_credits');
    expect(answer.body.available).toBe(55);
    expect(await snapshot(app, user)).toEqual(before);
  });

  it('answers 402 with available 0 once everything is spent', async () => {
    const user = await signUp(app);
    expect((await spendRequest(app, user, { action: 'page_scrape', quantity: 50 })).status).toBe(201);
    const before = await snapshot(app, user);

    const answer = await spendRequest(app, user, { action: 'page_scrape', quantity: 1 });

    expectProblem(answer, 402, 'insufficient_credits');
    expect(answer.body.available).toBe(0);
    expect(await snapshot(app, user)).toEqual(before);
  });

  it('does not count held credits as available', async () => {
    const user = await signUp(app);
    expect((await holdRequest(app, user, { action: 'page_scrape', quantity: 40 })).status).toBe(201);
    const before = await snapshot(app, user);

    const answer = await spendRequest(app, user, { action: 'page_scrape', quantity: 11 });

    expectProblem(answer, 402, 'insufficient_credits');
    expect(answer.body.available).toBe(10);
    expect(await snapshot(app, user)).toEqual(before);
  });
});

describe('email_find', { timeout: 60_000 }, () => {
  it('answers 422 verification_invalid without a verificationId and charges nothing', async () => {
    const user = await userWithThreeBuckets();
    const before = await snapshot(app, user);

    const answer = await spendRequest(app, user, { action: 'email_find', quantity: 1 });

    expectProblem(answer, 422, 'verification_invalid');
    expect(await snapshot(app, user)).toEqual(before);
  });

  it.each([
    ['a random string', 'ver_does-not-exist'],
    ['an empty string', ''],
    ['a number', 42],
    ['null', null],
    ['an object', { id: 'x' }],
    ['a NUL byte', '\u0000'],
    ['a very long string', 'v'.repeat(10_000)],
  ])('answers 422 verification_invalid for a verificationId that is %s', async (_name, verificationId) => {
    const user = await signUp(app);
    const before = await snapshot(app, user);

    const answer = await spendRequest(app, user, { action: 'email_find', quantity: 1, verificationId });

    expectProblem(answer, 422, 'verification_invalid');
    expect(await snapshot(app, user)).toEqual(before);
  });

  it('answers 400 validation_failed for quantity 2 and charges nothing', async () => {
    const user = await signUp(app);
    const before = await snapshot(app, user);

    const answer = await spendRequest(app, user, {
      action: 'email_find',
      quantity: 2,
      verificationId: 'ver_x',
    });

    expectProblem(answer, 400, 'validation_failed');
    expect(await snapshot(app, user)).toEqual(before);
  });
});

describe('limits.profilesPerPage', { timeout: 60_000 }, () => {
  it('is FREE_PROFILES_PER_PAGE (default 10) without a plan', async () => {
    const user = await signUp(app);

    expect((await getBalance(app, user)).limits).toEqual({ profilesPerPage: 10 });
  });

  it('is 25 with a personal plan that names no value', async () => {
    const user = await signUp(app);

    expect((await putSubscription(app, user, { creditsPerCycle: 10, interval: 'month' })).status).toBe(200);

    expect((await getBalance(app, user)).limits).toEqual({ profilesPerPage: 25 });
  });

  it("is the personal plan's value when it names one", async () => {
    const user = await signUp(app);

    const put = await putSubscription(app, user, {
      creditsPerCycle: 10,
      interval: 'year',
      profilesPerPage: 40,
    });

    expect(put.status).toBe(200);
    expect(put.body.profilesPerPage).toBe(40);
    expect((await getBalance(app, user)).limits).toEqual({ profilesPerPage: 40 });
  });

  it('also applies to a plan of 0 credits per cycle', async () => {
    const user = await signUp(app);

    expect(
      (await putSubscription(app, user, { creditsPerCycle: 0, interval: 'month', profilesPerPage: 60 }))
        .status,
    ).toBe(200);

    expect((await getBalance(app, user)).limits).toEqual({ profilesPerPage: 60 });
    expect((await getBalance(app, user)).personal.subscription).toBe(0);
  });
});

describe('very large balances', { timeout: 60_000 }, () => {
  it('reports and spends a personal total above 2^31 − 1 (each bucket below it)', async () => {
    const user = await signUp(app);
    for (let i = 0; i < 2; i++) expect((await topUp(app, user, 1_000_000_000)).status).toBe(201);
    expect(
      (await putSubscription(app, user, { creditsPerCycle: 1_000_000_000, interval: 'month' })).status,
    ).toBe(200);

    const balance = await getBalance(app, user);
    const answer = await spendRequest(app, user, { action: 'page_scrape', quantity: 1 });

    expect(balance.available).toBe(3_000_000_050);
    expect(answer.status).toBe(201);
  });
});
