import type { Balance } from '../api-client/contract/billing.ts';
import { ApiError, NetworkError } from '../api-client/errors.ts';
import type { BalanceEventsOptions } from '../api-client/events.ts';
import type { Connection } from '../messaging/live.ts';
import { type BackoffPolicy, backoffDelayMs, LIVE_BACKOFF } from './backoff.ts';
import type { SessionService } from './session.ts';

const CONNECT_TIMEOUT_MS = 10_000;
/** Two missed pings (the API sends one every 25 s) and the stream counts as dead. */
const IDLE_TIMEOUT_MS = 60_000;

export interface LiveBalanceDeps {
  session: Pick<SessionService, 'current' | 'refreshAccount' | 'storeBalance' | 'expire'>;
  stream(options: BalanceEventsOptions): Promise<void>;
  onConnection(connection: Connection): void;
  now(): number;
  backoff?: BackoffPolicy;
  random?: () => number;
}

export interface LiveBalance {
  readonly connection: Connection;
  /** Follows the balance until `stop()`: refreshes the account and streams `/v1/me/events`, reconnecting with backoff. */
  start(): void;
  stop(): void;
  /** Starts over (someone signed in or out), if a page listens. */
  restart(): void;
  /** Cuts a backoff wait short. */
  retryNow(): void;
}

interface Run {
  controller: AbortController;
  wake: () => void;
}

/**
 * The background's link to `/v1/me/events` while a page shows the balance. Every balance that arrives
 * goes to the cache in chrome.storage.local (pages watch it); the link's state goes to `onConnection`.
 * A 401 ends the session; anything else is retried with exponential backoff.
 */
export function createLiveBalance(deps: LiveBalanceDeps): LiveBalance {
  const policy = deps.backoff ?? LIVE_BACKOFF;
  let connection: Connection = { state: 'idle' };
  let run: Run | undefined;

  function set(next: Connection) {
    connection = next;
    deps.onConnection(next);
  }

  /** Waits `ms`, or less if woken; resolves early (without throwing) when the run is aborted. */
  function pause(ms: number, current: Run): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        current.controller.signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      current.wake = done;
      current.controller.signal.addEventListener('abort', done);
    });
  }

  async function follow(current: Run): Promise<void> {
    const { signal } = current.controller;
    let attempt = 0;
    while (!signal.aborted) {
      const session = await deps.session.current();
      if (signal.aborted) return;
      if (!session) {
        set({ state: 'idle' });
        return;
      }
      const { apiUrl, token, userId } = session.token;
      set({ state: 'connecting', apiUrl });
      // The account (verified email, team) is refreshed beside the stream, not before it: the first
      // balance then arrives one round trip sooner. A 401 there ends the session through the client's
      // onUnauthorized; other failures show up on the stream as well.
      deps.session.refreshAccount(session).catch(() => {});
      try {
        await deps.stream({
          baseUrl: apiUrl,
          token,
          signal,
          connectTimeoutMs: CONNECT_TIMEOUT_MS,
          idleTimeoutMs: IDLE_TIMEOUT_MS,
          onOpen: () => {
            attempt = 0;
            set({ state: 'live', apiUrl });
          },
          onBalance: (balance: Balance) => {
            deps.session.storeBalance(userId, balance).catch((error: unknown) => {
              console.error('lasso: could not cache the balance', error);
            });
          },
        });
        // The API ended the stream (it restarted, or shuts down): connect again after a short wait.
      } catch (error) {
        if (signal.aborted) return;
        if (error instanceof ApiError && error.status === 401) {
          await deps.session.expire(token);
          // expire() may have restarted the link already; only a run still current reports.
          if (!signal.aborted) set({ state: 'idle' });
          return;
        }
        const delayMs = backoffDelayMs(attempt++, policy, deps.random);
        set({ state: 'offline', apiUrl, ...reasonOf(error), retryAt: deps.now() + delayMs });
        await pause(delayMs, current);
        continue;
      }
      await pause(backoffDelayMs(attempt++, policy, deps.random), current);
    }
  }

  function launch() {
    const current: Run = { controller: new AbortController(), wake: () => {} };
    run = current;
    follow(current)
      .catch((error: unknown) => {
        console.error('lasso: the live balance stopped', error);
        if (run === current) set({ state: 'idle' });
      })
      .finally(() => {
        if (run === current) run = undefined;
      });
  }

  function abort() {
    run?.controller.abort();
    run = undefined;
  }

  /** Whether a page listens: then the link should run, even while nobody is signed in yet. */
  let wanted = false;

  const live: LiveBalance = {
    get connection() {
      return connection;
    },
    start() {
      wanted = true;
      if (!run) launch();
    },
    stop() {
      wanted = false;
      abort();
      set({ state: 'idle' });
    },
    restart() {
      if (!wanted) return;
      abort();
      launch();
    },
    retryNow() {
      if (run) run.wake();
      else if (wanted) launch();
    },
  };
  return live;
}

function reasonOf(error: unknown): { reason: 'unreachable' | 'timeout' | 'error'; error: string } {
  if (error instanceof NetworkError) return { reason: error.kind, error: error.message };
  if (error instanceof ApiError) return { reason: 'error', error: `${error.status} ${error.code}` };
  console.error('lasso: unexpected failure of the live balance', error);
  return { reason: 'error', error: String(error) };
}
