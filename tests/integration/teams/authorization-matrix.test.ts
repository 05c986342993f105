import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Me } from '../../../api-client/contract/auth.ts';
import type { Member, Team, TeamCurrent } from '../../../api-client/contract/teams.ts';
import {
  expectLedgerInvariant,
  grant,
  setClock,
  signUp,
  type TestUser,
  uniqueEmail,
} from '../../support/billing.ts';
import { addMember, createTeam, currentTeam, uniqueDomain, verifiedUser } from '../../support/teams.ts';
import { createTestApp, json, type TestApp } from '../../support/test-app.ts';

// Every team endpoint × every kind of caller → the status the contract's order of checks gives
// (billing-api.md, Conventions: 401, 400, 404, 403, 422, 409). Each case compares the whole visible
// state before and after: a refused call changes nothing, a successful one changes only what it says.

const NOW = '2031-05-12T08:00:00.000Z';

type Role =
  | 'anonymous'
  | 'member without pool access'
  | 'member with pool access'
  | 'admin'
  | 'admin of another team'
  | 'user in no team';

type Endpoint =
  | 'POST /v1/teams'
  | 'GET /v1/teams/current'
  | 'POST /v1/teams/current/members'
  | 'PATCH /v1/teams/current/members/{id}'
  | 'DELETE /v1/teams/current/members/{id}';

/**
 * What the call names. `valid`: a well-formed body about the usual target (for member calls a fresh
 * member of the admin's team; for POST members a fresh verified user of the team's domain in no team).
 */
type Case =
  | 'valid'
  | 'invalid body'
  | 'unknown user'
  | 'user of another domain'
  | 'unverified user'
  | 'member of this team'
  | 'admin of the other team'
  | 'the admin'
  | 'self';

interface Row {
  endpoint: Endpoint;
  role: Role;
  case: Case;
  status: number;
  code?: string;
}

const CREATE = 'POST /v1/teams';
const READ = 'GET /v1/teams/current';
const ADD = 'POST /v1/teams/current/members';
const PATCH = 'PATCH /v1/teams/current/members/{id}';
const REMOVE = 'DELETE /v1/teams/current/members/{id}';

const NO_ACCESS: Role = 'member without pool access';
const WITH_ACCESS: Role = 'member with pool access';
const OTHER_ADMIN: Role = 'admin of another team';
const LONER: Role = 'user in no team';

const rows: Row[] = [
  // POST /v1/teams: 401 before 400; every caller already in a team gets 409, a user in no team founds one.
  { endpoint: CREATE, role: 'anonymous', case: 'valid', status: 401, code: 'unauthorized' },
  { endpoint: CREATE, role: 'anonymous', case: 'invalid body', status: 401, code: 'unauthorized' },
  { endpoint: CREATE, role: NO_ACCESS, case: 'valid', status: 409, code: 'already_in_team' },
  { endpoint: CREATE, role: NO_ACCESS, case: 'invalid body', status: 400, code: 'validation_failed' },
  { endpoint: CREATE, role: WITH_ACCESS, case: 'valid', status: 409, code: 'already_in_team' },
  { endpoint: CREATE, role: WITH_ACCESS, case: 'invalid body', status: 400, code: 'validation_failed' },
  { endpoint: CREATE, role: 'admin', case: 'valid', status: 409, code: 'already_in_team' },
  { endpoint: CREATE, role: 'admin', case: 'invalid body', status: 400, code: 'validation_failed' },
  { endpoint: CREATE, role: OTHER_ADMIN, case: 'valid', status: 409, code: 'already_in_team' },
  { endpoint: CREATE, role: OTHER_ADMIN, case: 'invalid body', status: 400, code: 'validation_failed' },
  { endpoint: CREATE, role: LONER, case: 'valid', status: 201 },
  { endpoint: CREATE, role: LONER, case: 'invalid body', status: 400, code: 'validation_failed' },

  // GET /v1/teams/current: every team member reads their own team; no team → 404.
  { endpoint: READ, role: 'anonymous', case: 'valid', status: 401, code: 'unauthorized' },
  { endpoint: READ, role: NO_ACCESS, case: 'valid', status: 200 },
  { endpoint: READ, role: WITH_ACCESS, case: 'valid', status: 200 },
  { endpoint: READ, role: 'admin', case: 'valid', status: 200 },
  { endpoint: READ, role: OTHER_ADMIN, case: 'valid', status: 200 },
  { endpoint: READ, role: LONER, case: 'valid', status: 404, code: 'not_found' },

  // POST /v1/teams/current/members
  { endpoint: ADD, role: 'anonymous', case: 'valid', status: 401, code: 'unauthorized' },
  { endpoint: ADD, role: 'anonymous', case: 'invalid body', status: 401, code: 'unauthorized' },
  { endpoint: ADD, role: NO_ACCESS, case: 'valid', status: 403, code: 'forbidden' },
  { endpoint: ADD, role: NO_ACCESS, case: 'invalid body', status: 400, code: 'validation_failed' },
  { endpoint: ADD, role: NO_ACCESS, case: 'unknown user', status: 404, code: 'not_found' },
  { endpoint: ADD, role: NO_ACCESS, case: 'user of another domain', status: 403, code: 'forbidden' },
  { endpoint: ADD, role: NO_ACCESS, case: 'member of this team', status: 403, code: 'forbidden' },
  { endpoint: ADD, role: WITH_ACCESS, case: 'valid', status: 403, code: 'forbidden' },
  { endpoint: ADD, role: WITH_ACCESS, case: 'invalid body', status: 400, code: 'validation_failed' },
  { endpoint: ADD, role: WITH_ACCESS, case: 'unknown user', status: 404, code: 'not_found' },
  { endpoint: ADD, role: WITH_ACCESS, case: 'unverified user', status: 403, code: 'forbidden' },
  { endpoint: ADD, role: 'admin', case: 'valid', status: 201 },
  { endpoint: ADD, role: 'admin', case: 'invalid body', status: 400, code: 'validation_failed' },
  { endpoint: ADD, role: 'admin', case: 'unknown user', status: 404, code: 'not_found' },
  { endpoint: ADD, role: 'admin', case: 'user of another domain', status: 422, code: 'domain_mismatch' },
  { endpoint: ADD, role: 'admin', case: 'unverified user', status: 422, code: 'email_unverified' },
  { endpoint: ADD, role: 'admin', case: 'member of this team', status: 409, code: 'already_in_team' },
  { endpoint: ADD, role: 'admin', case: 'admin of the other team', status: 409, code: 'already_in_team' },
  // The other team shares the domain: its admin may add a free user, never take the first team's member.
  { endpoint: ADD, role: OTHER_ADMIN, case: 'valid', status: 201 },
  { endpoint: ADD, role: OTHER_ADMIN, case: 'invalid body', status: 400, code: 'validation_failed' },
  { endpoint: ADD, role: OTHER_ADMIN, case: 'unknown user', status: 404, code: 'not_found' },
  { endpoint: ADD, role: OTHER_ADMIN, case: 'member of this team', status: 409, code: 'already_in_team' },
  { endpoint: ADD, role: LONER, case: 'valid', status: 404, code: 'not_found' },
  { endpoint: ADD, role: LONER, case: 'invalid body', status: 400, code: 'validation_failed' },
  { endpoint: ADD, role: LONER, case: 'unknown user', status: 404, code: 'not_found' },

  // PATCH /v1/teams/current/members/{id}: `member of this team` is a fresh member of the admin's team.
  { endpoint: PATCH, role: 'anonymous', case: 'valid', status: 401, code: 'unauthorized' },
  { endpoint: PATCH, role: 'anonymous', case: 'invalid body', status: 401, code: 'unauthorized' },
  { endpoint: PATCH, role: NO_ACCESS, case: 'valid', status: 403, code: 'forbidden' },
  { endpoint: PATCH, role: NO_ACCESS, case: 'invalid body', status: 400, code: 'validation_failed' },
  { endpoint: PATCH, role: NO_ACCESS, case: 'unknown user', status: 404, code: 'not_found' },
  { endpoint: PATCH, role: NO_ACCESS, case: 'admin of the other team', status: 404, code: 'not_found' },
  { endpoint: PATCH, role: NO_ACCESS, case: 'self', status: 403, code: 'forbidden' },
  { endpoint: PATCH, role: NO_ACCESS, case: 'the admin', status: 403, code: 'forbidden' },
  { endpoint: PATCH, role: WITH_ACCESS, case: 'valid', status: 403, code: 'forbidden' },
  { endpoint: PATCH, role: WITH_ACCESS, case: 'invalid body', status: 400, code: 'validation_failed' },
  { endpoint: PATCH, role: WITH_ACCESS, case: 'self', status: 403, code: 'forbidden' },
  { endpoint: PATCH, role: 'admin', case: 'valid', status: 200 },
  { endpoint: PATCH, role: 'admin', case: 'self', status: 200 },
  { endpoint: PATCH, role: 'admin', case: 'invalid body', status: 400, code: 'validation_failed' },
  { endpoint: PATCH, role: 'admin', case: 'unknown user', status: 404, code: 'not_found' },
  { endpoint: PATCH, role: 'admin', case: 'admin of the other team', status: 404, code: 'not_found' },
  { endpoint: PATCH, role: OTHER_ADMIN, case: 'valid', status: 404, code: 'not_found' },
  { endpoint: PATCH, role: OTHER_ADMIN, case: 'the admin', status: 404, code: 'not_found' },
  { endpoint: PATCH, role: OTHER_ADMIN, case: 'invalid body', status: 400, code: 'validation_failed' },
  { endpoint: PATCH, role: LONER, case: 'valid', status: 404, code: 'not_found' },
  { endpoint: PATCH, role: LONER, case: 'self', status: 404, code: 'not_found' },
  { endpoint: PATCH, role: LONER, case: 'invalid body', status: 400, code: 'validation_failed' },

  // DELETE /v1/teams/current/members/{id}
  { endpoint: REMOVE, role: 'anonymous', case: 'valid', status: 401, code: 'unauthorized' },
  { endpoint: REMOVE, role: NO_ACCESS, case: 'valid', status: 403, code: 'forbidden' },
  { endpoint: REMOVE, role: NO_ACCESS, case: 'unknown user', status: 404, code: 'not_found' },
  { endpoint: REMOVE, role: NO_ACCESS, case: 'self', status: 403, code: 'forbidden' },
  { endpoint: REMOVE, role: NO_ACCESS, case: 'the admin', status: 403, code: 'forbidden' },
  { endpoint: REMOVE, role: WITH_ACCESS, case: 'valid', status: 403, code: 'forbidden' },
  { endpoint: REMOVE, role: WITH_ACCESS, case: 'self', status: 403, code: 'forbidden' },
  { endpoint: REMOVE, role: WITH_ACCESS, case: 'admin of the other team', status: 404, code: 'not_found' },
  { endpoint: REMOVE, role: 'admin', case: 'valid', status: 204 },
  { endpoint: REMOVE, role: 'admin', case: 'unknown user', status: 404, code: 'not_found' },
  { endpoint: REMOVE, role: 'admin', case: 'admin of the other team', status: 404, code: 'not_found' },
  { endpoint: REMOVE, role: OTHER_ADMIN, case: 'valid', status: 404, code: 'not_found' },
  { endpoint: REMOVE, role: OTHER_ADMIN, case: 'the admin', status: 404, code: 'not_found' },
  { endpoint: REMOVE, role: LONER, case: 'valid', status: 404, code: 'not_found' },
  { endpoint: REMOVE, role: LONER, case: 'self', status: 404, code: 'not_found' },
];

/** The people of one case. `teammate`, `candidate` and `loner` are fresh in every case. */
interface World {
  domain: string;
  team: Team;
  otherTeam: Team;
  admin: TestUser;
  withAccess: TestUser;
  noAccess: TestUser;
  otherAdmin: TestUser;
  outsider: TestUser;
  unverified: TestUser;
  teammate: TestUser;
  candidate: TestUser;
  loner: TestUser;
}

type Label = Exclude<keyof World, 'domain' | 'team' | 'otherTeam'>;
const LABELS: Label[] = [
  'admin',
  'withAccess',
  'noAccess',
  'otherAdmin',
  'outsider',
  'unverified',
  'teammate',
  'candidate',
  'loner',
];

let app: TestApp;
let shared: Omit<World, 'teammate' | 'candidate' | 'loner'>;
let world: World;

beforeAll(async () => {
  app = await createTestApp();
  await setClock(app, NOW);
  const domain = uniqueDomain();
  const admin = await verifiedUser(app, uniqueEmail(domain));
  const team = await createTeam(app, admin, 'Matrix Agency');
  await grant(app, { teams: team.id }, 30);
  const withAccess = await verifiedUser(app, uniqueEmail(domain));
  await addMember(app, admin, withAccess, { poolAccess: true });
  const noAccess = await verifiedUser(app, uniqueEmail(domain));
  await addMember(app, admin, noAccess, { poolAccess: false });
  // Another team of the same domain: the domain alone never decides who may manage whom.
  const otherAdmin = await verifiedUser(app, uniqueEmail(domain));
  const otherTeam = await createTeam(app, otherAdmin, 'Rival Agency');
  const outsider = await verifiedUser(app, uniqueEmail(uniqueDomain()));
  const unverified = await signUp(app, uniqueEmail(domain));
  shared = { domain, team, otherTeam, admin, withAccess, noAccess, otherAdmin, outsider, unverified };
});
/** Whether the last case changed (or may have changed) the per-case people: then they are made again. */
let usedUp = true;
beforeEach(async () => {
  if (!usedUp) return;
  const teammate = await verifiedUser(app, uniqueEmail(shared.domain));
  await addMember(app, shared.admin, teammate);
  const candidate = await verifiedUser(app, uniqueEmail(shared.domain));
  const loner = await verifiedUser(app, uniqueEmail(shared.domain));
  world = { ...shared, teammate, candidate, loner };
  usedUp = false;
});
afterEach(async (context) => {
  // A refused call provably changed nothing, so the next case may reuse the people; anything else may have.
  if (context.task.result?.state !== 'pass') usedUp = true;
  await expectLedgerInvariant(app);
});
afterAll(async () => {
  await app.close();
});

function caller(role: Role): TestUser | undefined {
  switch (role) {
    case 'anonymous':
      return undefined;
    case NO_ACCESS:
      return world.noAccess;
    case WITH_ACCESS:
      return world.withAccess;
    case 'admin':
      return world.admin;
    case OTHER_ADMIN:
      return world.otherAdmin;
    case LONER:
      return world.loner;
  }
}

/** The user a member call names; `valid` names the fresh teammate. */
function targetUser(kase: Case, self: TestUser | undefined): { id: string; email: string } {
  switch (kase) {
    case 'unknown user':
      return { id: 'usr_nobody', email: uniqueEmail(world.domain) };
    case 'user of another domain':
      return world.outsider;
    case 'unverified user':
      return world.unverified;
    case 'member of this team':
      return world.teammate;
    case 'admin of the other team':
      return world.otherAdmin;
    case 'the admin':
      return world.admin;
    case 'self':
      return self ?? world.teammate;
    default:
      return world.teammate;
  }
}

function send(row: Row): Promise<Response> {
  const user = caller(row.role);
  const token = user?.token;
  const invalid = row.case === 'invalid body';
  switch (row.endpoint) {
    case CREATE:
      return app.request('/v1/teams', json('POST', { name: invalid ? '' : 'Matrix Spin-off' }, { token }));
    case READ:
      return app.request('/v1/teams/current', json('GET', undefined, { token }));
    case ADD: {
      const email = row.case === 'valid' ? world.candidate.email : targetUser(row.case, user).email;
      return app.request(
        '/v1/teams/current/members',
        json('POST', { email: invalid ? 'not-an-email' : email }, { token }),
      );
    }
    case PATCH:
      return app.request(
        `/v1/teams/current/members/${targetUser(row.case, user).id}`,
        json('PATCH', invalid ? { cycleCap: -1 } : { poolAccess: false, cycleCap: 5 }, { token }),
      );
    case REMOVE:
      return app.request(
        `/v1/teams/current/members/${targetUser(row.case, user).id}`,
        json('DELETE', undefined, { token }),
      );
  }
}

interface State {
  teams: number;
  /** `/v1/me`'s team of every person in the world. */
  teamOf: Record<Label, Me['team']>;
  /** Both teams as their admins see them, members ordered by id. */
  team: Omit<TeamCurrent, 'members'> & { members: Member[] };
  otherTeam: Omit<TeamCurrent, 'members'> & { members: Member[] };
}

async function meTeam(user: TestUser): Promise<Me['team']> {
  const response = await app.request('/v1/me', json('GET', undefined, { token: user.token }));
  expect(response.status).toBe(200);
  return ((await response.json()) as Me).team;
}

function byId(members: Member[]): Member[] {
  return [...members].sort((a, b) => (a.userId < b.userId ? -1 : 1));
}

async function state(): Promise<State> {
  const { rows: counted } = await app.db.query<{ n: number }>('SELECT count(*)::integer AS n FROM teams');
  const teamOf = {} as Record<Label, Me['team']>;
  for (const label of LABELS) teamOf[label] = await meTeam(world[label]);
  const team = await currentTeam(app, world.admin);
  const otherTeam = await currentTeam(app, world.otherAdmin);
  return {
    teams: counted[0]!.n,
    teamOf,
    team: { ...team, members: byId(team.members) },
    otherTeam: { ...otherTeam, members: byId(otherTeam.members) },
  };
}

function newMember(user: TestUser, poolAccess = true): Member {
  return {
    userId: user.id,
    email: user.email,
    name: null,
    role: 'member',
    poolAccess,
    cycleCap: null,
    creditsUsed: 0,
  };
}

/** The state a successful call leaves; a refused call (or a read) leaves `before` as it was. */
function expectedAfter(row: Row, before: State): State {
  const after: State = structuredClone(before);
  if (row.status >= 300 || row.endpoint === READ) return after;
  const { team, otherTeam } = world;
  if (row.endpoint === CREATE) {
    after.teams += 1;
    after.teamOf.loner = {
      id: expect.stringMatching(/^team_/) as unknown as string,
      name: 'Matrix Spin-off',
      domain: world.domain,
      role: 'admin',
      poolAccess: true,
    };
  } else if (row.endpoint === ADD && row.role === 'admin') {
    after.teamOf.candidate = {
      id: team.id,
      name: team.name,
      domain: team.domain,
      role: 'member',
      poolAccess: true,
    };
    after.team.members = byId([...after.team.members, newMember(world.candidate)]);
  } else if (row.endpoint === ADD && row.role === OTHER_ADMIN) {
    after.teamOf.candidate = {
      id: otherTeam.id,
      name: otherTeam.name,
      domain: otherTeam.domain,
      role: 'member',
      poolAccess: true,
    };
    after.otherTeam.members = byId([...after.otherTeam.members, newMember(world.candidate)]);
  } else if (row.endpoint === PATCH) {
    const label: Label = row.case === 'self' ? 'admin' : 'teammate';
    const id = world[label].id;
    after.teamOf[label] = { ...after.teamOf[label]!, poolAccess: false };
    after.team.members = after.team.members.map((member) =>
      member.userId === id ? { ...member, poolAccess: false, cycleCap: 5 } : member,
    );
  } else if (row.endpoint === REMOVE) {
    after.teamOf.teammate = null;
    after.team.members = after.team.members.filter((member) => member.userId !== world.teammate.id);
  } else {
    throw new Error(`no expected effect for ${row.endpoint} by ${row.role}`);
  }
  return after;
}

describe('team endpoints × callers', () => {
  it.each(rows)('$endpoint by $role, $case → $status', async (row) => {
    usedUp ||= row.status < 300 && row.endpoint !== READ;
    const before = await state();

    const response = await send(row);

    expect(response.status).toBe(row.status);
    if (row.code) {
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(await response.json()).toMatchObject({ status: row.status, code: row.code });
    }
    expect(await state()).toEqual(expectedAfter(row, before));
    if (row.endpoint === PATCH && row.case === 'self' && row.status === 200) {
      // The admin is shared by every case: give them their row back.
      const restored = await app.request(
        `/v1/teams/current/members/${world.admin.id}`,
        json('PATCH', { poolAccess: true, cycleCap: null }, { token: world.admin.token }),
      );
      expect(restored.status).toBe(200);
    }
  });

  it('covers every endpoint for every caller', () => {
    const roles: Role[] = ['anonymous', NO_ACCESS, WITH_ACCESS, 'admin', OTHER_ADMIN, LONER];
    const pairs = new Set(
      rows.filter((row) => row.case === 'valid').map((row) => `${row.endpoint} ${row.role}`),
    );

    const missing = [CREATE, READ, ADD, PATCH, REMOVE].flatMap((endpoint) =>
      roles.map((role) => `${endpoint} ${role}`).filter((pair) => !pairs.has(pair)),
    );

    expect(missing).toEqual([]);
  });
});

describe('what each caller reads in GET /v1/teams/current', () => {
  it.each([
    ['admin', 'team', 'every member'],
    [WITH_ACCESS, 'team', 'only their own row'],
    [NO_ACCESS, 'team', 'only their own row'],
    [OTHER_ADMIN, 'otherTeam', 'every member'],
  ] as const)('shows the %s their own %s with %s', async (role, which, rowsSeen) => {
    const user = caller(role)!;

    const view = await currentTeam(app, user);

    const expectedTeam = world[which];
    expect(view.team).toEqual({ id: expectedTeam.id, name: expectedTeam.name, domain: expectedTeam.domain });
    if (rowsSeen === 'only their own row') {
      expect(view.members.map((member) => member.userId)).toEqual([user.id]);
    } else {
      const seen = view.members.map((member) => member.userId);
      expect(seen).toContain(user.id);
      if (which === 'team') {
        expect(seen).toEqual(
          expect.arrayContaining([world.withAccess.id, world.noAccess.id, world.teammate.id]),
        );
      }
      expect(seen).not.toContain(which === 'team' ? world.otherAdmin.id : world.admin.id);
    }
    expect(view.pool).toMatchObject(
      which === 'team' ? { available: 30, total: 30 } : { available: 0, total: 0 },
    );
  });
});
