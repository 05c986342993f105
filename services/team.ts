import type { Member, Team, TeamCurrent } from '../api-client/contract/teams.ts';
import { ApiError } from '../api-client/errors.ts';
import type { Outcome } from '../messaging/protocol.ts';
import { failureOf, type Session, type SessionService } from './session.ts';

export interface TeamService {
  /** `GET /v1/teams/current`; null when the caller is in no team (the API's 404). */
  current(): Promise<Outcome<TeamCurrent | null>>;
  create(name: string): Promise<Outcome<Team>>;
  addMember(body: { email: string; poolAccess?: boolean | undefined }): Promise<Outcome<Member>>;
  updateMember(
    userId: string,
    body: { poolAccess?: boolean | undefined; cycleCap?: number | null | undefined },
  ): Promise<Outcome<Member>>;
  removeMember(userId: string): Promise<Outcome<null>>;
}

const SIGNED_OUT = { ok: false, code: 'signed_out', message: 'Sign in to Lasso first.' } as const;

/**
 * The Team page's calls, made by the background with the signed-in user's token. The server decides
 * who may do what; a refusal comes back as an Outcome the page explains in words.
 */
export function createTeamService(session: SessionService): TeamService {
  async function withSession<T>(call: (current: Session) => Promise<T>): Promise<Outcome<T>> {
    const current = await session.current();
    if (!current) return SIGNED_OUT;
    try {
      return { ok: true, value: await call(current) };
    } catch (error) {
      return failureOf(error);
    }
  }

  /** A change of team or pool access changes the account and the spend order the popup shows. */
  async function refreshAfterChange(current: Session): Promise<void> {
    try {
      await session.refreshAccount(current);
    } catch (error) {
      failureOf(error);
    }
    await session.refreshBalance();
  }

  return {
    current: () =>
      withSession(async (current) => {
        try {
          return await current.api.currentTeam();
        } catch (error) {
          if (error instanceof ApiError && error.code === 'not_found') return null;
          throw error;
        }
      }),
    create: (name) =>
      withSession(async (current) => {
        const team = await current.api.createTeam(name);
        await refreshAfterChange(current);
        return team;
      }),
    addMember: ({ email, poolAccess }) =>
      withSession((current) =>
        current.api.addMember({ email, ...(poolAccess === undefined ? {} : { poolAccess }) }),
      ),
    updateMember: (userId, { poolAccess, cycleCap }) =>
      withSession((current) =>
        current.api.updateMember(userId, {
          ...(poolAccess === undefined ? {} : { poolAccess }),
          ...(cycleCap === undefined ? {} : { cycleCap }),
        }),
      ),
    removeMember: (userId) =>
      withSession(async (current) => {
        await current.api.removeMember(userId);
        return null;
      }),
  };
}
