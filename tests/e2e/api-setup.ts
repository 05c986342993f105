import { randomUUID } from 'node:crypto';
import type { AuthResponse } from '../../api-client/contract/auth.ts';
import type { Balance, SpendResponse } from '../../api-client/contract/billing.ts';
import type { Member, Team, TeamCurrent } from '../../api-client/contract/teams.ts';
import type { OutboxResponse } from '../../api-client/contract/test-mode.ts';
import { testConfig } from '../../server/config.ts';

/** The password every e2e user gets (≥ 10 characters, as the contract asks). */
export const PASSWORD = 'correct horse battery';

const OPERATOR_TOKEN = testConfig().operatorToken!;

/** A fresh address on a fresh company domain, so that tests never meet each other's users or teams. */
export function uniqueEmail(local: string, domain = `lasso-e2e-${randomUUID().slice(0, 8)}.com`): string {
  return `${local}-${randomUUID().slice(0, 8)}@${domain}`;
}

/**
 * Sets up data through the billing API itself, as the back office and other users would: the test
 * drives only the extension's own user through the UI.
 */
export function billingApi(apiUrl: string) {
  async function call<T>(
    method: string,
    path: string,
    options: { token?: string; body?: unknown; idempotent?: boolean } = {},
  ): Promise<T> {
    const headers: Record<string, string> = {};
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.idempotent) headers['idempotency-key'] = randomUUID();
    const response = await fetch(`${apiUrl}${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }
  const operator = { token: OPERATOR_TOKEN };

  const api = {
    signUp: (email: string) =>
      call<AuthResponse>('POST', '/v1/auth/signup', { body: { email, password: PASSWORD } }),
    login: (email: string) =>
      call<AuthResponse>('POST', '/v1/auth/login', { body: { email, password: PASSWORD } }),
    logout: (token: string) => call<void>('POST', '/v1/auth/logout', { token }),
    balance: (token: string) => call<Balance>('GET', '/v1/me/balance', { token }),
    /** Confirms the address with the token of the newest verification message in the test outbox. */
    async verifyEmail(email: string) {
      const { messages } = await call<OutboxResponse>(
        'GET',
        `/v1/ops/outbox?to=${encodeURIComponent(email)}`,
        operator,
      );
      const token = messages.find((message) => message.verifyToken)?.verifyToken;
      if (!token) throw new Error(`no verification message for ${email}`);
      await call('POST', '/v1/auth/verify-email', { body: { token } });
    },
    /** A user who signed up and confirmed their email. */
    async verifiedUser(email: string) {
      const auth = await api.signUp(email);
      await api.verifyEmail(email);
      return auth;
    },
    currentTeam: (token: string) => call<TeamCurrent>('GET', '/v1/teams/current', { token }),
    createTeam: (token: string, name: string) => call<Team>('POST', '/v1/teams', { token, body: { name } }),
    addMember: (token: string, email: string, poolAccess: boolean) =>
      call<Member>('POST', '/v1/teams/current/members', { token, body: { email, poolAccess } }),
    patchMember: (token: string, userId: string, body: { poolAccess?: boolean; cycleCap?: number | null }) =>
      call<Member>('PATCH', `/v1/teams/current/members/${userId}`, { token, body }),
    teamSubscription: (teamId: string, creditsPerCycle: number) =>
      call('PUT', `/v1/ops/teams/${teamId}/subscription`, {
        ...operator,
        body: { creditsPerCycle, interval: 'month' },
      }),
    topUpUser: (userId: string, credits: number) =>
      call('POST', `/v1/ops/users/${userId}/topups`, { ...operator, body: { credits }, idempotent: true }),
    spend: (token: string, quantity: number) =>
      call<SpendResponse>('POST', '/v1/spends', {
        token,
        body: { action: 'page_scrape', quantity },
        idempotent: true,
      }),
  };
  return api;
}

export type BillingTestApi = ReturnType<typeof billingApi>;

/**
 * A team on its own domain: an admin (who founded it), a subscription of `poolCredits` a month, and
 * `member`, a confirmed user of the domain added with `poolAccess`, who will sign in in the popup.
 */
export async function teamWithMember(
  api: BillingTestApi,
  options: { poolCredits: number; poolAccess: boolean },
) {
  const domain = `lasso-e2e-${randomUUID().slice(0, 8)}.com`;
  const admin = await api.verifiedUser(uniqueEmail('admin', domain));
  const team = await api.createTeam(admin.token, 'Acme Recruiting');
  await api.teamSubscription(team.id, options.poolCredits);
  const memberEmail = uniqueEmail('member', domain);
  const member = await api.verifiedUser(memberEmail);
  // Added with pool access, then switched by PATCH when the test wants it off: both admin paths run.
  await api.addMember(admin.token, memberEmail, true);
  if (!options.poolAccess) await api.patchMember(admin.token, member.user.id, { poolAccess: false });
  return { admin, team, member, memberEmail };
}
