import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../server/ids.ts';
import { advanceClock, PASSWORD, signUp } from '../../support/accounts.ts';
import { createTestApp, json, type TestApp } from '../../support/test-app.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

let app: TestApp;

beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => {
  await app?.close();
});

function me(token: string | undefined): Promise<Response> {
  return app.request('/v1/me', json('GET', undefined, { token }));
}

describe('GET /v1/me', () => {
  it('answers the user and a null team for a user in no team', async () => {
    const { token, user } = await signUp(app, { name: 'Lin' });

    const response = await me(token);

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ user, team: null });
  });

  it('answers the team, role and pool access of a team member', async () => {
    const { token, user } = await signUp(app);
    const teamId = newId('team');
    const now = app.clock.now().toISOString();
    await app.db.query('INSERT INTO teams (id, name, domain, created_at) VALUES ($1, $2, $3, $4)', [
      teamId,
      'Acme',
      'example.com',
      now,
    ]);
    await app.db.query(
      `INSERT INTO team_members (user_id, team_id, role, pool_access, cycle_cap, joined_at)
       VALUES ($1, $2, 'member', false, NULL, $3)`,
      [user.id, teamId, now],
    );

    const response = await me(token);

    expect((await response.json()).team).toEqual({
      id: teamId,
      name: 'Acme',
      domain: 'example.com',
      role: 'member',
      poolAccess: false,
    });
  });

  it.each([
    ['no Authorization header', {}],
    ['another scheme', { authorization: 'Basic dXNlcjpwYXNz' }],
    ['an empty bearer', { authorization: 'Bearer ' }],
    ['a malformed bearer', { authorization: 'Bearer not a token' }],
    ['an unknown token', { authorization: 'Bearer AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }],
  ])('answers 401 unauthorized for %s', async (_label, headers) => {
    const response = await app.request('/v1/me', { headers });

    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect((await response.json()).code).toBe('unauthorized');
  });
});

describe('POST /v1/auth/logout', () => {
  it('answers 204 and revokes the token, leaving the user’s other sessions alive', async () => {
    const { token, user } = await signUp(app);
    const other = (
      await (
        await app.request('/v1/auth/login', json('POST', { email: user.email, password: PASSWORD }))
      ).json()
    ).token as string;
    // Used once first, so that the server has looked the session up (and may remember it).
    expect((await me(token)).status).toBe(200);

    const response = await app.request('/v1/auth/logout', json('POST', undefined, { token }));

    expect(response.status).toBe(204);
    expect(await response.text()).toBe('');
    expect((await me(token)).status).toBe(401);
    expect((await app.request('/v1/auth/logout', json('POST', undefined, { token }))).status).toBe(401);
    expect((await me(other)).status).toBe(200);
  });

  it('answers 401 without a token', async () => {
    const response = await app.request('/v1/auth/logout', json('POST'));

    expect(response.status).toBe(401);
  });
});

// These move the shared clock forward by days: keep them last in this file.
describe('session lifetime', () => {
  it('accepts a token until 30 days after issue and answers 401 from then on', async () => {
    const { token } = await signUp(app);
    const issuedAt = app.clock.now().getTime();

    await advanceClock(app, 30 * DAY_MS - 1000);
    const justBefore = await me(token);
    await advanceClock(app, issuedAt + 30 * DAY_MS - app.clock.now().getTime());
    const atThirtyDays = await me(token);

    expect(justBefore.status).toBe(200);
    expect(atThirtyDays.status).toBe(401);
    expect((await atThirtyDays.json()).code).toBe('unauthorized');
  });

  it('issues a fresh 30-day token at login after the old one expired', async () => {
    const { token, user } = await signUp(app);
    await advanceClock(app, 31 * DAY_MS);

    const response = await app.request(
      '/v1/auth/login',
      json('POST', { email: user.email, password: PASSWORD }),
    );
    const fresh = (await response.json()).token as string;

    expect((await me(token)).status).toBe(401);
    expect((await me(fresh)).status).toBe(200);
  });
});
