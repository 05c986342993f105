import { expect } from 'vitest';
import type { Member, Team, TeamCurrent } from '../../api-client/contract/teams.ts';
import { ops, signUp, type TestUser, uniqueEmail } from './billing.ts';
import { json, type TestApp } from './test-app.ts';

/** Signs up `email` and verifies it with the token from the test outbox, as a user clicking the link would. */
export async function verifiedUser(app: TestApp, email = uniqueEmail()): Promise<TestUser> {
  const user = await signUp(app, email);
  const outbox = await app.request(`/v1/ops/outbox?to=${encodeURIComponent(user.email)}`, ops('GET'));
  expect(outbox.status).toBe(200);
  const { messages } = (await outbox.json()) as { messages: Array<{ verifyToken?: string }> };
  const token = messages[0]?.verifyToken;
  expect(token).toBeTypeOf('string');
  const verified = await app.request('/v1/auth/verify-email', json('POST', { token }));
  expect(verified.status).toBe(200);
  return user;
}

export function createTeamRequest(app: TestApp, user: TestUser, name = 'Acme Sourcing'): Promise<Response> {
  return app.request('/v1/teams', json('POST', { name }, { token: user.token }));
}

/** Founds a team as `admin`; throws unless it answers 201. */
export async function createTeam(app: TestApp, admin: TestUser, name?: string): Promise<Team> {
  const response = await createTeamRequest(app, admin, name);
  expect(response.status).toBe(201);
  return (await response.json()) as Team;
}

export function addMemberRequest(
  app: TestApp,
  caller: TestUser,
  body: { email: string; poolAccess?: boolean },
): Promise<Response> {
  return app.request('/v1/teams/current/members', json('POST', body, { token: caller.token }));
}

/** Adds `member` to `admin`'s team; throws unless it answers 201. */
export async function addMember(
  app: TestApp,
  admin: TestUser,
  member: TestUser,
  options: { poolAccess?: boolean } = {},
): Promise<Member> {
  const response = await addMemberRequest(app, admin, { email: member.email, ...options });
  expect(response.status).toBe(201);
  return (await response.json()) as Member;
}

export function patchMember(
  app: TestApp,
  caller: TestUser,
  memberId: string,
  body: Record<string, unknown>,
): Promise<Response> {
  return app.request(`/v1/teams/current/members/${memberId}`, json('PATCH', body, { token: caller.token }));
}

export function removeMember(app: TestApp, caller: TestUser, memberId: string): Promise<Response> {
  return app.request(
    `/v1/teams/current/members/${memberId}`,
    json('DELETE', undefined, { token: caller.token }),
  );
}

export async function currentTeam(app: TestApp, user: TestUser): Promise<TeamCurrent> {
  const response = await app.request('/v1/teams/current', json('GET', undefined, { token: user.token }));
  expect(response.status).toBe(200);
  return (await response.json()) as TeamCurrent;
}

/** A fresh company domain, so the teams of one test file never share one. */
export function uniqueDomain(): string {
  return `co${Math.random().toString(36).slice(2, 10)}.test`;
}

/** A team on a fresh domain: a verified admin who founded it and `members` verified members with pool access. */
export async function setUpTeam(
  app: TestApp,
  { members = 1 }: { members?: number } = {},
): Promise<{ team: Team; admin: TestUser; members: TestUser[] }> {
  const domain = uniqueDomain();
  const admin = await verifiedUser(app, uniqueEmail(domain));
  const team = await createTeam(app, admin);
  const added: TestUser[] = [];
  for (let index = 0; index < members; index += 1) {
    const member = await verifiedUser(app, uniqueEmail(domain));
    await addMember(app, admin, member);
    added.push(member);
  }
  return { team, admin, members: added };
}
