import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createBillingApi } from '../../../api-client/billing-api.ts';
import type { Balance, LedgerPage } from '../../../api-client/contract/billing.ts';
import { extractCandidates } from '../../../extract/index.ts';
import type { CandidateGroup } from '../../../extract/profile.ts';
import { testConfig } from '../../../server/config.ts';
import { type RunningServer, startServer } from '../../../server/start.ts';
import type { PageResult } from '../../../services/extractor-injection.ts';
import { loadFixture, parse } from '../extract/helpers.ts';

// @wxt-dev/browser picks up the extension API when it is first imported, so the fake goes in first.
vi.stubGlobal('chrome', fakeBrowser);
type SessionModule = typeof import('../../../services/session.ts');
type ExtractionModule = typeof import('../../../services/extraction.ts');
type StorageModule = typeof import('../../../storage/session.ts');
let sessions: SessionModule;
let extractions: ExtractionModule;
let storage: StorageModule;

const PASSWORD = 'correct horse battery';
const OPERATOR = { authorization: 'Bearer test-operator-token' };
const TAB = 7;

let api: RunningServer;
let proxy: SpendProxy;

/**
 * A loopback proxy in front of the real API that can lose spends: `forwardThenDrop` lets the API charge
 * and then cuts the connection before the answer (the worst case: charged, and the client never knew);
 * `refuse` cuts it before the API sees the spend. It records the Idempotency-Key of every spend.
 */
interface SpendProxy {
  url: string;
  spendKeys: string[];
  /** What to do with the next spends, one entry each; later spends pass through. */
  plan: Array<'forwardThenDrop' | 'refuse'>;
  close(): Promise<void>;
}

async function startSpendProxy(upstream: string): Promise<SpendProxy> {
  const state: SpendProxy = { url: '', spendKeys: [], plan: [], close: async () => {} };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', async () => {
      const isSpend = request.method === 'POST' && request.url === '/v1/spends';
      const fate = isSpend ? state.plan.shift() : undefined;
      if (isSpend) state.spendKeys.push(String(request.headers['idempotency-key']));
      if (fate === 'refuse') return request.socket.destroy();
      const headers = Object.fromEntries(
        Object.entries(request.headers).filter(
          (entry): entry is [string, string] => typeof entry[1] === 'string' && entry[0] !== 'host',
        ),
      );
      const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
      const answer = await fetch(`${upstream}${request.url}`, { method: request.method, headers, body });
      const text = await answer.text();
      if (fate === 'forwardThenDrop') return request.socket.destroy();
      response.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? '' });
      response.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}

beforeAll(async () => {
  sessions = await import('../../../services/session.ts');
  extractions = await import('../../../services/extraction.ts');
  storage = await import('../../../storage/session.ts');
  api = await startServer(testConfig({ port: 0 }));
  proxy = await startSpendProxy(api.url);
}, 60_000);

afterAll(async () => {
  await proxy?.close();
  await api?.stop();
});

beforeEach(() => {
  fakeBrowser.reset();
  proxy.plan = [];
  proxy.spendKeys = [];
});

/** The groups the engine finds on a saved fixture page, as the extractor would return them. */
function groupsOf(fixture: string): { url: string; groups: CandidateGroup[] } {
  const { html, url } = loadFixture(fixture);
  return { url, groups: extractCandidates(parse(html, url), { url, limit: 10 }) };
}

const TEAM = groupsOf('cards-team');

/** A page that answers with `groups` (what injecting the extractor into the tab gives), counting reads. */
function pageWith(url: string, groups: CandidateGroup[]) {
  const reads: Array<{ tabId: number; limit: number }> = [];
  return {
    reads,
    readPage: async (tabId: number, limit: number): Promise<PageResult> => {
      reads.push({ tabId, limit });
      return { ok: true, url, title: 'Our team', groups };
    },
  };
}

/** A fresh user signed in through the session service (50 free credits), and the service under test. */
async function signedIn(readPage: (tabId: number, limit: number) => Promise<PageResult>) {
  const sleeps: number[] = [];
  const session = sessions.createSessionService({
    getApiUrl: async () => proxy.url,
    // No retries inside the client: the service's own retry is what these tests watch.
    createApi: (options) => createBillingApi({ ...options, retriesMax: 0, retryDelayMs: 1 }),
    now: Date.now,
  });
  const email = `ada-${randomUUID().slice(0, 8)}@acme-${randomUUID().slice(0, 8)}.com`;
  const outcome = await session.signUp({ email, password: PASSWORD });
  if (!outcome.ok) throw new Error(`sign-up failed: ${outcome.message}`);
  const token = (await storage.tokenItem.getValue())!.token;
  const service = extractions.createExtractionService({
    session,
    readPage,
    now: Date.now,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });
  return { service, session, token, userId: outcome.value.user.id, sleeps };
}

async function get<T>(path: string, token: string): Promise<T> {
  const response = await fetch(`${api.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`GET ${path} → ${response.status}`);
  return (await response.json()) as T;
}

const balanceOf = (token: string) => get<Balance>('/v1/me/balance', token);
const spendsOf = async (token: string) =>
  (await get<LedgerPage>('/v1/me/ledger?limit=100', token)).entries.filter((e) => e.kind === 'spend');

describe('a page with people', () => {
  it('shows every list and charges 1 credit from personal credits, updating the cached balance', async () => {
    const page = pageWith(TEAM.url, TEAM.groups);
    const { service, token } = await signedIn(page.readPage);

    const result = await service.run(TAB);

    expect(result.kind).toBe('preview');
    if (result.kind !== 'preview') return;
    expect(result.groups[0]?.profiles.map((p) => p.name)).toContain('Grace Hopper');
    expect(result.charge).toMatchObject({
      kind: 'charged',
      charged: 1,
      breakdown: [{ bucket: 'personal.free', amount: 1 }],
    });
    expect(result.balance.available).toBe(49);
    expect((await balanceOf(token)).available).toBe(49);
    expect((await storage.balanceCacheItem.getValue())?.balance.available).toBe(49);
  });

  it("reads the page with the plan's profiles per page as the limit", async () => {
    const page = pageWith(TEAM.url, TEAM.groups);
    const { service } = await signedIn(page.readPage);

    await service.run(TAB);

    expect(page.reads).toEqual([{ tabId: TAB, limit: 10 }]);
  });

  it('replays the first charge when the same page gives the same result again', async () => {
    const page = pageWith(TEAM.url, TEAM.groups);
    const { service, token } = await signedIn(page.readPage);
    await service.run(TAB);

    const again = await service.run(TAB);

    expect(again).toMatchObject({
      kind: 'preview',
      charge: { kind: 'replayed' },
      balance: { available: 49 },
    });
    expect((await balanceOf(token)).available).toBe(49);
    expect(await spendsOf(token)).toHaveLength(1);
    expect(new Set(proxy.spendKeys).size).toBe(1);
  });

  it('charges again when the page gives another result', async () => {
    const { service: first, token, session } = await signedIn(pageWith(TEAM.url, TEAM.groups).readPage);
    await first.run(TAB);
    const other = groupsOf('table-staff');
    const second = extractions.createExtractionService({
      session,
      readPage: pageWith(other.url, other.groups).readPage,
      now: Date.now,
      sleep: async () => {},
    });

    const result = await second.run(TAB);

    expect(result).toMatchObject({ kind: 'preview', charge: { kind: 'charged', charged: 1 } });
    expect((await balanceOf(token)).available).toBe(48);
  });

  it('runs once for two requests on the same tab at the same time', async () => {
    const page = pageWith(TEAM.url, TEAM.groups);
    const { service, token } = await signedIn(page.readPage);

    const [a, b] = await Promise.all([service.run(TAB), service.run(TAB)]);

    expect(a).toBe(b);
    expect(page.reads).toHaveLength(1);
    expect(await spendsOf(token)).toHaveLength(1);
  });
});

describe('charging nothing', () => {
  it('charges nothing when no profile was found', async () => {
    const nobody = pageWith('https://acme.example/about/', []);
    const { service, token } = await signedIn(nobody.readPage);

    const result = await service.run(TAB);

    expect(result).toMatchObject({ kind: 'empty', page: { url: 'https://acme.example/about/' } });
    expect((await balanceOf(token)).available).toBe(50);
    expect(proxy.spendKeys).toEqual([]);
  });

  it('charges nothing when the engine judged the only lists on the page not to be people', async () => {
    const testimonials = groupsOf('testimonials');
    const { service, token } = await signedIn(pageWith(testimonials.url, testimonials.groups).readPage);

    const result = await service.run(TAB);

    expect(testimonials.groups.length).toBeGreaterThan(0);
    expect(result).toMatchObject({ kind: 'empty' });
    expect((await balanceOf(token)).available).toBe(50);
  });

  it('charges nothing when the page cannot be read', async () => {
    const { service, token } = await signedIn(async () => ({
      ok: false,
      code: 'restricted_page',
      message: "Chrome doesn't let extensions read this page.",
    }));

    const result = await service.run(TAB);

    expect(result).toMatchObject({ kind: 'failed', code: 'restricted_page' });
    expect((await balanceOf(token)).available).toBe(50);
    expect(proxy.spendKeys).toEqual([]);
  });

  it('asks to sign in, and does not read the page, when nobody is signed in', async () => {
    const page = pageWith(TEAM.url, TEAM.groups);
    const session = sessions.createSessionService({
      getApiUrl: async () => proxy.url,
      createApi: createBillingApi,
      now: Date.now,
    });
    const service = extractions.createExtractionService({
      session,
      readPage: page.readPage,
      now: Date.now,
      sleep: async () => {},
    });

    const result = await service.run(TAB);

    expect(result).toMatchObject({ kind: 'failed', code: 'signed_out' });
    expect(page.reads).toEqual([]);
  });
});

describe('a spend that gets no answer', () => {
  it('sends the spend again with the same key, and the API charges the page once', async () => {
    const { service, token } = await signedIn(pageWith(TEAM.url, TEAM.groups).readPage);
    proxy.plan = ['forwardThenDrop'];

    const result = await service.run(TAB);

    expect(result).toMatchObject({ kind: 'preview', balance: { available: 49 } });
    expect(proxy.spendKeys).toHaveLength(2);
    expect(proxy.spendKeys[1]).toBe(proxy.spendKeys[0]);
    expect((await balanceOf(token)).available).toBe(49);
    expect(await spendsOf(token)).toHaveLength(1);
  });

  it('gives up after the last attempt with a clear message, showing no profile', async () => {
    const { service, token, sleeps } = await signedIn(pageWith(TEAM.url, TEAM.groups).readPage);
    proxy.plan = Array.from({ length: extractions.SPEND_ATTEMPTS }, () => 'refuse' as const);

    const result = await service.run(TAB);

    expect(result).toMatchObject({ kind: 'failed', code: 'unreachable', page: { url: TEAM.url } });
    expect(result.kind === 'failed' && result.message).toMatch(/never charged twice/);
    expect('groups' in result).toBe(false);
    expect(new Set(proxy.spendKeys).size).toBe(1);
    expect(proxy.spendKeys).toHaveLength(extractions.SPEND_ATTEMPTS);
    expect(sleeps).toHaveLength(extractions.SPEND_ATTEMPTS - 1);
    expect((await balanceOf(token)).available).toBe(50);
  });
});

describe('not enough credits', () => {
  it('keeps the profiles locked in the background and says how many people were found', async () => {
    const { service, token, userId } = await signedIn(pageWith(TEAM.url, TEAM.groups).readPage);
    // Someone spent the 50 free credits elsewhere; the popup's cached balance does not know yet.
    await fetch(`${api.url}/v1/spends`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'idempotency-key': 'x',
      },
      body: JSON.stringify({ action: 'page_scrape', quantity: 50 }),
    });

    const result = await service.run(TAB);

    expect(result).toMatchObject({
      kind: 'locked',
      found: TEAM.groups[0]!.profiles.length,
      groupCount: TEAM.groups.length,
      available: 0,
    });
    expect(JSON.stringify(result)).not.toContain('Grace Hopper');
    expect(await storage.balanceCacheItem.getValue()).toMatchObject({ userId, balance: { available: 0 } });
    expect(await spendsOf(token)).toHaveLength(1);
  });

  it('charges the page once credits arrive and the user extracts again', async () => {
    const { service, token, userId } = await signedIn(pageWith(TEAM.url, TEAM.groups).readPage);
    await fetch(`${api.url}/v1/spends`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'idempotency-key': 'y',
      },
      body: JSON.stringify({ action: 'page_scrape', quantity: 50 }),
    });
    await service.run(TAB);
    await fetch(`${api.url}/v1/ops/users/${userId}/topups`, {
      method: 'POST',
      headers: { ...OPERATOR, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: JSON.stringify({ credits: 5 }),
    });

    const result = await service.run(TAB);

    expect(result).toMatchObject({
      kind: 'preview',
      charge: { kind: 'charged', breakdown: [{ bucket: 'personal.topup', amount: 1 }] },
    });
    expect((await balanceOf(token)).available).toBe(4);
  });
});

describe('the latest extraction of a tab', () => {
  it('is kept for the popup, unless the tab has moved on to another page', async () => {
    const { service } = await signedIn(pageWith(TEAM.url, TEAM.groups).readPage);
    await service.run(TAB);

    expect(await service.last(TAB, TEAM.url)).toMatchObject({ kind: 'preview', page: { url: TEAM.url } });
    expect(await service.last(TAB, 'https://acme.example/elsewhere/')).toBeNull();
    expect(await service.last(TAB + 1)).toBeNull();
  });
});
