import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LedgerEntry } from '../../../api-client/contract/billing.ts';
import { expectLedgerInvariant, ops, signUp, type TestUser } from '../../support/billing.ts';
import {
  deleteSubscription,
  expectPersonalLedgerMatchesBalance,
  expectProblem,
  getBalance,
  getLedger,
  moveClock,
  putSubscription,
  relogin,
  send,
  snapshot,
  spendRequest,
  topUp,
} from '../../support/ledger-harness.ts';
import { createTestApp, type TestApp } from '../../support/test-app.ts';

// billing-api.md, "Billing cycles" and the back office's PUT/DELETE …/subscription, for personal plans.
// The test clock only moves forward, so each test starts in its own "era": a later date than any
// earlier test reached, chosen for the calendar case it needs (a month's 31st, a leap day…).

let app: TestApp;
let users: TestUser[] = [];

beforeAll(async () => {
  app = await createTestApp();
}, 120_000);
afterAll(async () => {
  await app?.close();
});
afterEach(async () => {
  await expectLedgerInvariant(app);
  const checked = users;
  users = [];
  for (const user of checked) {
    await relogin(app, user);
    await expectPersonalLedgerMatchesBalance(app, user);
  }
});

const HOUR_MS = 60 * 60 * 1000;

function iso(year: number, month: number, day: number, hour = 10): string {
  return new Date(Date.UTC(year, month - 1, day, hour)).toISOString();
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Moves the clock to `month`/`day` 10:00 UTC of the first year after the clock's that `fits`. */
async function startEra(
  month: number,
  day: number,
  fits: (year: number) => boolean = () => true,
): Promise<number> {
  let year = app.clock.now().getUTCFullYear() + 1;
  while (!fits(year)) year += 1;
  await moveClock(app, iso(year, month, day));
  return year;
}

async function newUser(): Promise<TestUser> {
  const user = await signUp(app);
  users.push(user);
  return user;
}

/** Moves the clock to `at` and renews the tokens of `who` (they live 30 days by the server's clock). */
async function clockTo(at: string, ...who: TestUser[]): Promise<void> {
  await moveClock(app, at);
  for (const user of who) await relogin(app, user);
}

/** The subscription's current body, read back through an idempotent PUT of its current terms. */
async function currentTerms(
  user: TestUser,
  terms: { creditsPerCycle: number; interval: 'month' | 'year'; profilesPerPage?: number },
): Promise<Record<string, unknown>> {
  const answer = await putSubscription(app, user, terms);
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body;
}

function subscriptionEntries(entries: LedgerEntry[]): Array<Pick<LedgerEntry, 'kind' | 'amount' | 'at'>> {
  return entries
    .filter((entry) => entry.bucket === 'personal.subscription')
    .reverse()
    .map(({ kind, amount, at }) => ({ kind, amount, at }));
}

describe('starting a subscription', { timeout: 60_000 }, () => {
  it('grants the current cycle at once and answers the cycle it is in', async () => {
    const year = await startEra(1, 31, (y) => !isLeapYear(y));
    const user = await newUser();

    const answer = await putSubscription(app, user, {
      creditsPerCycle: 100,
      interval: 'month',
      anchor: iso(year, 1, 31),
    });

    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      creditsPerCycle: 100,
      interval: 'month',
      anchor: iso(year, 1, 31),
      profilesPerPage: 25,
      cycleStart: iso(year, 1, 31),
      cycleEnd: iso(year, 2, 28),
      cancelAt: null,
    });
    expect((await getBalance(app, user)).personal).toEqual({
      subscription: 100,
      topup: 0,
      free: 50,
      held: 0,
    });
    expect(subscriptionEntries(await getLedger(app, user))).toEqual([
      { kind: 'grant', amount: 100, at: iso(year, 1, 31) },
    ]);
  });

  it('counts cycles from a past anchor and grants the cycle that contains now', async () => {
    const year = await startEra(3, 15, (y) => !isLeapYear(y));
    const user = await newUser();

    const answer = await putSubscription(app, user, {
      creditsPerCycle: 70,
      interval: 'month',
      anchor: iso(year, 1, 31),
    });

    expect(answer.body).toMatchObject({ cycleStart: iso(year, 2, 28), cycleEnd: iso(year, 3, 31) });
    expect((await getBalance(app, user)).personal.subscription).toBe(70);
  });

  it('counts cycles from now when no anchor is sent', async () => {
    const year = await startEra(5, 10);
    const user = await newUser();

    const answer = await putSubscription(app, user, { creditsPerCycle: 5, interval: 'year' });

    expect(answer.body).toMatchObject({
      anchor: iso(year, 5, 10),
      cycleStart: iso(year, 5, 10),
      cycleEnd: iso(year + 1, 5, 10),
    });
  });

  it('answers 400 for an anchor in the future and grants nothing', async () => {
    const year = await startEra(6, 1);
    const user = await newUser();
    const before = await snapshot(app, user);

    const answer = await putSubscription(app, user, {
      creditsPerCycle: 10,
      interval: 'month',
      anchor: iso(year, 6, 2),
    });

    expectProblem(answer, 400, 'validation_failed');
    expect(await snapshot(app, user)).toEqual(before);
  });

  it('answers 404 for an unknown user, on PUT and on DELETE', async () => {
    const put = await send(
      app,
      '/v1/ops/users/usr_nobody/subscription',
      ops('PUT', { creditsPerCycle: 1, interval: 'month' }),
    );
    const del = await send(app, '/v1/ops/users/usr_nobody/subscription', ops('DELETE'));

    expectProblem(put, 404, 'not_found');
    expectProblem(del, 404, 'not_found');
  });
});

describe('cycle arithmetic', { timeout: 60_000 }, () => {
  it('clamps month cycles of a 31st anchor to each month’s last day: Feb 28, Mar 31, Apr 30', async () => {
    const year = await startEra(1, 31, (y) => !isLeapYear(y));
    const user = await newUser();
    const terms = { creditsPerCycle: 10, interval: 'month' as const };
    await putSubscription(app, user, { ...terms, anchor: iso(year, 1, 31) });

    const seen: unknown[] = [];
    for (const at of [iso(year, 2, 28), iso(year, 3, 31), iso(year, 4, 30)]) {
      await clockTo(at, user);
      const { cycleStart, cycleEnd } = await currentTerms(user, terms);
      seen.push({ cycleStart, cycleEnd });
    }

    expect(seen).toEqual([
      { cycleStart: iso(year, 2, 28), cycleEnd: iso(year, 3, 31) },
      { cycleStart: iso(year, 3, 31), cycleEnd: iso(year, 4, 30) },
      { cycleStart: iso(year, 4, 30), cycleEnd: iso(year, 5, 31) },
    ]);
  });

  it('clamps a leap-day anchor of a yearly plan to Feb 28 and returns to Feb 29 in the next leap year', async () => {
    const year = await startEra(2, 29, isLeapYear);
    const user = await newUser();
    const terms = { creditsPerCycle: 10, interval: 'year' as const };

    const first = await putSubscription(app, user, { ...terms, anchor: iso(year, 2, 29) });
    await clockTo(iso(year + 1, 2, 28), user);
    const second = await currentTerms(user, terms);
    await clockTo(iso(year + 4, 2, 29), user);
    const fifth = await currentTerms(user, terms);

    expect(first.body).toMatchObject({ cycleStart: iso(year, 2, 29), cycleEnd: iso(year + 1, 2, 28) });
    expect(second).toMatchObject({ cycleStart: iso(year + 1, 2, 28), cycleEnd: iso(year + 2, 2, 28) });
    expect(fifth).toMatchObject({ cycleStart: iso(year + 4, 2, 29), cycleEnd: iso(year + 5, 2, 28) });
  });

  it('starts the next cycle exactly at cycleEnd and not a millisecond before', async () => {
    const year = await startEra(7, 1);
    const user = await newUser();
    await putSubscription(app, user, { creditsPerCycle: 10, interval: 'month', anchor: iso(year, 7, 1) });
    expect((await spendRequest(app, user, { action: 'page_scrape', quantity: 4 })).status).toBe(201);

    await clockTo(new Date(Date.parse(iso(year, 8, 1)) - 1).toISOString(), user);
    const justBefore = (await getBalance(app, user)).personal.subscription;
    await clockTo(iso(year, 8, 1), user);
    const atEnd = (await getBalance(app, user)).personal.subscription;

    expect({ justBefore, atEnd }).toEqual({ justBefore: 6, atEnd: 10 });
  });
});

describe('at a cycle end', { timeout: 60_000 }, () => {
  it('forfeits the unused credits in one forfeit entry and grants the new cycle', async () => {
    const year = await startEra(1, 15);
    const user = await newUser();
    await putSubscription(app, user, { creditsPerCycle: 100, interval: 'month', anchor: iso(year, 1, 15) });
    expect((await topUp(app, user, 7)).status).toBe(201);
    expect((await spendRequest(app, user, { action: 'page_scrape', quantity: 30 })).status).toBe(201);

    await clockTo(iso(year, 2, 15, 12), user);

    expect((await getBalance(app, user)).personal).toEqual({
      subscription: 100,
      topup: 7,
      free: 50,
      held: 0,
    });
    const entries = subscriptionEntries(await getLedger(app, user));
    expect(entries).toEqual([
      { kind: 'grant', amount: 100, at: iso(year, 1, 15) },
      { kind: 'spend', amount: -30, at: iso(year, 1, 15) },
      { kind: 'forfeit', amount: -70, at: iso(year, 2, 15) },
      { kind: 'grant', amount: 100, at: iso(year, 2, 15) },
    ]);
  });

  it('shows the forfeit in the ledger without any balance read first', async () => {
    const year = await startEra(1, 20);
    const user = await newUser();
    await putSubscription(app, user, { creditsPerCycle: 40, interval: 'month', anchor: iso(year, 1, 20) });

    await clockTo(iso(year, 2, 20), user);
    const kinds = subscriptionEntries(await getLedger(app, user)).map((entry) => entry.kind);

    expect(kinds).toEqual(['grant', 'forfeit', 'grant']);
  });

  it('catches up several missed cycles at once: one cycle’s credits, the right cycle', async () => {
    const year = await startEra(1, 10);
    const user = await newUser();
    const terms = { creditsPerCycle: 100, interval: 'month' as const };
    await putSubscription(app, user, { ...terms, anchor: iso(year, 1, 10) });
    expect((await spendRequest(app, user, { action: 'page_scrape', quantity: 25 })).status).toBe(201);

    await clockTo(iso(year, 4, 12), user);

    expect((await getBalance(app, user)).personal.subscription).toBe(100);
    expect(await currentTerms(user, terms)).toMatchObject({
      cycleStart: iso(year, 4, 10),
      cycleEnd: iso(year, 5, 10),
    });
    const entries = subscriptionEntries(await getLedger(app, user));
    expect(entries.filter((entry) => entry.kind === 'grant').map((entry) => entry.at)).toEqual([
      iso(year, 1, 10),
      iso(year, 2, 10),
      iso(year, 3, 10),
      iso(year, 4, 10),
    ]);
    expect(entries.filter((entry) => entry.kind === 'forfeit').map((entry) => entry.amount)).toEqual([
      -75, -100, -100,
    ]);
  });

  it('applies a plan change from the next cycle start, not before', async () => {
    const year = await startEra(1, 5);
    const user = await newUser();
    await putSubscription(app, user, { creditsPerCycle: 100, interval: 'month', anchor: iso(year, 1, 5) });

    const change = await putSubscription(app, user, {
      creditsPerCycle: 40,
      interval: 'month',
      profilesPerPage: 60,
    });
    const sameCycle = await getBalance(app, user);
    await clockTo(iso(year, 2, 5), user);
    const nextCycle = await getBalance(app, user);

    expect(change.status).toBe(200);
    expect(change.body).toMatchObject({
      creditsPerCycle: 40,
      profilesPerPage: 60,
      cycleStart: iso(year, 1, 5),
    });
    expect({ subscription: sameCycle.personal.subscription, limits: sameCycle.limits }).toEqual({
      subscription: 100,
      limits: { profilesPerPage: 25 },
    });
    expect({ subscription: nextCycle.personal.subscription, limits: nextCycle.limits }).toEqual({
      subscription: 40,
      limits: { profilesPerPage: 60 },
    });
  });
});

describe('changing an active subscription', { timeout: 60_000 }, () => {
  it.each<[string, { interval?: 'year'; anchor?: 'shift' }]>([
    ['a different interval', { interval: 'year' }],
    ['a different anchor', { anchor: 'shift' }],
  ])('answers 400 for %s and changes nothing', async (_name, change) => {
    const year = await startEra(3, 3);
    const user = await newUser();
    const anchor = iso(year, 3, 3);
    await putSubscription(app, user, { creditsPerCycle: 20, interval: 'month', anchor });
    await clockTo(iso(year, 3, 4), user);
    const before = await snapshot(app, user);

    const answer = await putSubscription(app, user, {
      creditsPerCycle: 99,
      interval: change.interval ?? 'month',
      anchor: change.anchor ? iso(year, 3, 2) : anchor,
    });

    expectProblem(answer, 400, 'validation_failed');
    expect(await snapshot(app, user)).toEqual(before);
    expect(await currentTerms(user, { creditsPerCycle: 20, interval: 'month' })).toMatchObject({
      creditsPerCycle: 20,
    });
  });

  it('answers 200 for the same interval and anchor sent again, and grants nothing more', async () => {
    const year = await startEra(3, 3);
    const user = await newUser();
    const anchor = iso(year, 3, 3);
    const first = await putSubscription(app, user, { creditsPerCycle: 20, interval: 'month', anchor });
    await clockTo(iso(year, 3, 9), user);

    const again = await putSubscription(app, user, { creditsPerCycle: 20, interval: 'month', anchor });

    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect((await getBalance(app, user)).personal.subscription).toBe(20);
  });

  it('accepts the same anchor written with another offset', async () => {
    const year = await startEra(3, 3);
    const user = await newUser();
    await putSubscription(app, user, { creditsPerCycle: 20, interval: 'month', anchor: iso(year, 3, 3) });

    const again = await putSubscription(app, user, {
      creditsPerCycle: 20,
      interval: 'month',
      anchor: `${year}-03-03T12:00:00+02:00`,
    });

    expect(again.status).toBe(200);
  });
});

describe('cancelling', { timeout: 60_000 }, () => {
  it('sets cancelAt to the cycle end, stops grants at the next cycle start and keeps top-ups', async () => {
    const year = await startEra(1, 31, (y) => !isLeapYear(y));
    const user = await newUser();
    await putSubscription(app, user, {
      creditsPerCycle: 100,
      interval: 'month',
      anchor: iso(year, 1, 31),
      profilesPerPage: 50,
    });
    expect((await topUp(app, user, 15)).status).toBe(201);

    const cancel = await deleteSubscription(app, user);
    const stillOn = await getBalance(app, user);
    await clockTo(iso(year, 2, 28), user);
    const afterEnd = await getBalance(app, user);
    await clockTo(iso(year, 3, 31), user);
    const nextEnd = await getBalance(app, user);

    expect(cancel.status).toBe(200);
    expect(cancel.body).toMatchObject({ cancelAt: iso(year, 2, 28), cycleEnd: iso(year, 2, 28) });
    expect(stillOn.personal.subscription).toBe(100);
    expect({ personal: afterEnd.personal, limits: afterEnd.limits }).toEqual({
      personal: { subscription: 0, topup: 15, free: 50, held: 0 },
      limits: { profilesPerPage: 10 },
    });
    expect(nextEnd.personal).toEqual(afterEnd.personal);
    const entries = subscriptionEntries(await getLedger(app, user));
    expect(entries.map((entry) => [entry.kind, entry.amount])).toEqual([
      ['grant', 100],
      ['forfeit', -100],
    ]);
  });

  it('is withdrawn by a PUT before the cycle ends: grants go on', async () => {
    const year = await startEra(4, 1);
    const user = await newUser();
    await putSubscription(app, user, { creditsPerCycle: 30, interval: 'month', anchor: iso(year, 4, 1) });
    await deleteSubscription(app, user);

    const put = await putSubscription(app, user, { creditsPerCycle: 30, interval: 'month' });
    await clockTo(iso(year, 5, 1), user);

    expect(put.body).toMatchObject({ cancelAt: null });
    expect((await getBalance(app, user)).personal.subscription).toBe(30);
  });

  it('lets a PUT after the end start a new subscription counted from now', async () => {
    const year = await startEra(4, 1);
    const user = await newUser();
    await putSubscription(app, user, { creditsPerCycle: 30, interval: 'month', anchor: iso(year, 4, 1) });
    await deleteSubscription(app, user);
    await clockTo(iso(year, 5, 20), user);

    const put = await putSubscription(app, user, { creditsPerCycle: 12, interval: 'year' });

    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({
      interval: 'year',
      cycleStart: iso(year, 5, 20),
      cycleEnd: iso(year + 1, 5, 20),
      cancelAt: null,
    });
    expect((await getBalance(app, user)).personal.subscription).toBe(12);
  });

  it('answers 404 with no active subscription to cancel', async () => {
    const user = await newUser();

    const answer = await deleteSubscription(app, user);

    expectProblem(answer, 404, 'not_found');
  });
});

describe('the personal ledger', { timeout: 60_000 }, () => {
  it('sums per bucket to the balance across grants, spends, forfeits and top-ups', async () => {
    const year = await startEra(8, 31);
    const user = await newUser();
    await putSubscription(app, user, { creditsPerCycle: 60, interval: 'month', anchor: iso(year, 8, 31) });
    await topUp(app, user, 11);
    await spendRequest(app, user, { action: 'page_scrape', quantity: 80 });
    await clockTo(iso(year, 9, 30, 11), user);
    await spendRequest(app, user, { action: 'enrichment', quantity: 5 });
    await clockTo(new Date(Date.parse(iso(year, 12, 31)) + HOUR_MS).toISOString(), user);

    const { balance, ledger } = await snapshot(app, user);

    expect(balance.personal).toEqual({ subscription: 60, topup: 0, free: 41, held: 0 });
    const sums = { subscription: 0, topup: 0, free: 0 };
    for (const entry of ledger) sums[entry.bucket.split('.')[1] as keyof typeof sums] += entry.amount;
    expect(sums).toEqual({ subscription: 60, topup: 0, free: 41 });
  });
});
