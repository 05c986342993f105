import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { expectLedgerInvariant, ops, signUp, type TestUser } from '../../support/billing.ts';
import {
  advance,
  captureRequest,
  DAY_MS,
  expectPersonalLedgerMatchesBalance,
  expectProblem,
  freeGrant,
  getLedger,
  holdRequest,
  moveClock,
  releaseRequest,
  send,
  snapshot,
  spendRequest,
  topUp,
} from '../../support/ledger-harness.ts';
import { createTestApp, type TestApp } from '../../support/test-app.ts';

// billing-api.md, Conventions, "Idempotency".

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

function rawSpend(user: TestUser, headers: Record<string, string>, body: string): Promise<Response> {
  return app.request('/v1/spends', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${user.token}`, ...headers },
    body,
  });
}

describe('replaying the same key and body', { timeout: 60_000 }, () => {
  it('answers the original 201 and body for a spend and moves nothing', async () => {
    const user = await newUser();
    const key = randomUUID();
    const first = await spendRequest(app, user, { action: 'page_scrape', quantity: 7 }, key);
    const after = await snapshot(app, user);

    const replay = await spendRequest(app, user, { action: 'page_scrape', quantity: 7 }, key);

    expect(first.status).toBe(201);
    expect(replay).toEqual(first);
    expect(await snapshot(app, user)).toEqual(after);
  });

  it('answers the original body even after the balance has changed since', async () => {
    const user = await newUser();
    const key = randomUUID();
    const first = await spendRequest(app, user, { action: 'page_scrape', quantity: 7 }, key);
    await spendRequest(app, user, { action: 'page_scrape', quantity: 3 });

    const replay = await spendRequest(app, user, { action: 'page_scrape', quantity: 7 }, key);

    expect(replay.body).toEqual(first.body);
    expect((await snapshot(app, user)).balance.available).toBe(40);
  });

  it('treats the same JSON object with its fields in another order as the same body', async () => {
    const user = await newUser();
    const key = randomUUID();
    const first = await rawSpend(user, { 'idempotency-key': key }, '{"action":"enrichment","quantity":4}');

    const replay = await rawSpend(
      user,
      { 'idempotency-key': key },
      '{ "quantity": 4, "action": "enrichment" }',
    );

    expect(first.status).toBe(201);
    expect(replay.status).toBe(201);
    expect(await replay.json()).toEqual(await first.json());
    expect((await snapshot(app, user)).balance.available).toBe(46);
  });

  it('replays a hold, a capture and a release without moving anything again', async () => {
    const user = await newUser();
    const [holdKey, captureKey, releaseKey] = [randomUUID(), randomUUID(), randomUUID()];
    const hold = await holdRequest(app, user, { action: 'page_scrape', quantity: 10 }, holdKey);
    const other = await holdRequest(app, user, { action: 'page_scrape', quantity: 5 });
    const capture = await captureRequest(app, user, hold.body.holdId as string, { quantity: 6 }, captureKey);
    const release = await releaseRequest(app, user, other.body.holdId as string, releaseKey);
    const after = await snapshot(app, user);

    const replays = [
      await holdRequest(app, user, { action: 'page_scrape', quantity: 10 }, holdKey),
      await captureRequest(app, user, hold.body.holdId as string, { quantity: 6 }, captureKey),
      await releaseRequest(app, user, other.body.holdId as string, releaseKey),
    ];

    expect(replays).toEqual([hold, capture, release]);
    expect(replays.map((answer) => answer.status)).toEqual([201, 200, 200]);
    expect(await snapshot(app, user)).toEqual(after);
  });

  it('still replays 24 hours later', async () => {
    const user = await newUser();
    const key = randomUUID();
    const first = await spendRequest(app, user, { action: 'page_scrape', quantity: 2 }, key);
    await advance(app, DAY_MS, user);
    const after = await snapshot(app, user);

    const replay = await spendRequest(app, user, { action: 'page_scrape', quantity: 2 }, key);

    expect(replay).toEqual(first);
    expect(await snapshot(app, user)).toEqual(after);
  });

  it('replays a back-office top-up without granting again', async () => {
    const user = await newUser();
    const key = randomUUID();
    const first = await topUp(app, user, 25, key);
    const after = await snapshot(app, user);

    const replay = await topUp(app, user, 25, key);

    expect(first.status).toBe(201);
    expect(replay).toEqual(first);
    expect(await snapshot(app, user)).toEqual(after);
    expect(after.balance.personal.topup).toBe(25);
  });
});

describe('reusing a key for another request', { timeout: 60_000 }, () => {
  it('answers 409 idempotency_conflict for a different body and moves nothing', async () => {
    const user = await newUser();
    const key = randomUUID();
    await spendRequest(app, user, { action: 'page_scrape', quantity: 7 }, key);
    const after = await snapshot(app, user);

    const answer = await spendRequest(app, user, { action: 'page_scrape', quantity: 8 }, key);

    expectProblem(answer, 409, 'idempotency_conflict');
    expect(await snapshot(app, user)).toEqual(after);
  });

  it('answers 409 idempotency_conflict for a different path and moves nothing', async () => {
    const user = await newUser();
    const key = randomUUID();
    await spendRequest(app, user, { action: 'page_scrape', quantity: 7 }, key);
    const after = await snapshot(app, user);

    const answer = await holdRequest(app, user, { action: 'page_scrape', quantity: 7 }, key);

    expectProblem(answer, 409, 'idempotency_conflict');
    expect(await snapshot(app, user)).toEqual(after);
  });

  it('answers 409 when a capture key is reused on another hold', async () => {
    const user = await newUser();
    const key = randomUUID();
    const first = await holdRequest(app, user, { action: 'page_scrape', quantity: 3 });
    const second = await holdRequest(app, user, { action: 'page_scrape', quantity: 3 });
    await captureRequest(app, user, first.body.holdId as string, undefined, key);
    const after = await snapshot(app, user);

    const answer = await captureRequest(app, user, second.body.holdId as string, undefined, key);

    expectProblem(answer, 409, 'idempotency_conflict');
    expect(await snapshot(app, user)).toEqual(after);
  });

  it('answers 409 for a back-office key reused on another user or bucket', async () => {
    const user = await newUser();
    const other = await newUser();
    const key = randomUUID();
    await topUp(app, user, 5, key);
    const after = [await snapshot(app, user), await snapshot(app, other)];

    const otherUser = await topUp(app, other, 5, key);
    const otherBucket = await freeGrant(app, user, 5, key);

    expectProblem(otherUser, 409, 'idempotency_conflict');
    expectProblem(otherBucket, 409, 'idempotency_conflict');
    expect([await snapshot(app, user), await snapshot(app, other)]).toEqual(after);
  });
});

describe('keys are scoped to the caller', { timeout: 60_000 }, () => {
  it('charges two users who send the same key', async () => {
    const alice = await newUser();
    const bob = await newUser();
    const key = randomUUID();

    const a = await spendRequest(app, alice, { action: 'page_scrape', quantity: 5 }, key);
    const b = await spendRequest(app, bob, { action: 'page_scrape', quantity: 5 }, key);

    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body.spendId).not.toBe(b.body.spendId);
    expect((await snapshot(app, alice)).balance.available).toBe(45);
    expect((await snapshot(app, bob)).balance.available).toBe(45);
  });

  it('does not let a user key collide with a back-office key', async () => {
    const user = await newUser();
    const key = randomUUID();
    expect((await topUp(app, user, 5, key)).status).toBe(201);

    const answer = await spendRequest(app, user, { action: 'page_scrape', quantity: 5 }, key);

    expect(answer.status).toBe(201);
  });
});

describe('the Idempotency-Key header', { timeout: 60_000 }, () => {
  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['256 characters long', 'k'.repeat(256)],
    ['holding a tab', 'a\tb'],
    ['holding non-ASCII', 'clé'],
  ])('answers 400 validation_failed when it is %s, and moves nothing', async (_name, key) => {
    const user = await newUser();
    const before = await snapshot(app, user);
    const headers: Record<string, string> = key === undefined ? {} : { 'idempotency-key': key };

    const response = await rawSpend(user, headers, JSON.stringify({ action: 'page_scrape', quantity: 1 }));

    expectProblem(
      {
        status: response.status,
        contentType: response.headers.get('content-type') ?? '',
        body: await response.json(),
      },
      400,
      'validation_failed',
    );
    expect(await snapshot(app, user)).toEqual(before);
  });

  it('accepts a key of 255 printable characters, spaces and symbols included', async () => {
    const user = await newUser();
    const key = `${' ~!"#$%&()*+,-./:;<=>?@[]^_{|}'.padEnd(255, 'x')}`;

    const answer = await spendRequest(app, user, { action: 'page_scrape', quantity: 1 }, key);

    expect(answer.status).toBe(201);
  });

  it('is required on ops top-ups and free grants', async () => {
    const user = await newUser();
    const before = await snapshot(app, user);

    const topup = await send(app, `/v1/ops/users/${user.id}/topups`, ops('POST', { credits: 5 }));
    const free = await send(app, `/v1/ops/users/${user.id}/free-grants`, ops('POST', { credits: 5 }));

    expectProblem(topup, 400, 'validation_failed');
    expectProblem(free, 400, 'validation_failed');
    expect(await snapshot(app, user)).toEqual(before);
  });

  it('is required on capture and release', async () => {
    const user = await newUser();
    const hold = await holdRequest(app, user, { action: 'page_scrape', quantity: 3 });
    const before = await snapshot(app, user);

    const capture = await captureRequest(app, user, hold.body.holdId as string, undefined, '');
    const release = await releaseRequest(app, user, hold.body.holdId as string, '');

    expectProblem(capture, 400, 'validation_failed');
    expectProblem(release, 400, 'validation_failed');
    expect(await snapshot(app, user)).toEqual(before);
  });
});

describe('failed requests are not kept', { timeout: 60_000 }, () => {
  it('runs a 402 again with the same key once credits were topped up', async () => {
    const user = await newUser();
    const key = randomUUID();
    const refused = await spendRequest(app, user, { action: 'page_scrape', quantity: 60 }, key);
    await topUp(app, user, 20);

    const retried = await spendRequest(app, user, { action: 'page_scrape', quantity: 60 }, key);

    expectProblem(refused, 402, 'insufficient_credits');
    expect(retried.status).toBe(201);
    expect((await snapshot(app, user)).balance.available).toBe(10);
  });

  it('runs a 409 hold_not_pending again with the same key, and a 422 as well', async () => {
    const user = await newUser();
    const key = randomUUID();
    const spendKey = randomUUID();

    const refused = await spendRequest(app, user, { action: 'email_find', quantity: 1 }, spendKey);
    const again = await spendRequest(app, user, { action: 'email_find', quantity: 1 }, spendKey);
    const hold = await holdRequest(app, user, { action: 'page_scrape', quantity: 3 });
    await releaseRequest(app, user, hold.body.holdId as string);
    const capture = await captureRequest(app, user, hold.body.holdId as string, undefined, key);
    const captureAgain = await captureRequest(app, user, hold.body.holdId as string, undefined, key);

    expect([refused.status, again.status]).toEqual([422, 422]);
    expect([capture.status, captureAgain.status]).toEqual([409, 409]);
    expect((captureAgain.body as { code: string }).code).toBe('hold_not_pending');
  });
});

describe('duplicates arriving together', { timeout: 60_000 }, () => {
  it('charges once for 20 concurrent requests with one key', async () => {
    const user = await newUser();
    const key = randomUUID();

    const answers = await Promise.all(
      Array.from({ length: 20 }, () => spendRequest(app, user, { action: 'page_scrape', quantity: 3 }, key)),
    );

    const created = answers.filter((answer) => answer.status === 201);
    const conflicts = answers.filter((answer) => answer.status === 409);
    expect(created.length + conflicts.length).toBe(20);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(new Set(created.map((answer) => answer.body.spendId)).size).toBe(1);
    for (const conflict of conflicts) expect(conflict.body.code).toBe('idempotency_conflict');
    const spends = (await getLedger(app, user)).filter((entry) => entry.kind === 'spend');
    expect(spends.map((entry) => entry.amount)).toEqual([-3]);
    expect((await snapshot(app, user)).balance.available).toBe(47);
  });

  it('grants once for 20 concurrent back-office top-ups with one key', async () => {
    const user = await newUser();
    const key = randomUUID();

    const answers = await Promise.all(Array.from({ length: 20 }, () => topUp(app, user, 9, key)));

    expect(answers.every((answer) => answer.status === 201 || answer.status === 409)).toBe(true);
    expect(new Set(answers.filter((a) => a.status === 201).map((a) => a.body.entryId)).size).toBe(1);
    expect((await snapshot(app, user)).balance.personal.topup).toBe(9);
  });

  it('captures once for 20 concurrent captures of one hold with one key', async () => {
    const user = await newUser();
    const key = randomUUID();
    const hold = await holdRequest(app, user, { action: 'page_scrape', quantity: 10 });

    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        captureRequest(app, user, hold.body.holdId as string, { quantity: 4 }, key),
      ),
    );

    expect(answers.every((answer) => answer.status === 200 || answer.status === 409)).toBe(true);
    expect(new Set(answers.filter((a) => a.status === 200).map((a) => a.body.spendId)).size).toBe(1);
    expect((await snapshot(app, user)).balance).toMatchObject({ available: 46, personal: { held: 0 } });
  });
});

describe('retention', () => {
  it('prunes records older than 48 hours and keeps younger ones', async () => {
    const user = await signUp(app);
    const now = app.clock.now();
    await app.db.query(
      `INSERT INTO idempotency_keys (caller_id, key, request_hash, status, response, created_at)
       VALUES ($1, 'old', 'h', 201, '{}', $2), ($1, 'young', 'h', 201, '{}', $3)`,
      [user.id, new Date(now.getTime() - 49 * 3600_000), new Date(now.getTime() - 47 * 3600_000)],
    );

    await app.deps.ledger.pruneIdempotencyKeys(now);

    const { rows } = await app.db.query<{ key: string }>(
      'SELECT key FROM idempotency_keys WHERE caller_id = $1 ORDER BY key',
      [user.id],
    );
    expect(rows.map((row) => row.key)).toEqual(['young']);
  });
});
