import { Hono } from 'hono';
import {
  AddMemberRequest,
  CreateTeamRequest,
  type Member,
  PatchMemberRequest,
  type Team,
  type TeamCurrent,
} from '../../../api-client/contract/teams.ts';
import type { AppDeps } from '../../deps.ts';
import { addMember, createTeam, currentTeam, removeMember, updateMember } from '../../teams/team-store.ts';
import { authenticate } from '../auth.ts';
import { parseBody } from '../body.ts';

/** `/v1/teams`: found a team, read the caller's team, manage its members (billing-api.md, Teams). */
export function teamRoutes(deps: AppDeps): Hono {
  const { db, clock, config } = deps;
  const routes = new Hono();

  routes.post('/', async (c) => {
    const { userId } = await authenticate(deps, c);
    const body = await parseBody(c, CreateTeamRequest);
    const team = await createTeam(db, { userId, name: body.name, now: clock.now() });
    return c.json(team satisfies Team, 201);
  });

  routes.get('/current', async (c) => {
    const { userId } = await authenticate(deps, c);
    const view = await currentTeam(db, {
      userId,
      now: clock.now(),
      freeProfilesPerPage: config.freeProfilesPerPage,
    });
    return c.json(view satisfies TeamCurrent);
  });

  routes.post('/current/members', async (c) => {
    const { userId } = await authenticate(deps, c);
    const body = await parseBody(c, AddMemberRequest);
    const member = await addMember(db, { callerId: userId, ...body, now: clock.now() });
    return c.json(member satisfies Member, 201);
  });

  routes.patch('/current/members/:userId', async (c) => {
    const { userId } = await authenticate(deps, c);
    const body = await parseBody(c, PatchMemberRequest, { optional: true });
    const member = await updateMember(db, {
      callerId: userId,
      memberId: c.req.param('userId'),
      ...body,
      now: clock.now(),
    });
    return c.json(member satisfies Member);
  });

  routes.delete('/current/members/:userId', async (c) => {
    const { userId } = await authenticate(deps, c);
    await removeMember(db, { callerId: userId, memberId: c.req.param('userId'), now: clock.now() });
    return c.body(null, 204);
  });

  return routes;
}
