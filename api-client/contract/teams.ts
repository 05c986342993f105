import { z } from 'zod';
import { Email, TeamRole } from './auth.ts';
import { Pool } from './billing.ts';

export const TEAM_NAME_LENGTH_MAX = 100;
/** Bounds a cycle cap so it always fits the database's integer column (as `Credits` does for grants). */
export const CYCLE_CAP_MAX = 1_000_000_000;

/** `POST /v1/teams`: the caller founds a team on their email domain and becomes its admin. */
export const CreateTeamRequest = z
  .object({ name: z.string().trim().min(1).max(TEAM_NAME_LENGTH_MAX) })
  .strict();
export type CreateTeamRequest = z.input<typeof CreateTeamRequest>;

export const Team = z.object({
  id: z.string(),
  name: z.string(),
  domain: z.string(),
  createdAt: z.string(),
});
export type Team = z.infer<typeof Team>;

/** `POST /v1/teams/current/members`: adds a registered, verified user of the team's domain. */
export const AddMemberRequest = z.object({ email: Email, poolAccess: z.boolean().default(true) }).strict();
export type AddMemberRequest = z.input<typeof AddMemberRequest>;

/** `PATCH /v1/teams/current/members/{userId}`: absent fields stay as they are; `cycleCap: null` lifts the cap. */
export const PatchMemberRequest = z
  .object({
    poolAccess: z.boolean().optional(),
    cycleCap: z.number().int().min(0).max(CYCLE_CAP_MAX).nullable().optional(),
  })
  .strict();
export type PatchMemberRequest = z.infer<typeof PatchMemberRequest>;

/** One row of the member table; `creditsUsed` = pool credits drawn this team cycle. */
export const Member = z.object({
  userId: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  role: TeamRole,
  poolAccess: z.boolean(),
  cycleCap: z.number().int().nullable(),
  creditsUsed: z.number().int(),
});
export type Member = z.infer<typeof Member>;

/** `GET /v1/teams/current`: admins get every member, members only their own row. */
export const TeamCurrent = z.object({
  team: z.object({ id: z.string(), name: z.string(), domain: z.string() }),
  pool: Pool,
  members: z.array(Member),
});
export type TeamCurrent = z.infer<typeof TeamCurrent>;
