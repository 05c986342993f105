import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { JSDOM } from 'jsdom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BillingApi } from '../../../../api-client/billing-api.ts';
import type { BreakdownItem } from '../../../../api-client/contract/billing.ts';
import { ApiError, NetworkError } from '../../../../api-client/errors.ts';
import { createEnrichTask, type EnrichTaskDeps } from '../../../../services/enrichment/enrich-task.ts';
import { readPersonFromHtml } from '../../../../services/enrichment/read-person.ts';
import { inMemoryMemo, type RowTaskContext } from '../../../../services/jobs/row-task.ts';
import type { RowRecord } from '../../../../storage/model.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const PROFILE = readFileSync(path.join(HERE, '../../../fixtures/enrichment/staff-profile.html'), 'utf8');
const NOW = Date.UTC(2026, 10, 25, 12);
const BREAKDOWN: BreakdownItem[] = [{ bucket: 'personal.free', amount: 1 }];

/** Profile pages over real HTTP on loopback: what the background's fetch sees. */
let pages: Server;
let base: string;

beforeAll(async () => {
  pages = createServer((request, response) => {
    const route = request.url ?? '/';
    if (route === '/people/amara') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return response.end(PROFILE);
    }
    if (route === '/old/amara') {
      response.writeHead(301, { location: '/people/amara' });
      return response.end();
    }
    if (route === '/cv.pdf') {
      response.writeHead(200, { 'content-type': 'application/pdf' });
      return response.end('%PDF-1.7');
    }
    if (route === '/huge') {
      response.writeHead(200, { 'content-type': 'text/html' });
      return response.end(`<html><body>${'<p>filler</p>'.repeat(200_000)}</body></html>`);
    }
    if (route === '/pricing') {
      response.writeHead(200, { 'content-type': 'text/html' });
      return response.end(
        '<html><head><title>Pricing</title></head><body><h1>Plans and pricing</h1></body></html>',
      );
    }
    // Answers nothing: the timeout or the cancel has to end the wait.
    if (route === '/silent') return;
    response.writeHead(404, { 'content-type': 'text/html' });
    response.end('<h1>Not found</h1>');
  });
  await new Promise<void>((resolve) => pages.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(pages.address() as AddressInfo).port}`;
});

afterAll(async () => {
  pages.closeAllConnections();
  await new Promise((resolve) => pages.close(resolve));
});

type Call = { method: 'hold' | 'capture' | 'release'; key: string; holdId?: string; body?: unknown };

/**
 * The three credit calls of the billing API, recording each with its Idempotency-Key; `fail` lists
 * what the next calls of a kind throw (undefined: that call succeeds). Hold ids are `hold_<call number>`.
 */
function fakeApi(fail: Partial<Record<Call['method'], Array<Error | undefined>>> = {}) {
  const calls: Call[] = [];
  const next = (method: Call['method']) => {
    const error = fail[method]?.shift();
    if (error) throw error;
  };
  const api = {
    hold: async (body: unknown, key: string) => {
      calls.push({ method: 'hold', key, body });
      next('hold');
      return { holdId: `hold_${calls.length}`, status: 'pending', amount: 1, breakdown: BREAKDOWN };
    },
    capture: async (holdId: string, body: unknown, key: string) => {
      calls.push({ method: 'capture', key, holdId, body });
      next('capture');
      return { holdId, status: 'captured', spendId: 'spend_1', charged: 1, breakdown: BREAKDOWN };
    },
    release: async (holdId: string, key: string) => {
      calls.push({ method: 'release', key, holdId });
      next('release');
      return { holdId, status: 'released' };
    },
  } as unknown as BillingApi;
  return { api, calls, methods: () => calls.map((c) => c.method) };
}

function context(api: BillingApi, signal = new AbortController().signal): RowTaskContext {
  return { api, key: (purpose) => `job_1:row_1:${purpose}`, memo: inMemoryMemo(), signal, now: () => NOW };
}

function row(fields: Partial<RowRecord> = {}): RowRecord {
  return {
    id: 'row_1',
    listId: 'list_1',
    name: 'Amara Okafor',
    profileUrl: `${base}/people/amara`,
    tags: [],
    note: '',
    savedAt: 1,
    updatedAt: 1,
    searchText: 'amara okafor',
    ...fields,
  };
}

const parser = new new JSDOM('').window.DOMParser();

function deps(overrides: Partial<EnrichTaskDeps> = {}) {
  const checked: string[] = [];
  const sleeps: number[] = [];
  const all: EnrichTaskDeps = {
    hasHostAccess: async (url) => {
      checked.push(url);
      return true;
    },
    fetch,
    readPerson: async (html, options) => readPersonFromHtml(html, options, parser),
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    timeoutMs: 2000,
    ...overrides,
  };
  return { deps: all, checked, sleeps };
}

const apiError = (status: number, code: ApiError['code']) =>
  new ApiError({ status, code, request: { method: 'POST', url: '/v1/holds', idempotencyKey: 'k' } });
const networkError = () =>
  new NetworkError({ kind: 'unreachable', request: { method: 'POST', url: '/v1/x', idempotencyKey: 'k' } });

describe('enrichment of one row that succeeds', () => {
  it('holds 1 enrichment credit, fills the empty fields, and captures with the API’s charge', async () => {
    const { api, calls, methods } = fakeApi();
    const { deps: d } = deps();

    const outcome = await createEnrichTask(d)(row({ title: 'Data lead' }), context(api));

    expect(methods()).toEqual(['hold', 'capture']);
    expect(calls[0]).toMatchObject({ body: { action: 'enrichment', quantity: 1 }, key: 'job_1:row_1:hold' });
    expect(calls[1]).toMatchObject({ holdId: 'hold_1', key: 'job_1:row_1:capture' });
    expect(outcome).toMatchObject({ status: 'done', charge: { credits: 1, breakdown: BREAKDOWN } });
    if (outcome.status !== 'done') throw new Error('not done');
    expect(outcome.patch.company).toBe('Northwind Analytics');
    expect(outcome.patch.links?.github).toBe('https://github.com/aokafor');
    expect('title' in outcome.patch).toBe(false);
    expect(outcome.patch.provenance?.company).toEqual({
      url: `${base}/people/amara`,
      method: 'single-profile/card-text',
      at: NOW,
    });
    expect(outcome.patch.enrichment).toMatchObject({ status: 'enriched', at: NOW });
  });

  it('follows a redirect and records the final URL', async () => {
    const { api } = fakeApi();

    const outcome = await createEnrichTask(deps().deps)(
      row({ profileUrl: `${base}/old/amara` }),
      context(api),
    );

    expect(outcome.status === 'done' && outcome.patch.enrichment?.finalUrl).toBe(`${base}/people/amara`);
    expect(outcome.status === 'done' && outcome.patch.provenance?.email?.url).toBe(`${base}/people/amara`);
  });

  it('sends the same keys when the row is run again, so a resumed job replays rather than charges twice', async () => {
    const first = fakeApi();
    const again = fakeApi();
    const task = createEnrichTask(deps().deps);

    await task(row(), context(first.api));
    await task(row(), context(again.api));

    expect(again.calls.map((c) => c.key)).toEqual(first.calls.map((c) => c.key));
  });
});

describe('rows with nothing to do', () => {
  it.each([
    ['no URL at all', row({ profileUrl: undefined }), 'No profile URL to open'],
    ['only a non-web URL', row({ profileUrl: 'mailto:a@b.example' }), 'No profile URL to open'],
    [
      'an enrichment earlier today',
      row({ enrichment: { status: 'enriched', at: NOW - 60_000, fieldsAdded: [] } }),
      'Already enriched today',
    ],
  ])('skips a row with %s, free', async (_case, input, reason) => {
    const { api, calls } = fakeApi();
    const { deps: d, checked } = deps();

    const outcome = await createEnrichTask(d)(input, context(api));

    expect(outcome).toEqual({ status: 'skipped', reason });
    expect(calls).toEqual([]);
    expect(checked).toEqual([]);
  });

  it('enriches again a row whose last enrichment failed today', async () => {
    const { api, methods } = fakeApi();
    const failedToday = row({
      enrichment: { status: 'failed', at: NOW - 60_000, fieldsAdded: [], error: 'x' },
    });

    const outcome = await createEnrichTask(deps().deps)(failedToday, context(api));

    expect(outcome.status).toBe('done');
    expect(methods()).toEqual(['hold', 'capture']);
  });

  it('opens the page the row was extracted from when it has no profile URL', async () => {
    const { api } = fakeApi();
    const { deps: d, checked } = deps();

    await createEnrichTask(d)(
      row({ profileUrl: undefined, sourceUrl: `${base}/people/amara` }),
      context(api),
    );

    expect(checked).toEqual([`${base}/people/amara`]);
  });
});

describe('failures that cost nothing', () => {
  it('holds nothing when Lasso has no access to the page’s site', async () => {
    const { api, calls } = fakeApi();
    const { deps: d } = deps({ hasHostAccess: async () => false });

    const outcome = await createEnrichTask(d)(row({ profileUrl: 'https://example.com/ada' }), context(api));

    expect(outcome).toMatchObject({
      status: 'failed',
      reason: 'Lasso may not open example.com: allow access when asked',
    });
    expect(calls).toEqual([]);
  });

  it('answers out_of_credits on a 402, with nothing fetched', async () => {
    const { api, methods } = fakeApi({ hold: [apiError(402, 'insufficient_credits')] });
    let fetched = 0;
    const { deps: d } = deps({
      fetch: (...args) => {
        fetched += 1;
        return fetch(...args);
      },
    });

    const outcome = await createEnrichTask(d)(row(), context(api));

    expect(outcome).toEqual({ status: 'out_of_credits' });
    expect(methods()).toEqual(['hold']);
    expect(fetched).toBe(0);
  });

  it.each([
    ['a 404', '/people/nobody', 'The page answered 404'],
    ['a PDF', '/cv.pdf', 'The page is not HTML (application/pdf)'],
    ['a page with no person', '/pricing', 'No person found on that page'],
  ])('releases the hold on %s and says why on the row', async (_case, route, reason) => {
    const { api, calls, methods } = fakeApi();

    const outcome = await createEnrichTask(deps().deps)(row({ profileUrl: `${base}${route}` }), context(api));

    expect(outcome).toEqual({
      status: 'failed',
      reason,
      patch: { enrichment: { status: 'failed', at: NOW, fieldsAdded: [], error: reason } },
    });
    expect(methods()).toEqual(['hold', 'release']);
    expect(calls[1]).toMatchObject({ holdId: 'hold_1', key: 'job_1:row_1:release' });
  });

  it('releases the hold when the page is larger than the cap', async () => {
    const { api, methods } = fakeApi();
    const { deps: d } = deps({ bytesMax: 1024 * 1024 });

    const outcome = await createEnrichTask(d)(row({ profileUrl: `${base}/huge` }), context(api));

    expect(outcome).toMatchObject({ status: 'failed', reason: 'The page is larger than 1 MB' });
    expect(methods()).toEqual(['hold', 'release']);
  });

  it('releases the hold when the page does not answer in time', async () => {
    const { api, methods } = fakeApi();
    const { deps: d } = deps({ timeoutMs: 300 });

    const outcome = await createEnrichTask(d)(row({ profileUrl: `${base}/silent` }), context(api));

    expect(outcome).toMatchObject({ status: 'failed', reason: 'The page did not answer within 300 ms' });
    expect(methods()).toEqual(['hold', 'release']);
  });

  it('releases the hold when the site cannot be reached', async () => {
    const { api, methods } = fakeApi();
    const closed = `http://127.0.0.1:1/ada`;

    const outcome = await createEnrichTask(deps().deps)(row({ profileUrl: closed }), context(api));

    expect(outcome.status === 'failed' && outcome.reason).toMatch(/^The page could not be reached \(.+\)$/);
    expect(methods()).toEqual(['hold', 'release']);
  });

  it('stops waiting on the page at once when the job is cancelled, releases, and says Cancelled', async () => {
    const { api, methods } = fakeApi();
    const cancel = new AbortController();
    const { deps: d } = deps({ timeoutMs: 20_000 });
    // The page never answers and the timeout is 20 s: only the cancel can end this row with "Cancelled".
    setTimeout(() => cancel.abort(), 100);

    const outcome = await createEnrichTask(d)(
      row({ profileUrl: `${base}/silent` }),
      context(api, cancel.signal),
    );

    expect(outcome).toEqual({ status: 'failed', reason: 'Cancelled' });
    expect(methods()).toEqual(['hold', 'release']);
  });

  it('releases rather than captures when the job is cancelled while the page is parsed', async () => {
    const { api, methods } = fakeApi();
    const cancel = new AbortController();
    const { deps: d } = deps({
      readPerson: async (html, options) => {
        cancel.abort();
        return readPersonFromHtml(html, options, parser);
      },
    });

    const outcome = await createEnrichTask(d)(row(), context(api, cancel.signal));

    expect(outcome).toEqual({ status: 'failed', reason: 'Cancelled' });
    expect(methods()).toEqual(['hold', 'release']);
  });

  it('releases the hold when the page reader does not answer in time', async () => {
    const { api, methods } = fakeApi();
    const { deps: d } = deps({ readPerson: () => new Promise(() => {}), parseTimeoutMs: 100 });

    const outcome = await createEnrichTask(d)(row(), context(api));

    expect(outcome).toMatchObject({ status: 'failed', reason: 'The page took too long to read' });
    expect(methods()).toEqual(['hold', 'release']);
  });

  it('stops waiting on a page reader that hangs as soon as the job is cancelled', async () => {
    const { api, methods } = fakeApi();
    const cancel = new AbortController();
    const { deps: d } = deps({
      readPerson: () => {
        setTimeout(() => cancel.abort(), 50);
        return new Promise(() => {});
      },
    });

    const outcome = await createEnrichTask(d)(row(), context(api, cancel.signal));

    expect(outcome).toEqual({ status: 'failed', reason: 'Cancelled' });
    expect(methods()).toEqual(['hold', 'release']);
  });

  it('releases the hold when the page reader fails', async () => {
    const { api, methods } = fakeApi();
    const { deps: d } = deps({
      readPerson: async () => Promise.reject(new Error('the page reader did not answer')),
    });

    const outcome = await createEnrichTask(d)(row(), context(api));

    expect(outcome).toMatchObject({
      status: 'failed',
      reason: 'The page could not be read (the page reader did not answer)',
    });
    expect(methods()).toEqual(['hold', 'release']);
  });

  it('holds nothing when the job was cancelled before the row started', async () => {
    const { api, calls } = fakeApi();
    const cancel = new AbortController();
    cancel.abort();

    const outcome = await createEnrichTask(deps().deps)(row(), context(api, cancel.signal));

    expect(outcome).toEqual({ status: 'failed', reason: 'Cancelled' });
    expect(calls).toEqual([]);
  });
});

describe('when the billing API misbehaves', () => {
  it('retries a release the API did not answer, with the same key, then stops', async () => {
    const { api, calls } = fakeApi({ release: [networkError(), networkError()] });
    const { deps: d, sleeps } = deps();

    await createEnrichTask(d)(row({ profileUrl: `${base}/cv.pdf` }), context(api));

    const releases = calls.filter((c) => c.method === 'release');
    expect(releases).toHaveLength(3);
    expect(new Set(releases.map((c) => c.key))).toEqual(new Set(['job_1:row_1:release']));
    expect(sleeps).toEqual([1000, 2000]);
  });

  it('counts a release of a hold no longer pending as done', async () => {
    const { api, calls } = fakeApi({ release: [apiError(409, 'hold_not_pending')] });

    await createEnrichTask(deps().deps)(row({ profileUrl: `${base}/cv.pdf` }), context(api));

    expect(calls.filter((c) => c.method === 'release')).toHaveLength(1);
  });

  it('fails the row, charging nothing, when the hold cannot be placed', async () => {
    const { api, methods } = fakeApi({ hold: [networkError()] });

    const outcome = await createEnrichTask(deps().deps)(row(), context(api));

    expect(outcome).toMatchObject({
      status: 'failed',
      reason: 'The billing API could not be reached; nothing was charged',
    });
    expect(methods()).toEqual(['hold']);
  });

  it('does not release a hold whose capture got no answer: the capture may have gone through', async () => {
    const { api, methods } = fakeApi({ capture: [networkError()] });

    const outcome = await createEnrichTask(deps().deps)(row(), context(api));

    expect(outcome).toMatchObject({ status: 'failed' });
    expect(outcome.status === 'failed' && outcome.patch?.title).toBeUndefined();
    expect(methods()).toEqual(['hold', 'capture']);
  });

  it('places a renewed hold under the next keys when the first is gone at capture, and charges once', async () => {
    const { api, calls } = fakeApi({ capture: [apiError(409, 'hold_not_pending')] });

    const outcome = await createEnrichTask(deps().deps)(row(), context(api));

    expect(outcome).toMatchObject({ status: 'done', charge: { credits: 1 } });
    expect(calls.map((c) => `${c.method} ${c.key}`)).toEqual([
      'hold job_1:row_1:hold',
      'capture job_1:row_1:capture',
      'hold job_1:row_1:hold:2',
      'capture job_1:row_1:capture:2',
    ]);
    expect(calls.filter((c) => c.method === 'capture').map((c) => c.holdId)).toEqual(['hold_1', 'hold_3']);
  });

  it('gives up, delivering nothing, when every renewed hold is gone too', async () => {
    const gone = () => apiError(409, 'hold_not_pending');
    const { api, methods } = fakeApi({ capture: [gone(), gone(), gone()] });

    const outcome = await createEnrichTask(deps().deps)(row(), context(api));

    expect(outcome).toMatchObject({
      status: 'failed',
      reason: 'The credit hold expired before the page was read; nothing was charged',
    });
    expect(outcome.status === 'failed' && outcome.patch?.company).toBeUndefined();
    expect(methods()).toEqual(['hold', 'capture', 'hold', 'capture', 'hold', 'capture']);
  });

  it('pauses on a 402 when a renewed hold finds no credits left', async () => {
    const { api } = fakeApi({
      capture: [apiError(409, 'hold_not_pending')],
      hold: [undefined, apiError(402, 'insufficient_credits')],
    });

    expect(await createEnrichTask(deps().deps)(row(), context(api))).toEqual({ status: 'out_of_credits' });
  });
});
