import { Hono } from 'hono';
import type { Me, MeTeam, TeamRole } from '../../../api-client/contract/auth.ts';
import { findUserById } from '../../auth/users.ts';
import type { Queryable } from '../../db/db.ts';
import type { AppDeps } from '../../deps.ts';
import { authenticate } from '../auth.ts';
import { DomainError } from '../domain-error.ts';

/** The team `userId` belongs to, with their role and pool access, or null when they are in none. */
export async function findMembership(db: Queryable, userId: string): Promise<MeTeam | null> {
  const { rows } = await db.query<{
    id: string;
    name: string;
    domain: string;
    role: TeamRole;
    pool_access: boolean;
  }>(
    `SELECT t.id, t.name, t.domain, m.role, m.pool_access
     FROM team_members m JOIN teams t ON t.id = m.team_id
     WHERE m.user_id = $1`,
    [userId],
  );
  const row = rows[0];
  return row
    ? { id: row.id, name: row.name, domain: row.domain, role: row.role, poolAccess: row.pool_access }
    : null;
}

/** `GET /v1/me`: the caller and their team. */
export function meRoutes(deps: AppDeps): Hono {
  const routes = new Hono();

  routes.get('/', async (c) => {
    const { userId } = await authenticate(deps, c);
    const stored = await findUserById(deps.db, userId);
    // A token outlives nothing: users are never deleted, so this only guards against a broken row.
    if (!stored) throw new DomainError('unauthorized', 'the token is unknown, expired or revoked');
    const team = await findMembership(deps.db, userId);
    return c.json({ user: stored.user, team } satisfies Me);
  });

  return routes;
}
