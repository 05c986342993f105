import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectLedgerInvariant, signUp, type TestUser } from '../../support/billing.ts';
import { CONTRACT_CODES, holdRequest, moveClock } from '../../support/ledger-harness.ts';
import { createTestApp, OPERATOR_TOKEN, type TestApp } from '../../support/test-app.ts';

// billing-api.md, Conventions: "A request never produces a 5xx because of its input", and every
// error is a problem document with one of the contract's codes. A deterministic table of malformed
// requests across the endpoints, then random bodies from fast-check.

let app: TestApp;
let user: TestUser;
let holdId: string;

beforeAll(async () => {
  app = await createTestApp();
  await moveClock(app, new Date(Date.now() + 60_000));
  user = await signUp(app);
  const hold = await holdRequest(app, user, { action: 'page_scrape', quantity: 1, ttlSeconds: 900 });
  holdId = hold.body.holdId as string;
}, 120_000);
afterAll(async () => {
  await app?.close();
});

type Auth = 'user' | 'ops' | 'none' | { bearer: string } | { raw: string };

interface Case {
  name: string;
  method: string;
  path: string | (() => string);
  /** A raw body; objects are JSON-encoded. `undefined` sends none. */
  body?: unknown;
  raw?: string;
  contentType?: string | null;
  auth?: Auth;
  key?: string | null;
  /** The exact status the contract calls for, when it names one. */
  status?: number;
  /** A success is as good as a 4xx here: only a 5xx or a malformed problem fails. */
  anyOutcome?: boolean;
}

const MB_STRING = 'x'.repeat(1024 * 1024);

function build(c: Case): [string, RequestInit] {
  const headers: Record<string, string> = {};
  let body: string | undefined;
  if (c.raw !== undefined) body = c.raw;
  else if (c.body !== undefined) body = JSON.stringify(c.body);
  if (body !== undefined && c.contentType !== null)
    headers['content-type'] = c.contentType ?? 'application/json';
  const auth = c.auth ?? 'user';
  if (auth === 'user') headers.authorization = `Bearer ${user.token}`;
  else if (auth === 'ops') headers.authorization = `Bearer ${OPERATOR_TOKEN}`;
  else if (auth !== 'none') headers.authorization = 'bearer' in auth ? `Bearer ${auth.bearer}` : auth.raw;
  if (c.key !== null) headers['idempotency-key'] = c.key ?? randomUUID();
  const path = typeof c.path === 'function' ? c.path() : c.path;
  return [path, { method: c.method, headers, body }];
}

/** Sends the request; answers its status, or a description of what broke the contract. */
async function check(c: Case): Promise<{ status: number; problem?: string }> {
  const [path, init] = build(c);
  const response = await app.request(path, init);
  const text = await response.text();
  if (response.status >= 200 && response.status < 300) return { status: response.status };
  const contentType = response.headers.get('content-type') ?? '';
  let code: unknown;
  try {
    code = (JSON.parse(text) as { code?: unknown }).code;
  } catch {
    code = undefined;
  }
  const problems: string[] = [];
  if (response.status >= 500) problems.push(`status ${response.status}: ${text.slice(0, 200)}`);
  if (!contentType.startsWith('application/problem+json')) problems.push(`content-type ${contentType}`);
  if (!CONTRACT_CODES.includes(code as (typeof CONTRACT_CODES)[number]))
    problems.push(`code ${String(code)}`);
  return { status: response.status, ...(problems.length ? { problem: problems.join('; ') } : {}) };
}

// --- the table -------------------------------------------------------------------------------------

const weirdIds = [
  '..%2Fx',
  '%00',
  'a%00b',
  '%ff',
  '%',
  '%25',
  'a%2Fb',
  '%E2%82',
  encodeURIComponent("' OR 1=1 --"),
  encodeURIComponent('💥'),
  encodeURIComponent('hold_\u202e'),
  'x'.repeat(300),
  'h'.repeat(100_000),
];

const badQuantities: unknown[] = [
  0,
  -1,
  1.5,
  1001,
  1e308,
  -0.5,
  '1',
  '',
  null,
  true,
  [],
  {},
  [1],
  'NaN',
  'Infinity',
  2 ** 53,
];
const badActions: unknown[] = [
  'PAGE_SCRAPE',
  '',
  ' page_scrape',
  1,
  null,
  [],
  {},
  'page_scrape\u0000',
  'x'.repeat(10_000),
];
const nonObjects = ['null', '[]', '1', '"str"', 'true', '[{}]', '1e999'];
// No BOM case: Request.text() decodes UTF-8 and drops a leading BOM (Fetch spec), as RFC 8259 allows.
const invalidJson = [
  '{',
  '{"a":}',
  "{'a':1}",
  'nul',
  '{"quantity":1,}',
  '{"a":1}{"b":2}',
  '\u0000',
  '{"a":"\\x"}',
];

function bodyCases(
  name: string,
  method: string,
  path: string | (() => string),
  opts: { emptyOk?: boolean } = {},
): Case[] {
  return [
    ...nonObjects.map((raw) => ({ name: `${name}: body ${raw}`, method, path, raw, status: 400 })),
    ...invalidJson.map((raw) => ({
      name: `${name}: invalid JSON ${JSON.stringify(raw)}`,
      method,
      path,
      raw,
      status: 400,
    })),
    { name: `${name}: text/plain`, method, path, raw: '{}', contentType: 'text/plain', status: 415 },
    { name: `${name}: no content-type`, method, path, raw: '{}', contentType: null, status: 415 },
    {
      name: `${name}: form data`,
      method,
      path,
      raw: 'a=1',
      contentType: 'application/x-www-form-urlencoded',
      status: 415,
    },
    { name: `${name}: 1 MB body`, method, path, body: { pad: MB_STRING }, status: 413 },
    { name: `${name}: unknown field`, method, path, body: { surprise: 1 }, status: 400 },
    {
      name: `${name}: nested object`,
      method,
      path,
      body: { a: { b: { c: { d: [1, { e: null }] } } } },
      status: 400,
    },
    ...(opts.emptyOk ? [] : [{ name: `${name}: empty body`, method, path, raw: '', status: 400 }]),
  ];
}

function cases(): Case[] {
  const holdPath = (suffix: string) => () => `/v1/holds/${holdId}/${suffix}`;
  const table: Case[] = [
    // Accounts
    ...bodyCases('signup', 'POST', '/v1/auth/signup'),
    {
      name: 'signup: email number',
      method: 'POST',
      path: '/v1/auth/signup',
      body: { email: 1, password: 'long enough pw' },
      status: 400,
    },
    {
      name: 'signup: email null',
      method: 'POST',
      path: '/v1/auth/signup',
      body: { email: null, password: 'long enough pw' },
      status: 400,
    },
    {
      name: 'signup: short password',
      method: 'POST',
      path: '/v1/auth/signup',
      body: { email: 'a@b.co', password: 'short' },
      status: 400,
    },
    {
      name: 'signup: password array',
      method: 'POST',
      path: '/v1/auth/signup',
      body: { email: 'a@b.co', password: ['x'] },
      status: 400,
    },
    {
      name: 'signup: malformed email',
      method: 'POST',
      path: '/v1/auth/signup',
      body: { email: 'nope', password: 'long enough pw' },
      status: 400,
    },
    {
      name: 'signup: 1 MB email',
      method: 'POST',
      path: '/v1/auth/signup',
      body: { email: `${'a'.repeat(60_000)}@b.co`, password: 'long enough pw' },
      status: 400,
    },
    {
      name: 'signup: name object',
      method: 'POST',
      path: '/v1/auth/signup',
      body: { email: 'a@b.co', password: 'long enough pw', name: {} },
      status: 400,
    },
    {
      name: 'signup: email NUL',
      method: 'POST',
      path: '/v1/auth/signup',
      body: { email: 'a\u0000b@example.com', password: 'long enough pw' },
    },
    {
      name: 'signup: name NUL',
      method: 'POST',
      path: '/v1/auth/signup',
      body: {
        email: `nul.${randomUUID().slice(0, 8)}@example.com`,
        password: 'long enough pw',
        name: 'a\u0000b',
      },
      anyOutcome: true,
    },
    {
      name: 'login: email NUL',
      method: 'POST',
      path: '/v1/auth/login',
      body: { email: 'a\u0000b@example.com', password: 'whatever12' },
    },
    {
      name: 'login: email array',
      method: 'POST',
      path: '/v1/auth/login',
      body: { email: ['a@b.co'], password: 'x' },
      status: 400,
    },
    {
      name: 'login: password 1 MB',
      method: 'POST',
      path: '/v1/auth/login',
      body: { email: 'a@b.co', password: MB_STRING },
      status: 413,
    },
    ...bodyCases('login', 'POST', '/v1/auth/login'),
    {
      name: 'verify-email: token number',
      method: 'POST',
      path: '/v1/auth/verify-email',
      body: { token: 5 },
      status: 400,
    },
    {
      name: 'verify-email: token NUL',
      method: 'POST',
      path: '/v1/auth/verify-email',
      body: { token: '\u0000' },
    },
    {
      name: 'verify-email: token unknown',
      method: 'POST',
      path: '/v1/auth/verify-email',
      body: { token: 'abc' },
      status: 400,
    },
    // Authentication
    ...(
      [
        ['no header', 'none'],
        ['Bearer alone', { raw: 'Bearer' }],
        ['Basic', { raw: 'Basic dXNlcjpwdw==' }],
        ['unknown token', { bearer: 'abcdef' }],
        ['token with spaces', { raw: 'Bearer a b c' }],
        ['100 kB token', { bearer: 'a'.repeat(100_000) }],
        ['operator token', 'ops'],
      ] as Array<[string, Auth]>
    ).flatMap(([name, auth]) => [
      { name: `balance, ${name}`, method: 'GET', path: '/v1/me/balance', auth, status: 401 },
      {
        name: `spend, ${name}`,
        method: 'POST',
        path: '/v1/spends',
        auth,
        body: { action: 'page_scrape', quantity: 1 },
        status: 401,
      },
      { name: `ledger, ${name}`, method: 'GET', path: '/v1/me/ledger', auth, status: 401 },
    ]),
    // Spends
    ...bodyCases('spend', 'POST', '/v1/spends'),
    ...badQuantities.map((quantity) => ({
      name: `spend: quantity ${JSON.stringify(quantity)}`,
      method: 'POST',
      path: '/v1/spends',
      body: { action: 'page_scrape', quantity },
      status: 400,
    })),
    ...badActions.map((action) => ({
      name: `spend: action ${JSON.stringify(action).slice(0, 30)}`,
      method: 'POST',
      path: '/v1/spends',
      body: { action, quantity: 1 },
      status: 400,
    })),
    {
      name: 'spend: quantity 1e999 (Infinity)',
      method: 'POST',
      path: '/v1/spends',
      raw: '{"action":"page_scrape","quantity":1e999}',
      status: 400,
    },
    {
      name: 'spend: quantity -0',
      method: 'POST',
      path: '/v1/spends',
      raw: '{"action":"page_scrape","quantity":-0}',
      status: 400,
    },
    {
      name: 'spend: duplicate keys',
      method: 'POST',
      path: '/v1/spends',
      raw: '{"action":"page_scrape","quantity":1,"quantity":0}',
      status: 400,
    },
    {
      name: 'spend: missing quantity',
      method: 'POST',
      path: '/v1/spends',
      body: { action: 'page_scrape' },
      status: 400,
    },
    {
      name: 'spend: missing key',
      method: 'POST',
      path: '/v1/spends',
      body: { action: 'page_scrape', quantity: 1 },
      key: null,
      status: 400,
    },
    {
      name: 'spend: 256-char key',
      method: 'POST',
      path: '/v1/spends',
      body: { action: 'page_scrape', quantity: 1 },
      key: 'k'.repeat(256),
      status: 400,
    },
    {
      name: 'spend: email_find quantity 2',
      method: 'POST',
      path: '/v1/spends',
      body: { action: 'email_find', quantity: 2 },
      status: 400,
    },
    {
      name: 'spend: verificationId NUL',
      method: 'POST',
      path: '/v1/spends',
      body: { action: 'email_find', quantity: 1, verificationId: '\u0000' },
      status: 422,
    },
    {
      name: 'spend: verificationId array',
      method: 'POST',
      path: '/v1/spends',
      body: { action: 'email_find', quantity: 1, verificationId: ['v'] },
      status: 422,
    },
    {
      name: 'spend: verificationId nested 20 000 deep',
      method: 'POST',
      path: '/v1/spends',
      raw: `{"action":"email_find","quantity":1,"verificationId":${'['.repeat(20_000)}${']'.repeat(20_000)}}`,
      status: 422,
    },
    {
      name: 'spend: unknown field nested 30 000 deep',
      method: 'POST',
      path: '/v1/spends',
      raw: `{"action":"page_scrape","quantity":1,"x":${'['.repeat(30_000)}${']'.repeat(30_000)}}`,
      status: 400,
    },
    // Holds
    ...bodyCases('hold', 'POST', '/v1/holds'),
    ...[4, 901, 0, -1, 1.5, '60', null, [], 1e308].map((ttlSeconds) => ({
      name: `hold: ttlSeconds ${JSON.stringify(ttlSeconds)}`,
      method: 'POST',
      path: '/v1/holds',
      body: { action: 'page_scrape', quantity: 1, ttlSeconds },
      status: 400,
    })),
    ...badQuantities.map((quantity) => ({
      name: `hold: quantity ${JSON.stringify(quantity)}`,
      method: 'POST',
      path: '/v1/holds',
      body: { action: 'page_scrape', quantity },
      status: 400,
    })),
    ...bodyCases('capture', 'POST', holdPath('capture'), { emptyOk: true }),
    ...badQuantities.map((quantity) => ({
      name: `capture: quantity ${JSON.stringify(quantity)}`,
      method: 'POST',
      path: holdPath('capture'),
      body: { quantity },
      status: 400,
    })),
    {
      name: 'capture: quantity above held',
      method: 'POST',
      path: holdPath('capture'),
      body: { quantity: 2 },
      status: 400,
    },
    { name: 'capture: missing key', method: 'POST', path: holdPath('capture'), key: null, status: 400 },
    ...bodyCases('release', 'POST', holdPath('release'), { emptyOk: true }),
    {
      name: 'release: a field',
      method: 'POST',
      path: holdPath('release'),
      body: { quantity: 1 },
      status: 400,
    },
    ...weirdIds.flatMap((id) => [
      { name: `capture of hold ${id.slice(0, 20)}`, method: 'POST', path: `/v1/holds/${id}/capture` },
      { name: `release of hold ${id.slice(0, 20)}`, method: 'POST', path: `/v1/holds/${id}/release` },
    ]),
    // Ledger query
    ...[
      'limit=0',
      'limit=-1',
      'limit=abc',
      'limit=501',
      'limit=1.5',
      'limit=',
      'before=le_0',
      'before=x',
      'before=le_99999999999999999999',
      'before=%00',
      'foo=1',
      `before=${MB_STRING.slice(0, 50_000)}`,
    ].map((query) => ({
      name: `ledger ?${query.slice(0, 30)}`,
      method: 'GET',
      path: `/v1/me/ledger?${query}`,
      status: 400,
    })),
    // Methods
    { name: 'GET /v1/spends', method: 'GET', path: '/v1/spends', status: 405 },
    { name: 'PUT /v1/holds', method: 'PUT', path: '/v1/holds', body: {}, status: 405 },
    { name: 'DELETE /v1/me/balance', method: 'DELETE', path: '/v1/me/balance', status: 405 },
    { name: 'PATCH capture', method: 'PATCH', path: holdPath('capture'), body: {}, status: 405 },
    { name: 'unknown path', method: 'GET', path: '/v1/nothing-here', status: 404 },
    // Back office
    {
      name: 'ops with a user token',
      method: 'GET',
      path: () => `/v1/ops/users/${user.id}/ledger`,
      auth: 'user',
      status: 401,
    },
    {
      name: 'ops without a token',
      method: 'POST',
      path: '/v1/ops/clock',
      body: { now: 'x' },
      auth: 'none',
      status: 401,
    },
  ];
  for (const id of weirdIds) {
    table.push(
      {
        name: `ops PUT subscription of user ${id.slice(0, 20)}`,
        method: 'PUT',
        path: `/v1/ops/users/${id}/subscription`,
        auth: 'ops',
        body: { creditsPerCycle: 1, interval: 'month' },
      },
      {
        name: `ops DELETE subscription of user ${id.slice(0, 20)}`,
        method: 'DELETE',
        path: `/v1/ops/users/${id}/subscription`,
        auth: 'ops',
      },
      {
        name: `ops top-up of user ${id.slice(0, 20)}`,
        method: 'POST',
        path: `/v1/ops/users/${id}/topups`,
        auth: 'ops',
        body: { credits: 1 },
      },
      {
        name: `ops free grant of user ${id.slice(0, 20)}`,
        method: 'POST',
        path: `/v1/ops/users/${id}/free-grants`,
        auth: 'ops',
        body: { credits: 1 },
      },
      {
        name: `ops ledger of user ${id.slice(0, 20)}`,
        method: 'GET',
        path: `/v1/ops/users/${id}/ledger`,
        auth: 'ops',
      },
      {
        name: `ops top-up of team ${id.slice(0, 20)}`,
        method: 'POST',
        path: `/v1/ops/teams/${id}/topups`,
        auth: 'ops',
        body: { credits: 1 },
      },
      {
        name: `ops ledger of team ${id.slice(0, 20)}`,
        method: 'GET',
        path: `/v1/ops/teams/${id}/ledger`,
        auth: 'ops',
      },
    );
  }
  const subPath = () => `/v1/ops/users/${user.id}/subscription`;
  const badSubscriptions: unknown[] = [
    { creditsPerCycle: -1, interval: 'month' },
    { creditsPerCycle: 1.5, interval: 'month' },
    { creditsPerCycle: 1e10, interval: 'month' },
    { creditsPerCycle: '10', interval: 'month' },
    { creditsPerCycle: 10, interval: 'week' },
    { creditsPerCycle: 10 },
    { interval: 'month' },
    { creditsPerCycle: 10, interval: 'month', anchor: 'yesterday' },
    { creditsPerCycle: 10, interval: 'month', anchor: '2026-13-01T00:00:00Z' },
    { creditsPerCycle: 10, interval: 'month', anchor: '0000-01-01T00:00:00Z' },
    { creditsPerCycle: 10, interval: 'month', anchor: 1_700_000_000_000 },
    { creditsPerCycle: 10, interval: 'month', anchor: '9999-12-31T23:59:59Z' },
    { creditsPerCycle: 10, interval: 'month', profilesPerPage: 0 },
    { creditsPerCycle: 10, interval: 'month', profilesPerPage: 1.5 },
    { creditsPerCycle: 10, interval: 'month', extra: true },
  ];
  table.push(
    ...bodyCases('ops subscription', 'PUT', subPath).map((c) => ({ ...c, auth: 'ops' as const })),
    ...badSubscriptions.map((body) => ({
      name: `ops subscription ${JSON.stringify(body)}`,
      method: 'PUT',
      path: subPath,
      auth: 'ops' as const,
      body,
      status: 400,
    })),
    ...[0, -1, 1.5, 1_000_000_001, '5', null, [], {}].map((credits) => ({
      name: `ops top-up credits ${JSON.stringify(credits)}`,
      method: 'POST',
      path: () => `/v1/ops/users/${user.id}/topups`,
      auth: 'ops' as const,
      body: { credits },
      status: 400,
    })),
    ...bodyCases('ops top-up', 'POST', () => `/v1/ops/users/${user.id}/topups`).map((c) => ({
      ...c,
      auth: 'ops' as const,
    })),
    {
      name: 'ops top-up without key',
      method: 'POST',
      path: () => `/v1/ops/users/${user.id}/topups`,
      auth: 'ops',
      body: { credits: 1 },
      key: null,
      status: 400,
    },
    ...['x', 1, null, '', '2020-01-01T00:00:00Z', '2026-02-30T00:00:00Z'].map((now) => ({
      name: `ops clock ${JSON.stringify(now)}`,
      method: 'POST',
      path: '/v1/ops/clock',
      auth: 'ops' as const,
      body: { now },
      status: 400,
    })),
    ...bodyCases('ops clock', 'POST', '/v1/ops/clock').map((c) => ({ ...c, auth: 'ops' as const })),
    {
      name: 'ops outbox to a NUL byte',
      method: 'GET',
      path: '/v1/ops/outbox?to=%00',
      auth: 'ops',
      anyOutcome: true,
    },
  );
  return table;
}

describe('malformed requests', () => {
  it('never get a 5xx: every one is a 4xx problem document with a contract code', async () => {
    const table = cases();
    const failures: string[] = [];

    for (const c of table) {
      const { status, problem } = await check(c);
      if (problem) failures.push(`${c.name}: ${problem}`);
      else if (c.status !== undefined && status !== c.status)
        failures.push(`${c.name}: status ${status}, expected ${c.status}`);
      else if (c.status === undefined && !c.anyOutcome && (status < 400 || status >= 500)) {
        failures.push(`${c.name}: status ${status}`);
      }
    }

    expect(table.length).toBeGreaterThan(300);
    expect(failures).toEqual([]);
    await expectLedgerInvariant(app);
  }, 240_000);
});

describe('random bodies', () => {
  const fieldValue = fc.oneof(
    fc.constantFrom('page_scrape', 'enrichment', 'email_find', 1, 5, 900, 1000),
    fc.integer({ min: -5, max: 1005 }),
    fc.double(),
    fc.string({ unit: 'binary' }),
    fc.anything(),
  );
  const body = fc.oneof(
    fc.dictionary(
      fc.constantFrom(
        'action',
        'quantity',
        'verificationId',
        'ttlSeconds',
        'credits',
        'email',
        'password',
        'now',
        'x',
      ),
      fieldValue,
    ),
    fc.jsonValue(),
  );
  const target = fc.constantFrom(
    { method: 'POST', path: () => '/v1/spends', auth: 'user' as const },
    { method: 'POST', path: () => '/v1/holds', auth: 'user' as const },
    { method: 'POST', path: () => `/v1/holds/${holdId}/capture`, auth: 'user' as const },
    { method: 'POST', path: () => `/v1/holds/${holdId}/release`, auth: 'user' as const },
    { method: 'POST', path: () => '/v1/auth/login', auth: 'none' as const },
    { method: 'POST', path: () => `/v1/ops/users/${user.id}/topups`, auth: 'ops' as const },
    { method: 'PUT', path: () => `/v1/ops/users/${user.id}/subscription`, auth: 'ops' as const },
  );

  it('never get a 5xx and every error is a problem document with a contract code', async () => {
    await fc.assert(
      fc.asyncProperty(target, body, async (t, value) => {
        let raw: string | undefined;
        try {
          raw = JSON.stringify(value);
        } catch {
          raw = undefined; // BigInt and friends: nothing to send.
        }
        if (raw === undefined) return;
        const { problem } = await check({
          name: 'random',
          method: t.method,
          path: t.path,
          raw,
          auth: t.auth,
        });
        expect(problem, `${t.method} ${t.path()} ${raw.slice(0, 300)}`).toBeUndefined();
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 300) },
    );
    await expectLedgerInvariant(app);
  }, 240_000);
});
