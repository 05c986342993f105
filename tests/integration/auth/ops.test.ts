import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDeps } from '../../../server/deps.ts';
import { createApp } from '../../../server/http/app.ts';
import { outboxFor, signUp, uniqueEmail } from '../../support/accounts.ts';
import { createTestApp, json, OPERATOR_TOKEN, type TestApp } from '../../support/test-app.ts';

let app: TestApp;
let userToken: string;

beforeAll(async () => {
  app = await createTestApp();
  userToken = (await signUp(app)).token;
});
afterAll(async () => {
  await app?.close();
});

/** Another app over the same database with a different configuration (saves starting a database). */
async function appWith(overrides: Partial<TestApp['config']>) {
  const deps = await buildDeps({ db: app.db, clock: app.clock, config: { ...app.config, ...overrides } });
  return { request: createApp(deps).request, close: deps.close };
}

describe('operator guard on /v1/ops/*', () => {
  it.each([
    ['no token', undefined],
    ['a wrong token', 'not-the-operator-token'],
    ['the operator token with a suffix', `${OPERATOR_TOKEN}x`],
  ])('answers 401 unauthorized for %s', async (_label, token) => {
    const response = await app.request('/v1/ops/clock', json('GET', undefined, { token }));

    expect(response.status).toBe(401);
    expect((await response.json()).code).toBe('unauthorized');
  });

  it('answers 401 to a user’s session token', async () => {
    const response = await app.request('/v1/ops/outbox', json('GET', undefined, { token: userToken }));

    expect(response.status).toBe(401);
  });

  it('answers 401 before validating the body', async () => {
    const response = await app.request(
      '/v1/ops/clock',
      json('POST', { now: 'not a time', extra: 1 }, { token: userToken }),
    );

    expect(response.status).toBe(401);
  });

  it('answers 401 on ops paths that do not exist, and 404 to the operator there', async () => {
    const anonymous = await app.request('/v1/ops/nothing-here');
    const operator = await app.request(
      '/v1/ops/nothing-here',
      json('GET', undefined, { token: OPERATOR_TOKEN }),
    );

    expect(anonymous.status).toBe(401);
    expect(operator.status).toBe(404);
  });

  it('lets the operator token through', async () => {
    const response = await app.request('/v1/ops/clock', json('GET', undefined, { token: OPERATOR_TOKEN }));

    expect(response.status).toBe(200);
  });

  it('answers 404 not_found on every ops path when no operator token is configured', async () => {
    const disabled = await appWith({ operatorToken: undefined });

    const statuses = await Promise.all(
      ['/v1/ops/clock', '/v1/ops/outbox', '/v1/ops/anything'].map(async (path) => {
        const response = await disabled.request(path, json('GET', undefined, { token: OPERATOR_TOKEN }));
        return [response.status, (await response.json()).code];
      }),
    );
    const post = await disabled.request('/v1/ops/clock', json('POST', { now: new Date().toISOString() }));
    await disabled.close();

    expect(statuses).toEqual(Array(3).fill([404, 'not_found']));
    expect(post.status).toBe(404);
  });

  it('serves no clock and no outbox outside test mode', async () => {
    const production = await appWith({ testMode: false });

    const clock = await production.request(
      '/v1/ops/clock',
      json('GET', undefined, { token: OPERATOR_TOKEN }),
    );
    const outbox = await production.request(
      '/v1/ops/outbox',
      json('GET', undefined, { token: OPERATOR_TOKEN }),
    );
    await production.close();

    expect(clock.status).toBe(404);
    expect(outbox.status).toBe(404);
  });
});

describe('test clock', () => {
  function setClock(body: unknown): Promise<Response> {
    return app.request('/v1/ops/clock', json('POST', body, { token: OPERATOR_TOKEN }));
  }
  async function readClock(): Promise<string> {
    const response = await app.request('/v1/ops/clock', json('GET', undefined, { token: OPERATOR_TOKEN }));
    return (await response.json()).now;
  }

  it('follows the wall clock before it is first set', async () => {
    const now = Date.parse(await readClock());

    expect(Math.abs(now - Date.now())).toBeLessThan(5000);
  });

  it('sets the time and then stands still at it', async () => {
    const target = new Date(Date.now() + 60 * 60 * 1000).toISOString();

    const response = await setClock({ now: target });

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ now: target });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await readClock()).toBe(target);
  });

  it('accepts a time with an offset and answers it in UTC', async () => {
    // The UTC digits of three hours from now, read at +02:00: one hour from now.
    const threeHoursAhead = new Date(app.clock.now().getTime() + 3 * 60 * 60 * 1000);
    const withOffset = `${threeHoursAhead.toISOString().slice(0, 19)}+02:00`;

    const response = await setClock({ now: withOffset });

    expect(response.status).toBe(200);
    expect((await response.json()).now).toBe(new Date(withOffset).toISOString());
  });

  it('answers 400 validation_failed for an earlier time and leaves the clock where it was', async () => {
    const before = await readClock();

    const response = await setClock({ now: new Date(Date.parse(before) - 1000).toISOString() });

    expect(response.status).toBe(400);
    expect((await response.json()).code).toBe('validation_failed');
    expect(await readClock()).toBe(before);
  });

  it.each([
    ['an invalid date', { now: 'tomorrow' }],
    ['an impossible date', { now: '2026-02-30T10:00:00.000Z' }],
    ['a number', { now: 1_800_000_000_000 }],
    ['no now', {}],
    ['an unknown field', { now: new Date(Date.now() + 366 * 24 * 3600 * 1000).toISOString(), speed: 2 }],
  ])('answers 400 validation_failed for %s', async (_label, body) => {
    const before = await readClock();

    const response = await setClock(body);

    expect(response.status).toBe(400);
    expect((await response.json()).code).toBe('validation_failed');
    expect(await readClock()).toBe(before);
  });
});

describe('test outbox', () => {
  it('lists only the messages to `to`, in any case, newest first', async () => {
    const first = await signUp(app, { email: uniqueEmail('first') });
    const second = await signUp(app, { email: uniqueEmail('second') });
    await app.request('/v1/auth/resend-verification', json('POST', undefined, { token: first.token }));

    const messages = await outboxFor(app, first.user.email.toUpperCase());

    expect(messages).toHaveLength(2);
    expect(messages.every((message) => message.to === first.user.email)).toBe(true);
    expect(messages[0]!.verifyToken).not.toBe(messages[1]!.verifyToken);
    const verifyTokens = await app.db.query<{ created_at: Date }>(
      "SELECT created_at FROM auth_tokens WHERE user_id = $1 AND purpose = 'verify_email'",
      [first.user.id],
    );
    expect(verifyTokens.rows).toHaveLength(2);
    expect((await outboxFor(app, second.user.email)).map((message) => message.to)).toEqual([
      second.user.email,
    ]);
  });

  it('answers every message, newest first, without `to`', async () => {
    const { user } = await signUp(app);

    const response = await app.request('/v1/ops/outbox', json('GET', undefined, { token: OPERATOR_TOKEN }));

    const { messages } = await response.json();
    expect(messages.length).toBeGreaterThan(1);
    expect(messages[0]).toEqual({
      to: user.email,
      subject: expect.any(String),
      text: expect.stringContaining(messages[0].verifyToken),
      verifyToken: expect.any(String),
    });
  });

  it('answers an empty list for an address that got no mail', async () => {
    expect(await outboxFor(app, uniqueEmail('silent'))).toEqual([]);
  });
});
