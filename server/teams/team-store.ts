import type { Member, Team, TeamCurrent } from '../../api-client/contract/teams.ts';
import type { StoredUser } from '../auth/users.ts';
import { findUserByEmail, findUserById } from '../auth/users.ts';
import type { Db, Queryable } from '../db/db.ts';
import { DomainError } from '../http/domain-error.ts';
import { newId } from '../ids.ts';
import { openTeamAccount } from '../ledger/accounts.ts';
import { isPublicMailDomain } from './public-domains.ts';

// Every membership change runs in one transaction that first takes the team's ledger lock, then the
// user's (lasso_lock_membership, 0004_teams.sql). Spends and holds take the same locks in the same
// order, so a change lands entirely before or after any spend of that team or user; checks that
// depend on membership are (re)made under those locks. Where several checks fail, the first in the
// contract's order answers (billing-api.md, Conventions): existence 404, permission 403, domain 422,
// verification 422, membership 409.

interface MembershipRow {
  team_id: string;
  role: 'admin' | 'member';
}

/** The domain part of an address the API stores (trimmed, lower-cased, with exactly one `@`). */
export function emailDomain(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1);
}

async function membershipOf(db: Queryable, userId: string): Promise<MembershipRow | null> {
  const { rows } = await db.query<MembershipRow>(
    'SELECT team_id, role FROM team_members WHERE user_id = $1',
    [userId],
  );
  return rows[0] ?? null;
}

async function lockMembership(tx: Queryable, teamId: string, userId: string, now: Date): Promise<void> {
  await tx.query('SELECT lasso_lock_membership($1, $2, $3)', [teamId, userId, now]);
}

/** Tells the events stream that what the team and the user can draw from changed (sent at commit). */
async function notifyBalance(tx: Queryable, ownerIds: string[]): Promise<void> {
  for (const ownerId of ownerIds) {
    await tx.query(`SELECT pg_notify('lasso_balance', $1)`, [ownerId]);
  }
}

async function memberRow(db: Queryable, teamId: string, userId: string): Promise<Member> {
  const { rows } = await db.query<{ member: Member }>('SELECT lasso_team_member($1, $2) AS member', [
    teamId,
    userId,
  ]);
  return rows[0]!.member;
}

/** Whether `error` is the unique violation of team_members' primary key: the user joined a team meanwhile. */
function isAlreadyMemberError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, constraint } = error as { code?: unknown; constraint?: unknown };
  return code === '23505' && (constraint === undefined || constraint === 'team_members_pkey');
}

function alreadyInTeam(who: string): DomainError {
  return new DomainError('already_in_team', `${who} already in a team`);
}

/** The caller's team, or 404: every `/v1/teams/current…` path addresses it. */
async function callerTeam(db: Queryable, userId: string): Promise<MembershipRow> {
  const membership = await membershipOf(db, userId);
  if (!membership) throw new DomainError('not_found', 'you are not in a team');
  return membership;
}

/**
 * Re-reads, under the team's lock, that the caller still belongs to `teamId` (404 if they left it
 * meanwhile) and, once the target is known to exist, that they are its admin (403).
 */
async function assertStillInTeam(tx: Queryable, callerId: string, teamId: string): Promise<MembershipRow> {
  const membership = await membershipOf(tx, callerId);
  if (membership?.team_id !== teamId) throw new DomainError('not_found', 'you are not in a team');
  return membership;
}

function assertAdmin(membership: MembershipRow): void {
  if (membership.role !== 'admin')
    throw new DomainError('forbidden', 'only the team admin may manage members');
}

/** Founds a team on the caller's email domain; the caller becomes its admin with pool access. */
export async function createTeam(db: Db, input: { userId: string; name: string; now: Date }): Promise<Team> {
  const stored = await findUserById(db, input.userId);
  if (!stored) throw new DomainError('unauthorized', 'the token is unknown, expired or revoked');
  const domain = emailDomain(stored.user.email);
  if (isPublicMailDomain(domain)) {
    throw new DomainError(
      'domain_not_allowed',
      `${domain} is a public mail domain; use your company address`,
    );
  }
  if (!stored.user.emailVerified) {
    throw new DomainError('email_unverified', 'verify your email address before you create a team');
  }
  const team: Team = { id: newId('team'), name: input.name, domain, createdAt: input.now.toISOString() };
  try {
    await db.transaction(async (tx) => {
      await tx.query('INSERT INTO teams (id, name, domain, created_at) VALUES ($1, $2, $3, $4)', [
        team.id,
        team.name,
        team.domain,
        input.now,
      ]);
      await openTeamAccount(tx, team.id);
      // The new team's rows are visible to no one else yet; its lock costs nothing and keeps the order.
      await lockMembership(tx, team.id, input.userId, input.now);
      if (await membershipOf(tx, input.userId)) throw alreadyInTeam('you are');
      await tx.query(
        `INSERT INTO team_members (user_id, team_id, role, pool_access, cycle_cap, joined_at)
         VALUES ($1, $2, 'admin', true, NULL, $3)`,
        [input.userId, team.id, input.now],
      );
      await notifyBalance(tx, [team.id, input.userId]);
    });
  } catch (error) {
    if (isAlreadyMemberError(error)) throw alreadyInTeam('you are');
    throw error;
  }
  return team;
}

/**
 * The caller's team, pool and member table, settled at `now`. Admins see every member; members see
 * only their own row.
 */
export async function currentTeam(
  db: Queryable,
  input: { userId: string; now: Date; freeProfilesPerPage: number },
): Promise<TeamCurrent> {
  const { rows } = await db.query<{ view: (TeamCurrent & { role: 'admin' | 'member' }) | null }>(
    'SELECT lasso_get_team($1, $2, $3) AS view',
    [input.userId, input.now, input.freeProfilesPerPage],
  );
  const view = rows[0]?.view;
  if (!view) throw new DomainError('not_found', 'you are not in a team');
  const members =
    view.role === 'admin' ? view.members : view.members.filter((m) => m.userId === input.userId);
  return { team: view.team, pool: view.pool, members };
}

function assertCanJoin(target: StoredUser, teamDomain: string): void {
  if (emailDomain(target.user.email) !== teamDomain) {
    throw new DomainError('domain_mismatch', `only addresses at ${teamDomain} can join this team`);
  }
  if (!target.user.emailVerified) {
    throw new DomainError(
      'email_unverified',
      `${target.user.email} has not verified their email address yet`,
    );
  }
}

/** Adds the registered, verified user with `email` (of the team's domain) to the caller's team. */
export async function addMember(
  db: Db,
  input: { callerId: string; email: string; poolAccess: boolean; now: Date },
): Promise<Member> {
  const { team_id: teamId } = await callerTeam(db, input.callerId);
  const target = await findUserByEmail(db, input.email);
  if (!target) throw new DomainError('not_found', `no user is registered with ${input.email}`);
  try {
    return await db.transaction(async (tx) => {
      await lockMembership(tx, teamId, target.user.id, input.now);
      assertAdmin(await assertStillInTeam(tx, input.callerId, teamId));
      const { rows } = await tx.query<{ domain: string }>('SELECT domain FROM teams WHERE id = $1', [teamId]);
      assertCanJoin(target, rows[0]!.domain);
      if (await membershipOf(tx, target.user.id)) throw alreadyInTeam(`${target.user.email} is`);
      await tx.query(
        `INSERT INTO team_members (user_id, team_id, role, pool_access, cycle_cap, joined_at)
         VALUES ($1, $2, 'member', $3, NULL, $4)`,
        [target.user.id, teamId, input.poolAccess, input.now],
      );
      await notifyBalance(tx, [teamId, target.user.id]);
      return memberRow(tx, teamId, target.user.id);
    });
  } catch (error) {
    if (isAlreadyMemberError(error)) throw alreadyInTeam(`${target.user.email} is`);
    throw error;
  }
}

/**
 * Takes the locks for a change to `memberId` in the caller's team and checks, in the contract's order,
 * that the member is in that team (404) and that the caller is its admin (403).
 */
async function lockMemberOfCallerTeam(
  tx: Queryable,
  input: { callerId: string; memberId: string; teamId: string; now: Date },
): Promise<MembershipRow> {
  // A path segment may decode to anything; PostgreSQL text cannot hold NUL, and no user id has one.
  if (input.memberId.includes('\u0000')) throw new DomainError('not_found', 'no such member in your team');
  await lockMembership(tx, input.teamId, input.memberId, input.now);
  const caller = await assertStillInTeam(tx, input.callerId, input.teamId);
  const member = await membershipOf(tx, input.memberId);
  if (member?.team_id !== input.teamId) throw new DomainError('not_found', 'no such member in your team');
  assertAdmin(caller);
  return member;
}

/** Changes a member's pool access and/or cycle cap; absent fields stay. Takes effect for the next spend. */
export async function updateMember(
  db: Db,
  input: { callerId: string; memberId: string; poolAccess?: boolean; cycleCap?: number | null; now: Date },
): Promise<Member> {
  const { team_id: teamId } = await callerTeam(db, input.callerId);
  return db.transaction(async (tx) => {
    await lockMemberOfCallerTeam(tx, { ...input, teamId });
    await tx.query(
      `UPDATE team_members SET
         pool_access = CASE WHEN $2 THEN $3 ELSE pool_access END,
         cycle_cap = CASE WHEN $4 THEN $5 ELSE cycle_cap END
       WHERE user_id = $1`,
      [
        input.memberId,
        input.poolAccess !== undefined,
        input.poolAccess ?? false,
        input.cycleCap !== undefined,
        input.cycleCap ?? null,
      ],
    );
    await notifyBalance(tx, [teamId, input.memberId]);
    return memberRow(tx, teamId, input.memberId);
  });
}

/**
 * Removes a member from the caller's team. Their personal buckets are untouched; their usage this
 * cycle stays counted in the pool (team_usage keeps it), and their pending holds on the pool keep
 * their team and settle against it as usual.
 *
 * The last admin cannot be removed, themselves included (403): the contract has no way to appoint
 * another admin, so a team without one could never be managed again. There is no dedicated error
 * code for this, and 403 `forbidden` says what it is: the caller may not do it.
 */
export async function removeMember(
  db: Db,
  input: { callerId: string; memberId: string; now: Date },
): Promise<void> {
  const { team_id: teamId } = await callerTeam(db, input.callerId);
  await db.transaction(async (tx) => {
    const member = await lockMemberOfCallerTeam(tx, { ...input, teamId });
    if (member.role === 'admin') {
      const { rows } = await tx.query<{ admins: number }>(
        `SELECT count(*)::integer AS admins FROM team_members WHERE team_id = $1 AND role = 'admin'`,
        [teamId],
      );
      if (rows[0]!.admins <= 1) {
        throw new DomainError('forbidden', 'the last admin of a team cannot be removed');
      }
    }
    await tx.query('DELETE FROM team_members WHERE user_id = $1 AND team_id = $2', [input.memberId, teamId]);
    await notifyBalance(tx, [teamId, input.memberId]);
  });
}
