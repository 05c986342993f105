import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Me } from '../../../api-client/contract/auth.ts';
import type { Member } from '../../../api-client/contract/teams.ts';
import { balanceOf, expectLedgerInvariant, setClock, signUp, uniqueEmail } from '../../support/billing.ts';
import {
  addMember,
  addMemberRequest,
  currentTeam,
  patchMember,
  removeMember,
  setUpTeam,
  verifiedUser,
} from '../../support/teams.ts';
import { createTestApp, json, type TestApp } from '../../support/test-app.ts';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
  await setClock(app, '2031-03-10T09:00:00.000Z');
});
afterEach(async () => {
  await expectLedgerInvariant(app);
});
afterAll(async () => {
  await app.close();
});

async function teamOfUser(token: string): Promise<Me['team']> {
  const response = await app.request('/v1/me', json('GET', undefined, { token }));
  expect(response.status).toBe(200);
  return ((await response.json()) as Me).team;
}

function domainOf(email: string): string {
  return email.split('@')[1]!;
}

describe('POST /v1/teams/current/members', () => {
  it('adds a verified user of the team’s domain with pool access by default', async () => {
    const { team, admin } = await setUpTeam(app, { members: 0 });
    const user = await verifiedUser(app, uniqueEmail(team.domain));

    const response = await addMemberRequest(app, admin, { email: user.email.toUpperCase() });

    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({
      userId: user.id,
      email: user.email,
      name: null,
      role: 'member',
      poolAccess: true,
      cycleCap: null,
      creditsUsed: 0,
    } satisfies Member);
    expect(await teamOfUser(user.token)).toEqual({
      id: team.id,
      name: team.name,
      domain: team.domain,
      role: 'member',
      poolAccess: true,
    });
  });

  it('adds a member without pool access when asked', async () => {
    const { team, admin } = await setUpTeam(app, { members: 0 });
    const user = await verifiedUser(app, uniqueEmail(team.domain));

    const member = await addMember(app, admin, user, { poolAccess: false });

    expect(member.poolAccess).toBe(false);
    expect((await balanceOf(app, user)).spendOrder).toEqual([
      'personal.subscription',
      'personal.topup',
      'personal.free',
    ]);
  });

  it('answers 422 domain_mismatch for a user of another domain', async () => {
    const { admin } = await setUpTeam(app, { members: 0 });
    const outsider = await verifiedUser(app, uniqueEmail('elsewhere.test'));

    const response = await addMemberRequest(app, admin, { email: outsider.email });

    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ code: 'domain_mismatch' });
    expect(await teamOfUser(outsider.token)).toBeNull();
  });

  it('answers 404 not_found for an email nobody registered', async () => {
    const { team, admin } = await setUpTeam(app, { members: 0 });

    const response = await addMemberRequest(app, admin, { email: uniqueEmail(team.domain) });

    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ code: 'not_found' });
    expect((await currentTeam(app, admin)).members).toHaveLength(1);
  });

  it('answers 422 email_unverified for a user who has not verified their email', async () => {
    const { team, admin } = await setUpTeam(app, { members: 0 });
    const user = await signUp(app, uniqueEmail(team.domain));

    const response = await addMemberRequest(app, admin, { email: user.email });

    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ code: 'email_unverified' });
    expect(await teamOfUser(user.token)).toBeNull();
  });

  it('answers domain_mismatch before email_unverified', async () => {
    const { admin } = await setUpTeam(app, { members: 0 });
    const user = await signUp(app, uniqueEmail('elsewhere.test'));

    const response = await addMemberRequest(app, admin, { email: user.email });

    expect(await response.json()).toMatchObject({ code: 'domain_mismatch' });
  });

  it('answers 409 already_in_team for a member of this team, the admin included', async () => {
    const { admin, members } = await setUpTeam(app, { members: 1 });

    const again = await addMemberRequest(app, admin, { email: members[0]!.email });
    const self = await addMemberRequest(app, admin, { email: admin.email });

    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ code: 'already_in_team' });
    expect(self.status).toBe(409);
    expect(await self.json()).toMatchObject({ code: 'already_in_team' });
  });

  it('answers 409 already_in_team for a member of another team of the same domain', async () => {
    const first = await setUpTeam(app, { members: 0 });
    const rivalAdmin = await verifiedUser(app, uniqueEmail(first.team.domain));
    const rival = await app.request(
      '/v1/teams',
      json('POST', { name: 'Rival' }, { token: rivalAdmin.token }),
    );
    expect(rival.status).toBe(201);

    const response = await addMemberRequest(app, first.admin, { email: rivalAdmin.email });

    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ code: 'already_in_team' });
    expect((await teamOfUser(rivalAdmin.token))?.role).toBe('admin');
  });

  it('answers 403 forbidden to a member who is not the admin', async () => {
    const { team, members } = await setUpTeam(app, { members: 1 });
    const candidate = await verifiedUser(app, uniqueEmail(team.domain));

    const response = await addMemberRequest(app, members[0]!, { email: candidate.email });

    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ code: 'forbidden' });
    expect(await teamOfUser(candidate.token)).toBeNull();
  });

  it('answers 404 before 403 when a non-admin names an unknown email (existence comes first)', async () => {
    const { team, members } = await setUpTeam(app, { members: 1 });

    const response = await addMemberRequest(app, members[0]!, { email: uniqueEmail(team.domain) });

    expect(response.status).toBe(404);
  });

  it('answers 404 not_found to a caller in no team', async () => {
    const loner = await verifiedUser(app);
    const other = await verifiedUser(app, uniqueEmail(domainOf(loner.email)));

    const response = await addMemberRequest(app, loner, { email: other.email });

    expect(response.status).toBe(404);
  });

  it.each([
    ['a malformed email', { email: 'not-an-email' }],
    ['a missing email', {}],
    ['a non-boolean poolAccess', { email: 'a@b.test', poolAccess: 'yes' }],
    ['an unknown field', { email: 'a@b.test', role: 'admin' }],
    ['an email with a NUL byte', { email: 'a\u0000b@b.test' }],
  ])('answers 400 validation_failed to %s', async (_, body) => {
    const { admin } = await setUpTeam(app, { members: 0 });

    const response = await app.request(
      '/v1/teams/current/members',
      json('POST', body, { token: admin.token }),
    );

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'validation_failed' });
  });

  it('adds a user only once when two admins add them at once', async () => {
    const a = await setUpTeam(app, { members: 0 });
    const bAdmin = await verifiedUser(app, uniqueEmail(a.team.domain));
    expect(
      (await app.request('/v1/teams', json('POST', { name: 'B' }, { token: bAdmin.token }))).status,
    ).toBe(201);
    const user = await verifiedUser(app, uniqueEmail(a.team.domain));

    const statuses = await Promise.all(
      [a.admin, bAdmin, a.admin, bAdmin].map((admin) =>
        addMemberRequest(app, admin, { email: user.email }).then((response) => response.status),
      ),
    );

    expect(statuses.sort()).toEqual([201, 409, 409, 409]);
    expect(await teamOfUser(user.token)).not.toBeNull();
  });
});

describe('GET /v1/teams/current member table', () => {
  it('shows the admin every member and a member only their own row', async () => {
    const { admin, members } = await setUpTeam(app, { members: 2 });

    const adminView = await currentTeam(app, admin);
    const memberView = await currentTeam(app, members[1]!);

    // The admin first, then members by join time (here one instant: the test clock stands still), then email.
    const byEmail = [...members].sort((a, b) => (a.email < b.email ? -1 : 1));
    expect(adminView.members.map((member) => [member.userId, member.role])).toEqual([
      [admin.id, 'admin'],
      [byEmail[0]!.id, 'member'],
      [byEmail[1]!.id, 'member'],
    ]);
    expect(memberView.members).toEqual([
      {
        userId: members[1]!.id,
        email: members[1]!.email,
        name: null,
        role: 'member',
        poolAccess: true,
        cycleCap: null,
        creditsUsed: 0,
      },
    ]);
    expect(memberView.team).toEqual(adminView.team);
    expect(memberView.pool).toEqual(adminView.pool);
  });
});

describe('PATCH /v1/teams/current/members/{userId}', () => {
  it('changes pool access and cycle cap and answers the member', async () => {
    const { admin, members } = await setUpTeam(app, { members: 1 });
    const member = members[0]!;

    const response = await patchMember(app, admin, member.id, { poolAccess: false, cycleCap: 25 });

    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ userId: member.id, poolAccess: false, cycleCap: 25 });
    expect(await teamOfUser(member.token)).toMatchObject({ poolAccess: false });
    expect((await balanceOf(app, member)).team).toMatchObject({ poolAccess: false, cycleCap: 25 });
  });

  it('leaves absent fields as they are, and lifts a cap with null', async () => {
    const { admin, members } = await setUpTeam(app, { members: 1 });
    const member = members[0]!;
    await patchMember(app, admin, member.id, { poolAccess: false, cycleCap: 7 });

    const onlyAccess = await patchMember(app, admin, member.id, { poolAccess: true });
    const lifted = await patchMember(app, admin, member.id, { cycleCap: null });

    expect(await onlyAccess.json()).toMatchObject({ poolAccess: true, cycleCap: 7 });
    expect(await lifted.json()).toMatchObject({ poolAccess: true, cycleCap: null });
  });

  it('answers 200 with the member unchanged to an empty patch, with or without a body', async () => {
    const { admin, members } = await setUpTeam(app, { members: 1 });
    const member = members[0]!;

    const empty = await patchMember(app, admin, member.id, {});
    const noBody = await app.request(
      `/v1/teams/current/members/${member.id}`,
      json('PATCH', undefined, { token: admin.token }),
    );

    expect(empty.status).toBe(200);
    expect(await empty.json()).toMatchObject({ userId: member.id, poolAccess: true, cycleCap: null });
    expect(noBody.status).toBe(200);
  });

  it('lets the admin cap their own pool use', async () => {
    const { admin } = await setUpTeam(app, { members: 0 });

    const response = await patchMember(app, admin, admin.id, { cycleCap: 0 });

    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ role: 'admin', cycleCap: 0 });
  });

  it.each([
    ['a negative cap', { cycleCap: -1 }],
    ['a fractional cap', { cycleCap: 1.5 }],
    ['a cap too large for a balance', { cycleCap: 2 ** 31 }],
    ['a string cap', { cycleCap: '10' }],
    ['a null poolAccess', { poolAccess: null }],
    ['an unknown field', { role: 'admin' }],
  ])('answers 400 validation_failed to %s', async (_, body) => {
    const { admin, members } = await setUpTeam(app, { members: 1 });

    const response = await patchMember(app, admin, members[0]!.id, body);

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'validation_failed' });
    expect((await currentTeam(app, admin)).members[1]).toMatchObject({ role: 'member', cycleCap: null });
  });

  it('answers 404 for a user who is not in the caller’s team', async () => {
    const { admin } = await setUpTeam(app, { members: 0 });
    const other = await setUpTeam(app, { members: 1 });

    const stranger = await patchMember(app, admin, other.members[0]!.id, { poolAccess: false });
    const nobody = await patchMember(app, admin, 'usr_nobody', { poolAccess: false });
    const nul = await patchMember(app, admin, 'usr_%00', { poolAccess: false });

    expect(stranger.status).toBe(404);
    expect(await stranger.json()).toMatchObject({ code: 'not_found' });
    expect(nobody.status).toBe(404);
    expect(nul.status).toBe(404);
    expect((await currentTeam(app, other.admin)).members[1]).toMatchObject({ poolAccess: true });
  });

  it('answers 403 forbidden to a member who is not the admin, themselves included', async () => {
    const { admin, members } = await setUpTeam(app, { members: 2 });

    const other = await patchMember(app, members[0]!, members[1]!.id, { poolAccess: false });
    const self = await patchMember(app, members[0]!, members[0]!.id, { cycleCap: null });
    const onAdmin = await patchMember(app, members[0]!, admin.id, { poolAccess: false });

    expect([other.status, self.status, onAdmin.status]).toEqual([403, 403, 403]);
    expect(await other.json()).toMatchObject({ code: 'forbidden' });
    expect((await currentTeam(app, admin)).members.every((member) => member.poolAccess)).toBe(true);
  });
});

describe('DELETE /v1/teams/current/members/{userId}', () => {
  it('removes a member: 204, they are in no team, and the table no longer lists them', async () => {
    const { admin, members } = await setUpTeam(app, { members: 2 });

    const response = await removeMember(app, admin, members[0]!.id);

    expect(response.status).toBe(204);
    expect(await response.text()).toBe('');
    expect(await teamOfUser(members[0]!.token)).toBeNull();
    expect((await currentTeam(app, admin)).members.map((member) => member.userId)).toEqual([
      admin.id,
      members[1]!.id,
    ]);
    const gone = await app.request('/v1/teams/current', json('GET', undefined, { token: members[0]!.token }));
    expect(gone.status).toBe(404);
  });

  it('lets a removed member be added again', async () => {
    const { admin, members } = await setUpTeam(app, { members: 1 });
    await removeMember(app, admin, members[0]!.id);

    const member = await addMember(app, admin, members[0]!, { poolAccess: false });

    expect(member).toMatchObject({ userId: members[0]!.id, role: 'member', poolAccess: false });
  });

  it('answers 404 for a user who is not in the caller’s team', async () => {
    const { admin } = await setUpTeam(app, { members: 0 });
    const other = await setUpTeam(app, { members: 1 });

    const response = await removeMember(app, admin, other.members[0]!.id);
    const nul = await removeMember(app, admin, 'usr_%00');

    expect(response.status).toBe(404);
    expect(nul.status).toBe(404);
    expect(await teamOfUser(other.members[0]!.token)).not.toBeNull();
  });

  it('answers 403 forbidden to a member who is not the admin', async () => {
    const { admin, members } = await setUpTeam(app, { members: 2 });

    const other = await removeMember(app, members[0]!, members[1]!.id);
    const onAdmin = await removeMember(app, members[0]!, admin.id);
    const self = await removeMember(app, members[0]!, members[0]!.id);

    expect([other.status, onAdmin.status, self.status]).toEqual([403, 403, 403]);
    expect(await other.json()).toMatchObject({ code: 'forbidden' });
    expect((await currentTeam(app, admin)).members).toHaveLength(3);
  });

  it('refuses to remove the team’s only admin with 403 forbidden', async () => {
    const { admin, members } = await setUpTeam(app, { members: 1 });

    const response = await removeMember(app, admin, admin.id);

    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ code: 'forbidden' });
    expect(await teamOfUser(admin.token)).toMatchObject({ role: 'admin' });
    expect((await currentTeam(app, admin)).members).toHaveLength(1 + members.length);
  });
});
