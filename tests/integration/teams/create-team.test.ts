import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Me } from '../../../api-client/contract/auth.ts';
import type { Team } from '../../../api-client/contract/teams.ts';
import { balanceOf, expectLedgerInvariant, setClock, signUp, uniqueEmail } from '../../support/billing.ts';
import {
  createTeam,
  createTeamRequest,
  currentTeam,
  setUpTeam,
  uniqueDomain,
  verifiedUser,
} from '../../support/teams.ts';
import { createTestApp, json, type TestApp } from '../../support/test-app.ts';

const NOW = '2031-03-10T09:00:00.000Z';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
  await setClock(app, NOW);
});
afterEach(async () => {
  await expectLedgerInvariant(app);
});
afterAll(async () => {
  await app.close();
});

async function me(token: string): Promise<Me> {
  const response = await app.request('/v1/me', json('GET', undefined, { token }));
  expect(response.status).toBe(200);
  return (await response.json()) as Me;
}

async function teamCount(): Promise<number> {
  const { rows } = await app.db.query<{ n: number }>('SELECT count(*)::integer AS n FROM teams');
  return rows[0]!.n;
}

describe('POST /v1/teams', () => {
  it('founds a team on the caller’s email domain and makes the caller its admin with pool access', async () => {
    const domain = uniqueDomain();
    const admin = await verifiedUser(app, uniqueEmail(domain));

    const response = await createTeamRequest(app, admin, '  Acme Sourcing  ');

    expect(response.status).toBe(201);
    const team = (await response.json()) as Team;
    expect(team).toEqual({
      id: expect.stringMatching(/^team_/),
      name: 'Acme Sourcing',
      domain,
      createdAt: NOW,
    });
    expect((await me(admin.token)).team).toEqual({
      id: team.id,
      name: 'Acme Sourcing',
      domain,
      role: 'admin',
      poolAccess: true,
    });
    const view = await currentTeam(app, admin);
    expect(view.team).toEqual({ id: team.id, name: 'Acme Sourcing', domain });
    expect(view.members).toEqual([
      {
        userId: admin.id,
        email: admin.email,
        name: null,
        role: 'admin',
        poolAccess: true,
        cycleCap: null,
        creditsUsed: 0,
      },
    ]);
    expect(view.pool).toEqual({
      available: 0,
      total: 0,
      subscription: 0,
      topup: 0,
      held: 0,
      cycleStart: null,
      cycleEnd: null,
    });
    const balance = await balanceOf(app, admin);
    expect(balance.available).toBe(50);
    expect(balance.team).toMatchObject({ id: team.id, poolAccess: true, cycleCap: null, creditsUsed: 0 });
    expect(balance.spendOrder).toEqual([
      'team.subscription',
      'team.topup',
      'personal.subscription',
      'personal.topup',
      'personal.free',
    ]);
  });

  it.each(['gmail.com', 'outlook.com', 'yahoo.co.uk', 'gmx.de', 'proton.me'])(
    'refuses a team on the public mail domain %s with 422 domain_not_allowed',
    async (domain) => {
      const user = await verifiedUser(app, uniqueEmail(domain));
      const before = await teamCount();

      const response = await createTeamRequest(app, user);

      expect(response.status).toBe(422);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(await response.json()).toMatchObject({ status: 422, code: 'domain_not_allowed' });
      expect((await me(user.token)).team).toBeNull();
      expect(await teamCount()).toBe(before);
    },
  );

  it('answers 422 email_unverified when the caller has not verified their email', async () => {
    const user = await signUp(app, uniqueEmail(uniqueDomain()));

    const response = await createTeamRequest(app, user);

    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ code: 'email_unverified' });
    expect((await me(user.token)).team).toBeNull();
  });

  it('answers domain_not_allowed before email_unverified (domain checks come first)', async () => {
    const user = await signUp(app, uniqueEmail('gmail.com'));

    const response = await createTeamRequest(app, user);

    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ code: 'domain_not_allowed' });
  });

  it('answers 409 already_in_team to an admin founding a second team, and keeps the first', async () => {
    const { team, admin } = await setUpTeam(app, { members: 0 });
    const before = await teamCount();

    const response = await createTeamRequest(app, admin, 'Second');

    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ code: 'already_in_team' });
    expect((await me(admin.token)).team?.id).toBe(team.id);
    expect(await teamCount()).toBe(before);
  });

  it('answers 409 already_in_team to a member founding a team', async () => {
    const { team, members } = await setUpTeam(app, { members: 1 });

    const response = await createTeamRequest(app, members[0]!, 'Breakaway');

    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ code: 'already_in_team' });
    expect((await me(members[0]!.token)).team).toMatchObject({ id: team.id, role: 'member' });
  });

  it('founds only one team when the same caller asks twice at once', async () => {
    const admin = await verifiedUser(app, uniqueEmail(uniqueDomain()));
    const before = await teamCount();

    const statuses = await Promise.all(
      [1, 2, 3].map(() => createTeamRequest(app, admin).then((r) => r.status)),
    );

    expect(statuses.sort()).toEqual([201, 409, 409]);
    expect(await teamCount()).toBe(before + 1);
  });

  it.each([
    ['an empty name', { name: '' }],
    ['a blank name', { name: '   ' }],
    ['a name of 101 characters', { name: 'x'.repeat(101) }],
    ['a missing name', {}],
    ['a name that is not a string', { name: 42 }],
    ['an unknown field', { name: 'Acme', domain: 'acme.test' }],
    ['a name with a NUL byte', { name: 'Ac\u0000me' }],
    ['a name with a line break', { name: 'Ac\nme' }],
  ])('answers 400 validation_failed to %s', async (_, body) => {
    const user = await verifiedUser(app, uniqueEmail(uniqueDomain()));
    const before = await teamCount();

    const response = await app.request('/v1/teams', json('POST', body, { token: user.token }));

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'validation_failed' });
    expect(await teamCount()).toBe(before);
  });

  it('accepts a name of exactly 100 characters', async () => {
    const user = await verifiedUser(app, uniqueEmail(uniqueDomain()));

    const team = await createTeam(app, user, 'n'.repeat(100));

    expect(team.name).toHaveLength(100);
  });

  it('answers 401 without a token, before validating the body', async () => {
    const response = await app.request('/v1/teams', json('POST', { name: '' }));

    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ code: 'unauthorized' });
  });
});

describe('GET /v1/teams/current', () => {
  it('answers 404 not_found to a user in no team', async () => {
    const user = await signUp(app);

    const response = await app.request('/v1/teams/current', json('GET', undefined, { token: user.token }));

    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ code: 'not_found' });
  });

  it('answers 401 without a token', async () => {
    const response = await app.request('/v1/teams/current');

    expect(response.status).toBe(401);
  });
});
