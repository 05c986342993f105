import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { advanceClock, PASSWORD, signUp, uniqueEmail } from '../../support/accounts.ts';
import { createTestApp, json, type TestApp } from '../../support/test-app.ts';

const MINUTE_MS = 60 * 1000;

let app: TestApp;

beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => {
  await app?.close();
});

function login(email: string, password: string): Promise<Response> {
  return app.request('/v1/auth/login', json('POST', { email, password }));
}

async function failTimes(email: string, times: number): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < times; i++) statuses.push((await login(email, 'wrong password!')).status);
  return statuses;
}

describe('POST /v1/auth/login', () => {
  it('answers 200 with a new session token and the user for the right password', async () => {
    const { user } = await signUp(app);

    const response = await login(user.email, PASSWORD);

    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.user).toEqual(user);
    const me = await app.request('/v1/me', json('GET', undefined, { token: body.token }));
    expect(me.status).toBe(200);
  });

  it('accepts the email in another case and with surrounding spaces', async () => {
    const { user } = await signUp(app);

    const response = await login(` ${user.email.toUpperCase()} `, PASSWORD);

    expect(response.status).toBe(200);
  });

  it('answers the same 401 for a wrong password and for an unknown email', async () => {
    const { user } = await signUp(app);

    const wrongPassword = await login(user.email, 'not the password');
    const unknownEmail = await login(uniqueEmail('nobody'), PASSWORD);

    expect(wrongPassword.status).toBe(401);
    expect(unknownEmail.status).toBe(401);
    const [a, b] = [await wrongPassword.json(), await unknownEmail.json()];
    expect(a.code).toBe('unauthorized');
    expect(b).toEqual(a);
  });

  it('answers 400 validation_failed for a missing password or an unknown field', async () => {
    const missing = await app.request('/v1/auth/login', json('POST', { email: uniqueEmail() }));
    const extra = await app.request(
      '/v1/auth/login',
      json('POST', { email: uniqueEmail(), password: PASSWORD, remember: true }),
    );

    expect(missing.status).toBe(400);
    expect(extra.status).toBe(400);
  });
});

describe('login rate limiting per email', () => {
  it('answers 401 to 10 failures, then 429 to every attempt, right password included', async () => {
    const { user } = await signUp(app);

    const failures = await failTimes(user.email, 10);
    const eleventh = await login(user.email, PASSWORD);
    const twelfth = await login(user.email, 'wrong password!');

    expect(failures).toEqual(Array(10).fill(401));
    expect(eleventh.status).toBe(429);
    expect((await eleventh.json()).code).toBe('rate_limited');
    expect(twelfth.status).toBe(429);
  });

  it('lets the right password in again 15 minutes after the first of those failures, not before', async () => {
    const { user } = await signUp(app);
    await failTimes(user.email, 1);
    await advanceClock(app, 5 * MINUTE_MS);
    await failTimes(user.email, 9);

    await advanceClock(app, 10 * MINUTE_MS - 1000);
    const justBefore = await login(user.email, PASSWORD);
    await advanceClock(app, 1000);
    const atFifteenMinutes = await login(user.email, PASSWORD);

    expect(justBefore.status).toBe(429);
    expect(atFifteenMinutes.status).toBe(200);
  });

  it('starts counting again after a successful login', async () => {
    const { user } = await signUp(app);
    await failTimes(user.email, 9);
    expect((await login(user.email, PASSWORD)).status).toBe(200);

    const failures = await failTimes(user.email, 10);
    const next = await login(user.email, PASSWORD);

    expect(failures).toEqual(Array(10).fill(401));
    expect(next.status).toBe(429);
  });

  it('starts a new window for a failure 15 minutes after the first one', async () => {
    const { user } = await signUp(app);
    await failTimes(user.email, 9);
    await advanceClock(app, 15 * MINUTE_MS);

    const failures = await failTimes(user.email, 10);
    const next = await login(user.email, PASSWORD);

    expect(failures).toEqual(Array(10).fill(401));
    expect(next.status).toBe(429);
  });

  it('limits each email on its own', async () => {
    const blocked = await signUp(app);
    const other = await signUp(app);
    await failTimes(blocked.user.email, 11);

    const response = await login(other.user.email, PASSWORD);

    expect(response.status).toBe(200);
  });

  it('limits unknown emails the same way', async () => {
    const email = uniqueEmail('ghost');

    const statuses = await failTimes(email, 11);

    expect(statuses).toEqual([...Array(10).fill(401), 429]);
  });

  it('answers 401 to no more than 10 of many concurrent failures', async () => {
    const { user } = await signUp(app);

    const responses = await Promise.all(
      Array.from({ length: 15 }, () => login(user.email, 'wrong password!')),
    );

    const statuses = responses.map((response) => response.status).sort();
    expect(statuses).toEqual([...Array(10).fill(401), ...Array(5).fill(429)]);
  });
});
