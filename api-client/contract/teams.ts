import { z } from 'zod';
import { Email, TeamRole } from './auth.ts';
import { Pool } from './billing.ts';

export const TEAM_NAME_LENGTH_MAX = 100;
/** Bounds a cycle cap so it always fits the database's integer column (as `Credits` does for grants). */
export const CYCLE_CAP_MAX = 1_000_000_000;

// Control characters have no place in a name shown in a member table, and PostgreSQL text cannot hold NUL.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

/** `POST /v1/teams`: the caller founds a team on their email domain and becomes its admin. */
export const CreateTeamRequest = z
  .object({
    name: z
      .string()
      .trim()
      .min(1)
      .max(TEAM_NAME_LENGTH_MAX)
      .refine((name) => !CONTROL_CHARACTER.test(name), { message: 'must not contain control characters' }),
  })
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
export const AddMemberRequest = z
  .object({
    // No registered address holds a NUL (PostgreSQL text cannot), so one is a malformed address here.
    email: Email.refine((email) => !email.includes('\u0000'), { message: 'must be a valid email address' }),
    poolAccess: z.boolean().default(true),
  })
  .strict();
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
