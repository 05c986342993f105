import { z } from 'zod';
import { type ApiClient, type ApiClientOptions, createApiClient } from './client.ts';
import {
  AuthResponse,
  type LoginRequest,
  Me,
  ResendVerificationResponse,
  type SignupRequest,
  VerifyEmailResponse,
} from './contract/auth.ts';
import {
  Balance,
  type CaptureRequest,
  CaptureResponse,
  type HoldRequest,
  HoldResponse,
  LedgerPage,
  ReleaseResponse,
  type SpendRequest,
  SpendResponse,
} from './contract/billing.ts';
import { EmailVerification } from './contract/emails.ts';
import {
  type AddMemberRequest,
  Member,
  type PatchMemberRequest,
  Team,
  TeamCurrent,
} from './contract/teams.ts';

/** A 204: no body at all. */
const NoContent = z.undefined();

/** Paging of `GET /v1/me/ledger`: `before` is the `nextBefore` of the previous page. */
export interface LedgerQuery {
  limit?: number;
  before?: string;
}

/**
 * One typed method per billing API endpoint the extension calls (billing-api.md). Each parses its
 * answer with the contract schema the server renders with; failures throw `ApiError` / `NetworkError`.
 * Credit-moving POSTs take the caller's `Idempotency-Key`: keep it, and pass it again to retry the same action.
 */
export interface BillingApi {
  readonly client: ApiClient;
  signup(body: SignupRequest): Promise<AuthResponse>;
  login(body: LoginRequest): Promise<AuthResponse>;
  /** Revokes the token the client sends. */
  logout(): Promise<void>;
  verifyEmail(token: string): Promise<VerifyEmailResponse>;
  /** Sends the verification message again; `sent` is false when the address is already verified. */
  resendVerification(): Promise<ResendVerificationResponse>;
  me(): Promise<Me>;
  balance(): Promise<Balance>;
  ledger(query?: LedgerQuery): Promise<LedgerPage>;
  spend(body: SpendRequest, idempotencyKey: string): Promise<SpendResponse>;
  hold(body: HoldRequest, idempotencyKey: string): Promise<HoldResponse>;
  capture(holdId: string, body: CaptureRequest, idempotencyKey: string): Promise<CaptureResponse>;
  release(holdId: string, idempotencyKey: string): Promise<ReleaseResponse>;
  /** `POST /v1/emails/verify`: free; its `verificationId` is what an `email_find` spend must carry. */
  checkEmail(email: string): Promise<EmailVerification>;
  createTeam(name: string): Promise<Team>;
  currentTeam(): Promise<TeamCurrent>;
  addMember(body: AddMemberRequest): Promise<Member>;
  updateMember(userId: string, body: PatchMemberRequest): Promise<Member>;
  removeMember(userId: string): Promise<void>;
}

/**
 * Creates the typed billing API over {@link createApiClient} (bearer auth, timeouts, safe retries).
 * @example
 * const api = createBillingApi({ baseUrl, getToken: () => token, timeoutMs: 10_000, onUnauthorized: signOut });
 * const { available } = await api.balance();
 */
export function createBillingApi(options: ApiClientOptions): BillingApi {
  const client = createApiClient(options);
  const { request } = client;
  const segment = (id: string) => encodeURIComponent(id);

  return {
    client,
    signup: (json) => request({ method: 'POST', path: '/v1/auth/signup', schema: AuthResponse, json }),
    login: (json) => request({ method: 'POST', path: '/v1/auth/login', schema: AuthResponse, json }),
    logout: () => request({ method: 'POST', path: '/v1/auth/logout', schema: NoContent }),
    verifyEmail: (token) =>
      request({
        method: 'POST',
        path: '/v1/auth/verify-email',
        schema: VerifyEmailResponse,
        json: { token },
      }),
    resendVerification: () =>
      request({ method: 'POST', path: '/v1/auth/resend-verification', schema: ResendVerificationResponse }),
    me: () => request({ method: 'GET', path: '/v1/me', schema: Me }),
    balance: () => request({ method: 'GET', path: '/v1/me/balance', schema: Balance }),
    ledger: ({ limit, before } = {}) =>
      request({ method: 'GET', path: '/v1/me/ledger', schema: LedgerPage, searchParams: { limit, before } }),
    spend: (json, idempotencyKey) =>
      request({ method: 'POST', path: '/v1/spends', schema: SpendResponse, json, idempotencyKey }),
    hold: (json, idempotencyKey) =>
      request({ method: 'POST', path: '/v1/holds', schema: HoldResponse, json, idempotencyKey }),
    capture: (holdId, json, idempotencyKey) =>
      request({
        method: 'POST',
        path: `/v1/holds/${segment(holdId)}/capture`,
        schema: CaptureResponse,
        json,
        idempotencyKey,
      }),
    release: (holdId, idempotencyKey) =>
      request({
        method: 'POST',
        path: `/v1/holds/${segment(holdId)}/release`,
        schema: ReleaseResponse,
        idempotencyKey,
      }),
    checkEmail: (email) =>
      request({ method: 'POST', path: '/v1/emails/verify', schema: EmailVerification, json: { email } }),
    createTeam: (name) => request({ method: 'POST', path: '/v1/teams', schema: Team, json: { name } }),
    currentTeam: () => request({ method: 'GET', path: '/v1/teams/current', schema: TeamCurrent }),
    addMember: (json) => request({ method: 'POST', path: '/v1/teams/current/members', schema: Member, json }),
    updateMember: (userId, json) =>
      request({
        method: 'PATCH',
        path: `/v1/teams/current/members/${segment(userId)}`,
        schema: Member,
        json,
      }),
    removeMember: (userId) =>
      request({ method: 'DELETE', path: `/v1/teams/current/members/${segment(userId)}`, schema: NoContent }),
  };
}
