import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { expectLedgerInvariant, signUp, type TestUser } from '../../support/billing.ts';
import {
  type Answer,
  captureRequest,
  expectPersonalLedgerMatchesBalance,
  getBalance,
  getLedger,
  holdRequest,
  ledgerDrift,
  moveClock,
  putSubscription,
  releaseRequest,
  relogin,
  spendRequest,
  topUp,
} from '../../support/ledger-harness.ts';
import { createTestApp, type TestApp } from '../../support/test-app.ts';

// STYLE.md §8 "Concurrency is a feature": parallel requests never overspend, never move credits
// twice and keep every bucket equal to its ledger. Meaningful on PostgreSQL (a pool of connections);
// on PGlite (one connection) it checks the same outcomes with requests interleaved by the event loop.

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

function countBy<T>(items: T[], key: (item: T) => string | number): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

/** A small deterministic PRNG (mulberry32), so a failing mix can be run again as it was. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('parallel spends from one user', { timeout: 120_000 }, () => {
  it('answers exactly 50 × 201 and 150 × 402 for 200 spends of 1 against 50 credits', async () => {
    const user = await newUser();

    const answers = await Promise.all(
      Array.from({ length: 200 }, () => spendRequest(app, user, { action: 'page_scrape', quantity: 1 })),
    );

    expect(countBy(answers, (answer) => answer.status)).toEqual({ 201: 50, 402: 150 });
    expect(answers.filter((a) => a.status === 402).every((a) => a.body.code === 'insufficient_credits')).toBe(
      true,
    );
    expect(new Set(answers.filter((a) => a.status === 201).map((a) => a.body.spendId)).size).toBe(50);
    expect((await getBalance(app, user)).personal).toEqual({ subscription: 0, topup: 0, free: 0, held: 0 });
    expect((await getLedger(app, user)).filter((entry) => entry.kind === 'spend')).toHaveLength(50);
    expect(await ledgerDrift(app)).toEqual([]);
  });

  it('never overspends with spends of different sizes split across buckets', async () => {
    const user = await newUser();
    await putSubscription(app, user, { creditsPerCycle: 37, interval: 'month' });
    await topUp(app, user, 13);
    const quantities = Array.from({ length: 60 }, (_, i) => (i % 7) + 1);

    const answers = await Promise.all(
      quantities.map((quantity) => spendRequest(app, user, { action: 'enrichment', quantity })),
    );

    const charged = answers
      .filter((a) => a.status === 201)
      .reduce((sum, a) => sum + (a.body.charged as number), 0);
    const balance = await getBalance(app, user);
    expect(charged + balance.available).toBe(100);
    expect(answers.every((a) => a.status === 201 || a.status === 402)).toBe(true);
    // Every refusal was right when it was made: it asked for more than was left after the charges before it.
    expect(answers.filter((a) => a.status === 402).every((a) => (a.body.available as number) < 7)).toBe(true);
  });
});

describe('parallel holds, captures and releases', { timeout: 120_000 }, () => {
  it('lets exactly one of a concurrent capture and release of a hold win', async () => {
    const user = await newUser();
    const holds = await Promise.all(
      Array.from({ length: 10 }, () => holdRequest(app, user, { action: 'page_scrape', quantity: 4 })),
    );

    const answers = await Promise.all(
      holds.flatMap((hold) => [
        captureRequest(app, user, hold.body.holdId as string, { quantity: 3 }),
        releaseRequest(app, user, hold.body.holdId as string),
      ]),
    );

    for (let i = 0; i < holds.length; i++) {
      const pair = [answers[2 * i]!.status, answers[2 * i + 1]!.status].sort();
      expect(pair).toEqual([200, 409]);
    }
    const captured = answers.filter((a, i) => i % 2 === 0 && a.status === 200).length;
    expect(await getBalance(app, user)).toMatchObject({
      available: 50 - 3 * captured,
      personal: { held: 0 },
    });
  });

  it('keeps every user’s credits conserved under a random mix of operations from several users', async () => {
    const next = random(20_261_125);
    const people = await Promise.all(Array.from({ length: 4 }, () => newUser()));
    for (const person of people) await topUp(app, person, 30);
    await putSubscription(app, people[0]!, { creditsPerCycle: 25, interval: 'month' });
    const initial = new Map(people.map((person, i) => [person.id, 80 + (i === 0 ? 25 : 0)]));

    const pending = new Map<string, Array<Promise<Answer>>>();
    const operations: Array<Promise<{ user: TestUser; kind: string; answer: Answer }>> = [];
    for (let i = 0; i < 120; i++) {
      const user = people[Math.floor(next() * people.length)]!;
      const quantity = 1 + Math.floor(next() * 6);
      const roll = next();
      if (roll < 0.45) {
        operations.push(
          spendRequest(app, user, { action: 'page_scrape', quantity }).then((answer) => ({
            user,
            kind: 'spend',
            answer,
          })),
        );
      } else {
        const hold = holdRequest(app, user, { action: 'enrichment', quantity });
        const settle = hold.then(async (answer) => {
          if (answer.status !== 201) return answer;
          const holdId = answer.body.holdId as string;
          const partial = 1 + Math.floor(next() * quantity);
          return roll < 0.75
            ? captureRequest(app, user, holdId, { quantity: partial })
            : releaseRequest(app, user, holdId);
        });
        pending.set(user.id, [...(pending.get(user.id) ?? []), settle]);
        operations.push(hold.then((answer) => ({ user, kind: 'hold', answer })));
        operations.push(settle.then((answer) => ({ user, kind: 'settle', answer })));
      }
    }
    const results = await Promise.all(operations);

    for (const result of results) {
      expect([200, 201, 402], JSON.stringify(result.answer.body)).toContain(result.answer.status);
    }
    for (const person of people) {
      const mine = results.filter((result) => result.user === person && result.answer.status < 300);
      const charged = mine
        .filter((result) => result.kind === 'spend' || result.answer.body.status === 'captured')
        .reduce((sum, result) => sum + (result.answer.body.charged as number), 0);
      const balance = await getBalance(app, person);
      expect({ who: person.email, total: charged + balance.available, held: balance.personal.held }).toEqual({
        who: person.email,
        total: initial.get(person.id),
        held: 0,
      });
    }
    expect(await ledgerDrift(app)).toEqual([]);
  });
});

describe('settling under load', { timeout: 120_000 }, () => {
  it('rolls a cycle over once when many requests arrive after its end', async () => {
    const user = await newUser();
    const put = await putSubscription(app, user, { creditsPerCycle: 40, interval: 'month' });
    await spendRequest(app, user, { action: 'page_scrape', quantity: 15 });
    await moveClock(app, put.body.cycleEnd as string);
    await relogin(app, user);

    const answers = await Promise.all([
      ...Array.from({ length: 15 }, () => spendRequest(app, user, { action: 'page_scrape', quantity: 1 })),
      ...Array.from({ length: 15 }, () =>
        getBalance(app, user).then((body): Answer => ({ status: 200, contentType: '', body: { ...body } })),
      ),
    ]);

    expect(answers.every((answer) => answer.status === 200 || answer.status === 201)).toBe(true);
    const entries = (await getLedger(app, user)).filter((entry) => entry.bucket === 'personal.subscription');
    expect(countBy(entries, (entry) => entry.kind)).toEqual({ grant: 2, forfeit: 1, spend: 16 });
    expect((await getBalance(app, user)).personal.subscription).toBe(25);
  });

  it('expires each due hold once when many requests arrive after expiresAt', async () => {
    const user = await newUser();
    const holds = await Promise.all(
      Array.from({ length: 8 }, () =>
        holdRequest(app, user, { action: 'page_scrape', quantity: 5, ttlSeconds: 5 }),
      ),
    );
    expect(holds.every((hold) => hold.status === 201)).toBe(true);
    await moveClock(app, new Date(app.clock.now().getTime() + 5_000));

    await Promise.all([
      ...Array.from({ length: 10 }, () => getBalance(app, user)),
      ...Array.from({ length: 10 }, () => spendRequest(app, user, { action: 'page_scrape', quantity: 1 })),
      ...holds.map((hold) => releaseRequest(app, user, hold.body.holdId as string)),
    ]);

    const releases = (await getLedger(app, user)).filter((entry) => entry.kind === 'release');
    expect(releases).toHaveLength(8);
    expect(await getBalance(app, user)).toMatchObject({ available: 40, personal: { free: 40, held: 0 } });
  });
});
