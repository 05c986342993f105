import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createBillingApi } from '../../../api-client/billing-api.ts';
import { personalBalance } from '../components/balances.ts';

// @wxt-dev/browser picks up the extension API when it is first imported, so the fake goes in first.
vi.stubGlobal('chrome', fakeBrowser);
type SessionModule = typeof import('../../../services/session.ts');
type StorageModule = typeof import('../../../storage/session.ts');
let sessions: SessionModule;
let storage: StorageModule;

beforeAll(async () => {
  sessions = await import('../../../services/session.ts');
  storage = await import('../../../storage/session.ts');
});

const user = { id: 'usr_1', email: 'ada@acme.com', name: null, emailVerified: false };
const team = { id: 'team_1', name: 'Acme', domain: 'acme.com', role: 'member' as const, poolAccess: true };

/** A loopback billing API with one user, whose tokens can be revoked; it counts what it is asked. */
async function startFakeApi() {
  const valid = new Set<string>();
  const calls: string[] = [];
  let issued = 0;
  let down = false;
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      const route = `${request.method} ${request.url}`;
      calls.push(route);
      const token = request.headers.authorization?.replace('Bearer ', '') ?? '';
      const json = (status: number, value?: unknown) => {
        const problem = status >= 400;
        response.writeHead(
          status,
          value === undefined
            ? {}
            : { 'content-type': problem ? 'application/problem+json' : 'application/json' },
        );
        response.end(value === undefined ? undefined : JSON.stringify(value));
      };
      const unauthorized = () =>
        json(401, { type: 'about:blank', title: 'Unauthorized', status: 401, code: 'unauthorized' });
      if (down) return json(503, { type: 'about:blank', title: 'Down', status: 503, code: 'internal_error' });
      if (route === 'POST /v1/auth/login' || route === 'POST /v1/auth/signup') {
        if (JSON.parse(body).password !== 'correct horse battery') return unauthorized();
        const fresh = `tok_${++issued}`;
        valid.add(fresh);
        return json(route.endsWith('signup') ? 201 : 200, { token: fresh, user });
      }
      if (!valid.has(token)) return unauthorized();
      if (route === 'GET /v1/me') return json(200, { user, team });
      if (route === 'GET /v1/me/balance') return json(200, personalBalance());
      if (route === 'POST /v1/auth/logout') {
        valid.delete(token);
        return json(204);
      }
      if (route === 'POST /v1/auth/resend-verification') return json(202, { sent: true });
      return json(404, { type: 'about:blank', title: 'Not found', status: 404, code: 'not_found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    revokeAll: () => valid.clear(),
    setDown: (value: boolean) => {
      down = value;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let api: Awaited<ReturnType<typeof startFakeApi>>;
let apiUrl: string;
let changes: number;

function service() {
  return sessions.createSessionService({
    getApiUrl: async () => apiUrl,
    createApi: (options) => createBillingApi({ ...options, retryDelayMs: 1, retriesMax: 0 }),
    now: () => 1_000,
    onChange: () => {
      changes += 1;
    },
  });
}

beforeEach(async () => {
  fakeBrowser.reset();
  api = await startFakeApi();
  apiUrl = api.url;
  changes = 0;
});

afterEach(async () => {
  await api.close();
});

describe('signing in', () => {
  it('keeps the token, the account with its team, and the first balance in chrome.storage.local', async () => {
    const outcome = await service().signIn({ email: 'ada@acme.com', password: 'correct horse battery' });

    expect(outcome).toMatchObject({ ok: true, value: { status: 'signed_in', team: { name: 'Acme' } } });
    expect(await storage.tokenItem.getValue()).toEqual({ token: 'tok_1', apiUrl: api.url, userId: 'usr_1' });
    expect(await storage.accountItem.getValue()).toMatchObject({
      status: 'signed_in',
      user: { id: 'usr_1' },
    });
    expect(await storage.balanceCacheItem.getValue()).toEqual({
      userId: 'usr_1',
      balance: personalBalance(),
      fetchedAt: 1_000,
    });
    expect(changes).toBe(1);
  });

  it('answers wrong credentials with a value, and stores nothing', async () => {
    const outcome = await service().signIn({ email: 'ada@acme.com', password: 'wrong' });

    expect(outcome).toMatchObject({ ok: false, code: 'unauthorized' });
    expect(await storage.tokenItem.getValue()).toBeNull();
    expect(await storage.accountItem.getValue()).toBeNull();
  });

  it('answers an API that cannot be reached with `unreachable`', async () => {
    await api.close();

    const outcome = await service().signUp({ email: 'ada@acme.com', password: 'correct horse battery' });

    expect(outcome).toMatchObject({ ok: false, code: 'unreachable' });
  });

  it('survives a worker restart: a new service finds the session in storage', async () => {
    await service().signIn({ email: 'ada@acme.com', password: 'correct horse battery' });

    const restarted = service();

    expect(await restarted.resendVerification()).toEqual({ ok: true, value: { sent: true } });
  });
});

describe('signing out', () => {
  it('forgets the token, account and balance, and revokes the token on the API', async () => {
    const session = service();
    await session.signIn({ email: 'ada@acme.com', password: 'correct horse battery' });

    const outcome = await session.signOut();

    expect(outcome).toEqual({ ok: true, value: null });
    expect(await storage.tokenItem.getValue()).toBeNull();
    expect(await storage.accountItem.getValue()).toBeNull();
    expect(await storage.balanceCacheItem.getValue()).toBeNull();
    expect(api.calls).toContain('POST /v1/auth/logout');
  });

  it('signs out locally even when the API is down', async () => {
    const session = service();
    await session.signIn({ email: 'ada@acme.com', password: 'correct horse battery' });
    api.setDown(true);

    expect(await session.signOut()).toEqual({ ok: true, value: null });
    expect(await storage.tokenItem.getValue()).toBeNull();
  });
});

describe('a token the API refuses', () => {
  it('ends the session cleanly on a 401: token and balance gone, account marked expired', async () => {
    const session = service();
    await session.signIn({ email: 'ada@acme.com', password: 'correct horse battery' });
    api.revokeAll();

    const outcome = await session.refreshBalance();

    expect(outcome).toMatchObject({ ok: false, code: 'unauthorized' });
    expect(await storage.tokenItem.getValue()).toBeNull();
    expect(await storage.balanceCacheItem.getValue()).toBeNull();
    expect(await storage.accountItem.getValue()).toMatchObject({
      status: 'expired',
      user: { email: 'ada@acme.com' },
    });
    expect(await session.ledgerPage({})).toMatchObject({ ok: false, code: 'signed_out' });
  });

  it('does not end a newer session when an old token’s 401 arrives late', async () => {
    const session = service();
    await session.signIn({ email: 'ada@acme.com', password: 'correct horse battery' });
    await session.signIn({ email: 'ada@acme.com', password: 'correct horse battery' });

    await session.expire('tok_1');

    expect(await storage.tokenItem.getValue()).toMatchObject({ token: 'tok_2' });
    expect(await storage.accountItem.getValue()).toMatchObject({ status: 'signed_in' });
  });

  it('ends the session when Settings name another API, which never issued the token', async () => {
    const session = service();
    await session.signIn({ email: 'ada@acme.com', password: 'correct horse battery' });
    apiUrl = 'http://127.0.0.1:1';

    expect(await session.current()).toBeNull();
    expect(await storage.tokenItem.getValue()).toBeNull();
    expect(await storage.accountItem.getValue()).toBeNull();
  });
});

describe('storeBalance', () => {
  it('drops a balance that arrives after its user signed out', async () => {
    const session = service();
    await session.signIn({ email: 'ada@acme.com', password: 'correct horse battery' });
    await session.signOut();

    expect(await session.storeBalance('usr_1', personalBalance({ available: 7 }))).toBeNull();
    expect(await storage.balanceCacheItem.getValue()).toBeNull();
  });
});
