import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { advanceClock, outboxFor, PASSWORD, signUp, uniqueEmail } from '../../support/accounts.ts';
import { createTestApp, json, type TestApp } from '../../support/test-app.ts';

let app: TestApp;

beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => {
  await app?.close();
});

async function userCount(email: string): Promise<number> {
  const { rows } = await app.db.query<{ n: number }>('SELECT count(*) AS n FROM users WHERE email = $1', [
    email,
  ]);
  return rows[0]!.n;
}

describe('POST /v1/auth/signup', () => {
  it('answers 201 with a session token and the new, unverified user', async () => {
    const email = uniqueEmail('ada');

    const response = await app.request(
      '/v1/auth/signup',
      json('POST', { email, password: PASSWORD, name: 'Ada' }),
    );

    expect(response.status).toBe(201);
    const body = await response.json();
    expect(body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(body.user).toEqual({
      id: expect.stringMatching(/^usr_/),
      email,
      name: 'Ada',
      emailVerified: false,
    });
    const me = await app.request('/v1/me', json('GET', undefined, { token: body.token }));
    expect((await me.json()).user.id).toBe(body.user.id);
  });

  it('stores the email trimmed and lower-cased, and a missing name as null', async () => {
    const email = uniqueEmail('Grace', 'Example.COM');

    const response = await app.request(
      '/v1/auth/signup',
      json('POST', { email: `  ${email} `, password: PASSWORD }),
    );

    expect(response.status).toBe(201);
    const { user } = await response.json();
    expect(user.email).toBe(email.toLowerCase());
    expect(user.name).toBeNull();
  });

  it('grants the sign-up free credits in the same transaction', async () => {
    const { user } = await signUp(app);

    const { rows } = await app.db.query<{ balance: number }>(
      "SELECT balance FROM buckets WHERE owner_id = $1 AND bucket = 'personal.free'",
      [user.id],
    );
    expect(rows[0]?.balance).toBe(app.config.freeSignupCredits);
  });

  it('answers 409 email_taken for an address already registered, in any case, and creates nothing', async () => {
    const email = uniqueEmail('taken');
    await signUp(app, { email });

    const response = await app.request(
      '/v1/auth/signup',
      json('POST', { email: email.toUpperCase(), password: 'another password' }),
    );

    expect(response.status).toBe(409);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect((await response.json()).code).toBe('email_taken');
    expect(await userCount(email)).toBe(1);
  });

  it('lets exactly one of two concurrent sign-ups of one address succeed', async () => {
    const email = uniqueEmail('race');

    const responses = await Promise.all(
      [1, 2].map(() => app.request('/v1/auth/signup', json('POST', { email, password: PASSWORD }))),
    );

    expect(responses.map((response) => response.status).sort()).toEqual([201, 409]);
    const loser = responses.find((response) => response.status === 409)!;
    expect((await loser.json()).code).toBe('email_taken');
    expect(await userCount(email)).toBe(1);
  });

  it('answers 400 validation_failed for a password under 10 characters', async () => {
    const email = uniqueEmail('short');

    const response = await app.request('/v1/auth/signup', json('POST', { email, password: '123456789' }));

    expect(response.status).toBe(400);
    expect((await response.json()).code).toBe('validation_failed');
    expect(await userCount(email)).toBe(0);
  });

  it.each([
    'plainaddress',
    'two@@example.com',
    'a@b@example.com',
    '@example.com',
    'user@',
    'user@localhost',
    'us er@example.com',
    'user@exa mple.com',
    'user@.example.com',
    'user@example..com',
    'user@example.com.',
    '.user@example.com',
    `${'a'.repeat(250)}@example.com`,
    '',
  ])('answers 400 validation_failed for the malformed email %j', async (email) => {
    const response = await app.request('/v1/auth/signup', json('POST', { email, password: PASSWORD }));

    expect(response.status).toBe(400);
    expect((await response.json()).code).toBe('validation_failed');
  });

  it('answers 400 validation_failed for an unknown field, naming it', async () => {
    const email = uniqueEmail('extra');

    const response = await app.request(
      '/v1/auth/signup',
      json('POST', { email, password: PASSWORD, admin: true }),
    );

    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.code).toBe('validation_failed');
    expect(body.detail).toContain('admin');
    expect(await userCount(email)).toBe(0);
  });

  it.each([
    ['null', 'null'],
    ['an array', '[]'],
    ['a number', '42'],
    ['a string', '"hello"'],
    ['invalid JSON', '{"email":'],
    ['no body', ''],
  ])('answers 400 validation_failed for %s as the body', async (_label, body) => {
    const response = await app.request('/v1/auth/signup', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });

    expect(response.status).toBe(400);
    expect((await response.json()).code).toBe('validation_failed');
  });

  it('answers 400 validation_failed when a required field is missing or of the wrong type', async () => {
    const missing = await app.request('/v1/auth/signup', json('POST', { email: uniqueEmail() }));
    const wrongType = await app.request(
      '/v1/auth/signup',
      json('POST', { email: uniqueEmail(), password: 1234567890 }),
    );

    expect(missing.status).toBe(400);
    expect(wrongType.status).toBe(400);
  });

  it('answers 415 unsupported_media_type for a body that is not application/json', async () => {
    const email = uniqueEmail('form');

    const response = await app.request('/v1/auth/signup', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ email, password: PASSWORD }),
    });

    expect(response.status).toBe(415);
    expect((await response.json()).code).toBe('unsupported_media_type');
    expect(await userCount(email)).toBe(0);
  });
});

describe('email verification', () => {
  it('sends a verification message whose token verifies the email', async () => {
    const { token, user } = await signUp(app);
    const [message] = await outboxFor(app, user.email);

    const response = await app.request(
      '/v1/auth/verify-email',
      json('POST', { token: message!.verifyToken }),
    );

    expect(message!.text).toContain(message!.verifyToken);
    expect(response.status).toBe(200);
    expect((await response.json()).user).toEqual({ ...user, emailVerified: true });
    const me = await app.request('/v1/me', json('GET', undefined, { token }));
    expect((await me.json()).user.emailVerified).toBe(true);
  });

  it('verifies the email when the link in the message is opened in a browser', async () => {
    const { token, user } = await signUp(app);
    const [message] = await outboxFor(app, user.email);
    const link = new URL(/https?:\/\/\S+/.exec(message!.text)![0]);

    const page = await app.request(`${link.pathname}${link.search}`);

    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('confirmed');
    const me = await app.request('/v1/me', json('GET', undefined, { token }));
    expect((await me.json()).user.emailVerified).toBe(true);
  });

  it('answers a page saying so when a browser opens an unknown verification link', async () => {
    const page = await app.request('/v1/auth/verify-email?token=nope');

    expect(page.status).toBe(400);
    expect(await page.text()).toContain('unknown or has expired');
  });

  it('answers 400 validation_failed for a token it never issued, and verifies nothing', async () => {
    const { token } = await signUp(app);

    const response = await app.request('/v1/auth/verify-email', json('POST', { token: 'not-a-real-token' }));

    expect(response.status).toBe(400);
    expect((await response.json()).code).toBe('validation_failed');
    const me = await app.request('/v1/me', json('GET', undefined, { token }));
    expect((await me.json()).user.emailVerified).toBe(false);
  });

  it('does not accept a session token as a verification token', async () => {
    const { token } = await signUp(app);

    const response = await app.request('/v1/auth/verify-email', json('POST', { token }));

    expect(response.status).toBe(400);
  });

  it('sends another message on resend-verification, newest first', async () => {
    const { token, user } = await signUp(app);

    const response = await app.request('/v1/auth/resend-verification', json('POST', undefined, { token }));

    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ sent: true });
    const messages = await outboxFor(app, user.email);
    expect(messages).toHaveLength(2);
    const verified = await app.request(
      '/v1/auth/verify-email',
      json('POST', { token: messages[0]!.verifyToken }),
    );
    expect(verified.status).toBe(200);
  });

  it('sends nothing on resend-verification once the email is verified', async () => {
    const { token, user } = await signUp(app);
    const [message] = await outboxFor(app, user.email);
    await app.request('/v1/auth/verify-email', json('POST', { token: message!.verifyToken }));

    const response = await app.request('/v1/auth/resend-verification', json('POST', undefined, { token }));

    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ sent: false });
    expect(await outboxFor(app, user.email)).toHaveLength(1);
  });

  it('answers 401 on resend-verification without a session token', async () => {
    const response = await app.request('/v1/auth/resend-verification', json('POST'));

    expect(response.status).toBe(401);
  });

  // Moves the shared clock forward: keep it last in this file.
  it('refuses a verification token 7 days after it was issued', async () => {
    const { user } = await signUp(app);
    const [message] = await outboxFor(app, user.email);

    await advanceClock(app, 7 * 24 * 60 * 60 * 1000);
    const response = await app.request(
      '/v1/auth/verify-email',
      json('POST', { token: message!.verifyToken }),
    );

    expect(response.status).toBe(400);
    expect((await response.json()).code).toBe('validation_failed');
  });
});
