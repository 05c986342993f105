import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { Balance } from '../../api-client/contract/billing.ts';
import { json, OPERATOR_TOKEN, type TestApp } from './test-app.ts';

let emailCounter = 0;

/** A unique address on a company domain (team tests need same-domain users). */
export function uniqueEmail(domain = 'acme.test'): string {
  emailCounter += 1;
  return `user${emailCounter}.${randomUUID().slice(0, 8)}@${domain}`;
}

export interface TestUser {
  id: string;
  email: string;
  token: string;
}

export async function signUp(app: TestApp, email = uniqueEmail()): Promise<TestUser> {
  const response = await app.request(
    '/v1/auth/signup',
    json('POST', { email, password: 'correct horse battery' }),
  );
  expect(response.status).toBe(201);
  const body = (await response.json()) as { token: string; user: { id: string; email: string } };
  return { id: body.user.id, email: body.user.email, token: body.token };
}

export function ops(method: string, body?: unknown, key?: string): RequestInit {
  return json(method, body, { token: OPERATOR_TOKEN, key });
}

/** Back-office grant into a user's (`topups` / `free-grants`) or team's (`topups`) bucket. */
export async function grant(
  app: TestApp,
  owner: { users: string } | { teams: string },
  credits: number,
  kind: 'topups' | 'free-grants' = 'topups',
): Promise<void> {
  const path =
    'users' in owner ? `/v1/ops/users/${owner.users}/${kind}` : `/v1/ops/teams/${owner.teams}/${kind}`;
  const response = await app.request(path, ops('POST', { credits }, randomUUID()));
  expect(response.status).toBe(201);
}

export async function subscribe(
  app: TestApp,
  owner: { users: string } | { teams: string },
  body: { creditsPerCycle: number; interval: 'month' | 'year'; anchor?: string; profilesPerPage?: number },
): Promise<Record<string, unknown>> {
  const path =
    'users' in owner
      ? `/v1/ops/users/${owner.users}/subscription`
      : `/v1/ops/teams/${owner.teams}/subscription`;
  const response = await app.request(path, ops('PUT', body));
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

export async function balanceOf(app: TestApp, user: TestUser): Promise<Balance> {
  const response = await app.request('/v1/me/balance', json('GET', undefined, { token: user.token }));
  expect(response.status).toBe(200);
  return (await response.json()) as Balance;
}

export async function spend(
  app: TestApp,
  user: TestUser,
  body: Record<string, unknown>,
  key: string = randomUUID(),
): Promise<Response> {
  return app.request('/v1/spends', json('POST', body, { token: user.token, key }));
}

export async function setClock(app: TestApp, iso: string): Promise<void> {
  const response = await app.request('/v1/ops/clock', ops('POST', { now: iso }));
  expect(response.status).toBe(200);
}

/**
 * The ledger invariant: every bucket balance equals the sum of its ledger entries, and none is
 * negative. Call after each integration test.
 */
export async function expectLedgerInvariant(app: TestApp): Promise<void> {
  const { rows } = await app.db.query<{
    owner_id: string;
    bucket: string;
    balance: number;
    ledger_sum: number;
  }>(
    `SELECT b.owner_id, b.bucket, b.balance,
            (SELECT coalesce(sum(amount), 0) FROM ledger_entries l
             WHERE l.owner_id = b.owner_id AND l.bucket = b.bucket)::integer AS ledger_sum
     FROM buckets b`,
  );
  const drifted = rows.filter((row) => row.balance !== row.ledger_sum || row.balance < 0);
  expect(drifted).toEqual([]);
}
