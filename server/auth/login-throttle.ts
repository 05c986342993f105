import type { Queryable } from '../db/db.ts';

/** billing-api.md, POST /v1/auth/login: 10 consecutive failures per email within 15 minutes answer 401. */
export const LOGIN_FAILURES_MAX = 10;
export const LOGIN_WINDOW_MS = 15 * 60 * 1000;

/**
 * When logins for `email` are refused (429) at `now`: the end of the window that began with the first
 * of at least LOGIN_FAILURES_MAX consecutive failures, or null when logins are allowed.
 */
export async function loginBlockedUntil(db: Queryable, email: string, now: Date): Promise<Date | null> {
  const { rows } = await db.query<{ first_failure_at: Date | string; failures: number }>(
    'SELECT first_failure_at, failures FROM login_failures WHERE email = $1',
    [email],
  );
  const row = rows[0];
  if (!row || row.failures < LOGIN_FAILURES_MAX) return null;
  const until = new Date(new Date(row.first_failure_at).getTime() + LOGIN_WINDOW_MS);
  return until.getTime() > now.getTime() ? until : null;
}

/**
 * Counts a failed login for `email` and returns its position among the consecutive failures of the
 * current window (1 for the first). A window that has ended starts again at this failure. One atomic
 * upsert, so concurrent failures each get their own position and no more than LOGIN_FAILURES_MAX of
 * them can be answered 401.
 */
export async function recordLoginFailure(db: Queryable, email: string, now: Date): Promise<number> {
  const { rows } = await db.query<{ failures: number }>(
    `INSERT INTO login_failures AS f (email, first_failure_at, failures) VALUES ($1, $2::timestamptz, 1)
     ON CONFLICT (email) DO UPDATE SET
       first_failure_at = CASE WHEN f.first_failure_at + $3::interval <= $2::timestamptz
                               THEN EXCLUDED.first_failure_at ELSE f.first_failure_at END,
       failures = CASE WHEN f.first_failure_at + $3::interval <= $2::timestamptz
                       THEN 1 ELSE f.failures + 1 END
     RETURNING failures`,
    [email, now.toISOString(), `${LOGIN_WINDOW_MS / 1000} seconds`],
  );
  return rows[0]!.failures;
}

/** Forgets the failures of `email` (after a successful login). */
export async function clearLoginFailures(db: Queryable, email: string): Promise<void> {
  await db.query('DELETE FROM login_failures WHERE email = $1', [email]);
}

/**
 * Failed logins per client address, in memory (per process). It stops one address from trying
 * passwords across many emails; the contract requires every per-address limit to allow 60,000 requests
 * an hour from one address, a burst included, so the default stays at that figure.
 */
export class IpLoginLimiter {
  private readonly windows = new Map<string, { startMs: number; failures: number }>();
  readonly failuresMax: number;
  readonly windowMs: number;

  constructor({ failuresMax = 60_000, windowMs = 60 * 60 * 1000 } = {}) {
    this.failuresMax = failuresMax;
    this.windowMs = windowMs;
  }

  /** Whether `ip` has used up its failures in its current window. */
  isBlocked(ip: string, now: Date): boolean {
    const window = this.current(ip, now);
    return window !== undefined && window.failures >= this.failuresMax;
  }

  recordFailure(ip: string, now: Date): void {
    const window = this.current(ip, now);
    if (window) {
      window.failures += 1;
      return;
    }
    if (this.windows.size >= 100_000) this.prune(now);
    this.windows.set(ip, { startMs: now.getTime(), failures: 1 });
  }

  private current(ip: string, now: Date): { startMs: number; failures: number } | undefined {
    const window = this.windows.get(ip);
    if (!window) return undefined;
    if (window.startMs + this.windowMs <= now.getTime()) {
      this.windows.delete(ip);
      return undefined;
    }
    return window;
  }

  private prune(now: Date): void {
    for (const [ip, window] of this.windows) {
      if (window.startMs + this.windowMs <= now.getTime()) this.windows.delete(ip);
    }
  }
}
