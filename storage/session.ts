import { storage } from 'wxt/utils/storage';
import type { MeTeam, User } from '../api-client/contract/auth.ts';
import type { Balance } from '../api-client/contract/billing.ts';

// Everything the signed-in state needs lives in chrome.storage.local: Chrome stops the MV3 service worker
// whenever it likes, and a page may open before the worker has started again.

/** The session's bearer token and the API that issued it. Only the background reads it. */
export interface StoredToken {
  token: string;
  /** A token is only good for the API that issued it; another API URL in Settings ends the session. */
  apiUrl: string;
  userId: string;
}

export const tokenItem = storage.defineItem<StoredToken | null>('local:auth.token', { fallback: null });

/**
 * Who is signed in, as pages show it. `expired`: the API refused the token (expired or revoked); the
 * token is gone and the user is asked to sign in again.
 */
export interface Account {
  status: 'signed_in' | 'expired';
  user: User;
  team: MeTeam | null;
  apiUrl: string;
}

export const accountItem = storage.defineItem<Account | null>('local:auth.account', { fallback: null });

/** The last balance the API sent, and when it arrived (epoch ms), so pages can say how old it is. */
export interface CachedBalance {
  userId: string;
  balance: Balance;
  fetchedAt: number;
}

export const balanceCacheItem = storage.defineItem<CachedBalance | null>('local:balance.cache', {
  fallback: null,
});

/** The chrome.storage.local keys of the items above, for code that reads the area directly. */
export const SESSION_KEYS = {
  token: 'auth.token',
  account: 'auth.account',
  balance: 'balance.cache',
} as const;
