import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type BillingApi, createBillingApi } from '../../../api-client/billing-api.ts';
import { ApiError } from '../../../api-client/errors.ts';

interface Seen {
  method: string;
  url: string;
  key: string | undefined;
  body: string;
}

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

/** A loopback server that records each request and answers with `reply(path)`. */
async function apiAnswering(reply: (url: string) => { status: number; body?: unknown }) {
  const seen: Seen[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      seen.push({
        method: request.method!,
        url: request.url!,
        key: request.headers['idempotency-key'] as string | undefined,
        body,
      });
      const { status, body: answer } = reply(request.url!);
      const problem = status >= 400;
      response.writeHead(
        status,
        answer === undefined
          ? {}
          : { 'content-type': problem ? 'application/problem+json' : 'application/json' },
      );
      response.end(answer === undefined ? undefined : JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  const api: BillingApi = createBillingApi({
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    getToken: () => 'tok_1',
    timeoutMs: 2_000,
    retryDelayMs: 1,
  });
  return { api, seen };
}

const ledgerPage = { entries: [], nextBefore: 'le_40' };

describe('createBillingApi', () => {
  it('pages the ledger with limit and before, and leaves absent ones out', async () => {
    const { api, seen } = await apiAnswering(() => ({ status: 200, body: ledgerPage }));

    await api.ledger({ limit: 50, before: 'le_41' });
    const page = await api.ledger();

    expect(seen.map((request) => request.url)).toEqual([
      '/v1/me/ledger?limit=50&before=le_41',
      '/v1/me/ledger',
    ]);
    expect(page.nextBefore).toBe('le_40');
  });

  it('sends the caller’s Idempotency-Key with a spend, and the same key on a retry', async () => {
    let attempts = 0;
    const { api, seen } = await apiAnswering(() =>
      ++attempts === 1
        ? { status: 503, body: { type: 'about:blank', title: 'x', status: 503, code: 'internal_error' } }
        : {
            status: 201,
            body: {
              spendId: 'spend_1',
              action: 'page_scrape',
              quantity: 1,
              charged: 1,
              breakdown: [],
              balance: balanceBody,
            },
          },
    );

    const spend = await api.spend({ action: 'page_scrape', quantity: 1 }, 'key-1');

    expect(spend.spendId).toBe('spend_1');
    expect(seen.map((request) => [request.method, request.url, request.key])).toEqual([
      ['POST', '/v1/spends', 'key-1'],
      ['POST', '/v1/spends', 'key-1'],
    ]);
  });

  it('posts the resend-verification request with no body and reads its 202', async () => {
    const { api, seen } = await apiAnswering(() => ({ status: 202, body: { sent: true } }));

    expect(await api.resendVerification()).toEqual({ sent: true });
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/v1/auth/resend-verification', body: '' });
  });

  it('accepts the empty 204 of logout and of removing a member, and escapes ids in paths', async () => {
    const { api, seen } = await apiAnswering(() => ({ status: 204 }));

    await api.logout();
    await api.removeMember('usr_1/../x');

    expect(seen.map((request) => `${request.method} ${request.url}`)).toEqual([
      'POST /v1/auth/logout',
      'DELETE /v1/teams/current/members/usr_1%2F..%2Fx',
    ]);
  });

  it('does not retry a login (a POST without a key) and turns its 401 into an ApiError', async () => {
    const { api, seen } = await apiAnswering(() => ({
      status: 401,
      body: { type: 'about:blank', title: 'Unauthorized', status: 401, code: 'unauthorized' },
    }));

    const error = await api
      .login({ email: 'ada@acme.com', password: 'nope' })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('unauthorized');
    expect(seen).toHaveLength(1);
  });
});

const balanceBody = {
  available: 49,
  spendOrder: ['personal.subscription', 'personal.topup', 'personal.free'],
  personal: { subscription: 0, topup: 0, free: 49, held: 0 },
  team: null,
  limits: { profilesPerPage: 10 },
};
