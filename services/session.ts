import type { BillingApi, LedgerQuery } from '../api-client/billing-api.ts';
import type { ApiClientOptions } from '../api-client/client.ts';
import type { AuthResponse } from '../api-client/contract/auth.ts';
import type { Balance, LedgerPage } from '../api-client/contract/billing.ts';
import { ApiError, NetworkError } from '../api-client/errors.ts';
import type { Outcome } from '../messaging/protocol.ts';
import {
  type Account,
  accountItem,
  balanceCacheItem,
  type CachedBalance,
  type StoredToken,
  tokenItem,
} from '../storage/session.ts';

/** Billing calls made while a page waits: long enough for a slow network, short enough to say so. */
export const REQUEST_TIMEOUT_MS = 10_000;
/** Revoking the token on sign-out is a courtesy to the server; the user does not wait for it long. */
const LOGOUT_TIMEOUT_MS = 3_000;

export interface SessionDeps {
  getApiUrl(): Promise<string>;
  createApi(options: ApiClientOptions): BillingApi;
  now(): number;
  /** Someone signed in or out, or the API refused the token: whoever follows the session starts over. */
  onChange?(): void;
}

/** The signed-in user's token and a client that sends it (and ends the session on a 401). */
export interface Session {
  token: StoredToken;
  api: BillingApi;
}

export interface Credentials {
  email: string;
  password: string;
}

export interface SessionService {
  /** The session to call the API with, or null when nobody is signed in to the API in Settings. */
  current(): Promise<Session | null>;
  signUp(body: Credentials & { name?: string | undefined }): Promise<Outcome<Account>>;
  signIn(body: Credentials): Promise<Outcome<Account>>;
  /** Forgets the token here at once, then asks the API to revoke it. */
  signOut(): Promise<Outcome<null>>;
  /** The API refused `token`: forget it and mark the account expired, unless a newer session replaced it. */
  expire(token: string): Promise<void>;
  resendVerification(): Promise<Outcome<{ sent: boolean }>>;
  /** `GET /v1/me` into the stored account (verified email, team). Throws ApiError/NetworkError. */
  refreshAccount(session: Session): Promise<Account>;
  refreshBalance(): Promise<Outcome<CachedBalance>>;
  /** Caches a balance the API sent for `userId`, unless that user is no longer signed in. */
  storeBalance(userId: string, balance: Balance): Promise<CachedBalance | null>;
  ledgerPage(query: LedgerQuery): Promise<Outcome<LedgerPage>>;
}

/** Turns an expected failure into a value the pages can switch on; anything else is a bug and throws. */
export function failureOf(error: unknown): Extract<Outcome<never>, { ok: false }> {
  if (error instanceof ApiError)
    return { ok: false, code: error.code, message: error.detail ?? error.message };
  if (error instanceof NetworkError) return { ok: false, code: error.kind, message: error.message };
  throw error;
}

const SIGNED_OUT = { ok: false, code: 'signed_out', message: 'Sign in to Lasso first.' } as const;

/**
 * The account side of the background: signs in and out, keeps the token, the account and the last
 * balance in chrome.storage.local (never only in memory: Chrome stops the worker at will), and ends the
 * session cleanly when the API answers 401.
 */
export function createSessionService(deps: SessionDeps): SessionService {
  function authedApi(token: StoredToken): BillingApi {
    return deps.createApi({
      baseUrl: token.apiUrl,
      getToken: () => token.token,
      timeoutMs: REQUEST_TIMEOUT_MS,
      onUnauthorized: () => service.expire(token.token),
    });
  }

  async function endLocally(): Promise<void> {
    await tokenItem.removeValue();
    await balanceCacheItem.removeValue();
    await accountItem.removeValue();
  }

  async function accountFor(session: Session, me: Pick<Account, 'user' | 'team'>): Promise<Account> {
    const account: Account = {
      status: 'signed_in',
      user: me.user,
      team: me.team,
      apiUrl: session.token.apiUrl,
    };
    // Signed out (or in as someone else) while the answer was on its way: it is no longer ours to store.
    if ((await tokenItem.getValue())?.token === session.token.token) await accountItem.setValue(account);
    return account;
  }

  async function begin(apiUrl: string, auth: AuthResponse): Promise<Account> {
    const token: StoredToken = { token: auth.token, apiUrl, userId: auth.user.id };
    const cached = await balanceCacheItem.getValue();
    if (cached && cached.userId !== auth.user.id) await balanceCacheItem.removeValue();
    // Token first: a page that sees the account appear may ask for the balance at once.
    await tokenItem.setValue(token);
    const session = { token, api: authedApi(token) };
    // The team and the balance make the first view complete; if they fail, the live link fetches them again.
    let me: Pick<Account, 'user' | 'team'> = { user: auth.user, team: null };
    try {
      me = await session.api.me();
      await service.storeBalance(token.userId, await session.api.balance());
    } catch (error) {
      failureOf(error);
    }
    const account = await accountFor(session, me);
    deps.onChange?.();
    return account;
  }

  async function authenticate(call: (api: BillingApi) => Promise<AuthResponse>): Promise<Outcome<Account>> {
    const apiUrl = await deps.getApiUrl();
    const api = deps.createApi({ baseUrl: apiUrl, getToken: () => undefined, timeoutMs: REQUEST_TIMEOUT_MS });
    let auth: AuthResponse;
    try {
      auth = await call(api);
    } catch (error) {
      return failureOf(error);
    }
    return { ok: true, value: await begin(apiUrl, auth) };
  }

  async function withSession<T>(call: (session: Session) => Promise<T>): Promise<Outcome<T>> {
    const session = await service.current();
    if (!session) return SIGNED_OUT;
    try {
      return { ok: true, value: await call(session) };
    } catch (error) {
      return failureOf(error);
    }
  }

  const service: SessionService = {
    async current() {
      const token = await tokenItem.getValue();
      if (!token) return null;
      if (token.apiUrl !== (await deps.getApiUrl())) {
        // Settings now name another API, which never issued this token.
        await endLocally();
        deps.onChange?.();
        return null;
      }
      return { token, api: authedApi(token) };
    },

    signUp: ({ email, password, name }) =>
      authenticate((api) => api.signup({ email, password, ...(name ? { name } : {}) })),

    signIn: ({ email, password }) => authenticate((api) => api.login({ email, password })),

    async signOut() {
      const token = await tokenItem.getValue();
      await endLocally();
      deps.onChange?.();
      if (token) {
        const api = deps.createApi({
          baseUrl: token.apiUrl,
          getToken: () => token.token,
          timeoutMs: LOGOUT_TIMEOUT_MS,
          retriesMax: 0,
        });
        // The token is already forgotten here; an API that cannot be reached keeps it until it expires.
        await api.logout().catch((error: unknown) => failureOf(error));
      }
      return { ok: true, value: null };
    },

    async expire(token) {
      if ((await tokenItem.getValue())?.token !== token) return;
      await tokenItem.removeValue();
      await balanceCacheItem.removeValue();
      const account = await accountItem.getValue();
      if (account) await accountItem.setValue({ ...account, status: 'expired' });
      deps.onChange?.();
    },

    resendVerification: () => withSession((session) => session.api.resendVerification()),

    async refreshAccount(session) {
      return accountFor(session, await session.api.me());
    },

    refreshBalance: () =>
      withSession(async (session) => {
        const balance = await session.api.balance();
        const cached = await service.storeBalance(session.token.userId, balance);
        return cached ?? { userId: session.token.userId, balance, fetchedAt: deps.now() };
      }),

    async storeBalance(userId, balance) {
      if ((await tokenItem.getValue())?.userId !== userId) return null;
      const cached: CachedBalance = { userId, balance, fetchedAt: deps.now() };
      await balanceCacheItem.setValue(cached);
      return cached;
    },

    ledgerPage: (query) => withSession((session) => session.api.ledger(query)),
  };
  return service;
}
