import type { Db } from '../db/db.ts';
import { hashToken } from './tokens.ts';

/** The channel on which a logout tells every API instance to forget the token (payload: its hash). */
export const SESSION_REVOKED_CHANNEL = 'lasso_session_revoked';

/** How long a looked-up session is trusted without asking the database again. */
const FRESH_MS = 5000;
/** Enough for every active user of an instance; beyond it the oldest entries go. */
const MAX_ENTRIES = 50_000;

export interface Session {
  userId: string;
  tokenHash: string;
}

interface Entry extends Session {
  expiresAt: number;
  checkedAt: number;
}

/**
 * Session tokens of the last few seconds, so that a request does not pay a database round trip for its
 * bearer token before doing its work (a spend is otherwise two round trips instead of one).
 *
 * Revocation stays immediate: a logout removes the token here and NOTIFYs the other instances, which
 * remove it too; if that message were lost, no instance trusts an entry for more than 5 s. Expiry is
 * checked on every use against the server's clock, so test mode's clock moves apply at once.
 */
export class SessionCache {
  private readonly entries = new Map<string, Entry>();
  private unlisten: (() => Promise<void>) | undefined;

  private constructor(
    private readonly db: Db,
    private readonly monotonicNow: () => number,
  ) {}

  static async start(db: Db, monotonicNow: () => number = () => performance.now()): Promise<SessionCache> {
    const cache = new SessionCache(db, monotonicNow);
    cache.unlisten = await db.listen(SESSION_REVOKED_CHANNEL, (tokenHash) => cache.entries.delete(tokenHash));
    return cache;
  }

  /** The valid session of `token` at `now`, or null when it is unknown, expired or revoked. */
  async find(token: string, now: Date): Promise<Session | null> {
    const tokenHash = hashToken(token);
    const cached = this.entries.get(tokenHash);
    if (cached && this.monotonicNow() - cached.checkedAt < FRESH_MS) {
      return cached.expiresAt > now.getTime() ? { userId: cached.userId, tokenHash } : null;
    }
    this.entries.delete(tokenHash);
    const { rows } = await this.db.query<{ user_id: string; expires_at: Date | string }>(
      `SELECT user_id, expires_at FROM auth_tokens
       WHERE token_hash = $1 AND purpose = 'session' AND revoked_at IS NULL AND expires_at > $2::timestamptz`,
      [tokenHash, now.toISOString()],
    );
    const row = rows[0];
    if (!row) return null;
    this.remember({
      userId: row.user_id,
      tokenHash,
      expiresAt: new Date(row.expires_at).getTime(),
      checkedAt: this.monotonicNow(),
    });
    return { userId: row.user_id, tokenHash };
  }

  /** Revokes the session in the database and makes every instance forget it. */
  async revoke(tokenHash: string, now: Date): Promise<void> {
    this.entries.delete(tokenHash);
    await this.db.query(
      `WITH revoked AS (
         UPDATE auth_tokens SET revoked_at = $2 WHERE token_hash = $1 AND revoked_at IS NULL
       )
       SELECT pg_notify($3, $1)`,
      [tokenHash, now.toISOString(), SESSION_REVOKED_CHANNEL],
    );
  }

  async close(): Promise<void> {
    await this.unlisten?.();
    this.entries.clear();
  }

  private remember(entry: Entry): void {
    if (this.entries.size >= MAX_ENTRIES) {
      // Maps iterate in insertion order: the first key is the oldest lookup.
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(entry.tokenHash, entry);
  }
}
