import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { Balance, LedgerEntry } from '../../api-client/contract/billing.ts';
import { ERROR_STATUS, type ErrorCode } from '../../api-client/contract/problem.ts';
import { ops, type TestUser } from './billing.ts';
import { json, type TestApp } from './test-app.ts';

// Helpers for the billing integration suite (tests/integration/billing): each one is a single HTTP
// call with the contract's paths, so tests read as the requests a client would send.

export const PASSWORD = 'correct horse battery';
export const DAY_MS = 24 * 60 * 60 * 1000;

/** Every `code` billing-api.md allows in a 4xx problem document. */
export const CONTRACT_CODES = (Object.keys(ERROR_STATUS) as ErrorCode[]).filter(
  (code) => ERROR_STATUS[code] < 500,
);

export interface Answer<T = Record<string, unknown>> {
  status: number;
  contentType: string;
  body: T;
}

/** Sends a request and reads the whole answer (JSON when it parses, else the raw text). */
export async function send<T = Record<string, unknown>>(
  app: TestApp,
  path: string,
  init?: RequestInit,
): Promise<Answer<T>> {
  const response = await app.request(path, init);
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text === '' ? null : JSON.parse(text);
  } catch {
    // Not JSON: keep the text, the assertion will show it.
  }
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    body: body as T,
  };
}

/** Asserts a problem document of `status` and `code`. */
export function expectProblem(answer: Answer, status: number, code: ErrorCode): void {
  expect({ status: answer.status, code: (answer.body as { code?: string } | null)?.code }).toEqual({
    status,
    code,
  });
  expect(answer.contentType).toMatch(/^application\/problem\+json/);
  expect(answer.body).toMatchObject({ type: expect.any(String), title: expect.any(String), status });
}

/** A fresh session token for `user` (tokens live 30 days by the server's clock, which tests move). */
export async function relogin(app: TestApp, user: TestUser): Promise<void> {
  const answer = await send<{ token: string }>(
    app,
    '/v1/auth/login',
    json('POST', { email: user.email, password: PASSWORD }),
  );
  expect(answer.status).toBe(200);
  user.token = answer.body.token;
}

/** Moves the test clock to `at` (must not be earlier than now). */
export async function moveClock(app: TestApp, at: Date | string): Promise<Date> {
  const iso = typeof at === 'string' ? at : at.toISOString();
  const answer = await send(app, '/v1/ops/clock', ops('POST', { now: iso }));
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return new Date(iso);
}

/** Moves the test clock forward by `ms` and renews the tokens of `users`. */
export async function advance(app: TestApp, ms: number, ...users: TestUser[]): Promise<Date> {
  const to = await moveClock(app, new Date(app.clock.now().getTime() + ms));
  for (const user of users) await relogin(app, user);
  return to;
}

export async function getBalance(app: TestApp, user: TestUser): Promise<Balance> {
  const answer = await send<Balance>(app, '/v1/me/balance', json('GET', undefined, { token: user.token }));
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body;
}

/** The user's whole ledger, newest first (follows `before` pages). */
export async function getLedger(app: TestApp, user: TestUser): Promise<LedgerEntry[]> {
  const entries: LedgerEntry[] = [];
  let before: string | null = null;
  do {
    const query: string = before ? `?limit=500&before=${before}` : '?limit=500';
    const answer: Answer<{ entries: LedgerEntry[]; nextBefore: string | null }> = await send(
      app,
      `/v1/me/ledger${query}`,
      json('GET', undefined, { token: user.token }),
    );
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    entries.push(...answer.body.entries);
    before = answer.body.nextBefore;
  } while (before);
  return entries;
}

/** Σ ledger amounts per personal bucket. */
export function personalSums(entries: LedgerEntry[]): { subscription: number; topup: number; free: number } {
  const sums = { subscription: 0, topup: 0, free: 0 };
  for (const entry of entries) {
    if (entry.bucket === 'personal.subscription') sums.subscription += entry.amount;
    if (entry.bucket === 'personal.topup') sums.topup += entry.amount;
    if (entry.bucket === 'personal.free') sums.free += entry.amount;
  }
  return sums;
}

/** Balance and ledger together: what "nothing moved" compares. */
export async function snapshot(
  app: TestApp,
  user: TestUser,
): Promise<{ balance: Balance; ledger: LedgerEntry[] }> {
  return { balance: await getBalance(app, user), ledger: await getLedger(app, user) };
}

/** billing-api.md: Σ amounts per personal bucket of /v1/me/ledger = that bucket in /v1/me/balance. */
export async function expectPersonalLedgerMatchesBalance(app: TestApp, user: TestUser): Promise<void> {
  const { balance, ledger } = await snapshot(app, user);
  const { subscription, topup, free } = balance.personal;
  expect(personalSums(ledger)).toEqual({ subscription, topup, free });
}

export function spendRequest(
  app: TestApp,
  user: TestUser,
  body: unknown,
  key: string | undefined = randomUUID(),
) {
  return send(app, '/v1/spends', json('POST', body, { token: user.token, key }));
}

export function holdRequest(
  app: TestApp,
  user: TestUser,
  body: unknown,
  key: string | undefined = randomUUID(),
) {
  return send(app, '/v1/holds', json('POST', body, { token: user.token, key }));
}

export function captureRequest(
  app: TestApp,
  user: TestUser,
  holdId: string,
  body?: unknown,
  key: string | undefined = randomUUID(),
) {
  return send(app, `/v1/holds/${holdId}/capture`, json('POST', body, { token: user.token, key }));
}

export function releaseRequest(
  app: TestApp,
  user: TestUser,
  holdId: string,
  key: string | undefined = randomUUID(),
) {
  return send(app, `/v1/holds/${holdId}/release`, json('POST', undefined, { token: user.token, key }));
}

export function putSubscription(
  app: TestApp,
  user: TestUser,
  body: { creditsPerCycle: number; interval: 'month' | 'year'; anchor?: string; profilesPerPage?: number },
) {
  return send(app, `/v1/ops/users/${user.id}/subscription`, ops('PUT', body));
}

export function deleteSubscription(app: TestApp, user: TestUser) {
  return send(app, `/v1/ops/users/${user.id}/subscription`, ops('DELETE'));
}

export function topUp(app: TestApp, user: TestUser, credits: number, key: string = randomUUID()) {
  return send(app, `/v1/ops/users/${user.id}/topups`, ops('POST', { credits }, key));
}

export function freeGrant(app: TestApp, user: TestUser, credits: number, key: string = randomUUID()) {
  return send(app, `/v1/ops/users/${user.id}/free-grants`, ops('POST', { credits }, key));
}

/** Anything that runs SQL: the test app's database layer, or a pg Pool on the same database. */
interface SqlRunner {
  query(sql: string): Promise<{ rows: unknown[] }>;
}

/** Rows of the ledger invariant that fail: a bucket ≠ Σ its entries, or a negative bucket. */
export function ledgerDrift(app: TestApp): Promise<unknown[]> {
  return ledgerDriftIn(app.db);
}

/** ledgerDrift, read through any connection to the database (e.g. beside two API processes). */
export async function ledgerDriftIn(db: SqlRunner): Promise<unknown[]> {
  const { rows } = (await db.query(
    `SELECT b.owner_id, b.bucket, b.balance,
            (SELECT coalesce(sum(amount), 0) FROM ledger_entries l
             WHERE l.owner_id = b.owner_id AND l.bucket = b.bucket)::bigint AS ledger_sum
     FROM buckets b`,
  )) as { rows: Array<{ owner_id: string; bucket: string; balance: number; ledger_sum: number }> };
  return rows.filter((row) => Number(row.balance) !== Number(row.ledger_sum) || Number(row.balance) < 0);
}
