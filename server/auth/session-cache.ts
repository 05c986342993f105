import type { Db } from '../db/db.ts';
import { hashToken } from './tokens.ts';

/** The channel on which a logout tells every API instance to forget the token (payload: its hash). */
export const SESSION_REVOKED_CHANNEL = 'lasso_session_revoked';

/** How long a looked-up session is trusted without asking the database again. */
const FRESH_MS = 5000;
/**
 * From this age on, a use of a remembered session also looks it up again in the background: a token in
 * steady use is re-checked before it goes stale, and its requests never wait for that lookup.
 */
const REFRESH_AFTER_MS = 4000;
/** Enough for every active user of an instance; beyond it the oldest entries go. */
const MAX_ENTRIES = 50_000;
/** How long a revocation is remembered, to refuse what a lookup begun before it found. */
const REVOCATION_MEMORY_MS = 60_000;

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
 * remove it too; if that message were lost, no instance trusts an entry for more than 5 s. A lookup
 * that was under way when the token was revoked does not bring it back. Expiry is checked on every use
 * against the server's clock, so test mode's clock moves apply at once.
 *
 * Requests that need the same token looked up at the same moment share one lookup: without that, a
 * burst of one user's requests each waited for its own query (and, in a pool whose idle connections
 * had closed, for its own new connection), which held them all up, by as much as 200 ms, every 5 s.
 */
export class SessionCache {
  private readonly entries = new Map<string, Entry>();
  /** Lookups under way, by token hash: the requests that need one share it. */
  private readonly lookups = new Map<string, Promise<Entry | null>>();
  /** When each recently revoked token hash was revoked (monotonic ms). */
  private readonly revokedAt = new Map<string, number>();
  private unlisten: (() => Promise<void>) | undefined;

  private constructor(
    private readonly db: Db,
    private readonly monotonicNow: () => number,
  ) {}

  static async start(db: Db, monotonicNow: () => number = () => performance.now()): Promise<SessionCache> {
    const cache = new SessionCache(db, monotonicNow);
    cache.unlisten = await db.listen(SESSION_REVOKED_CHANNEL, (tokenHash) => cache.forget(tokenHash));
    return cache;
  }

  /** The valid session of `token` at `now`, or null when it is unknown, expired or revoked. */
  async find(token: string, now: Date): Promise<Session | null> {
    const tokenHash = hashToken(token);
    let entry = this.entries.get(tokenHash);
    const age = entry ? this.monotonicNow() - entry.checkedAt : Number.POSITIVE_INFINITY;
    if (age >= FRESH_MS) {
      entry = (await this.lookup(tokenHash)) ?? undefined;
    } else if (age >= REFRESH_AFTER_MS) {
      // A failed refresh leaves the entry to go stale; the next lookup then reports the failure.
      this.lookup(tokenHash).catch(() => {});
    }
    return entry && entry.expiresAt > now.getTime() ? { userId: entry.userId, tokenHash } : null;
  }

  /** Revokes the session in the database and makes every instance forget it. */
  async revoke(tokenHash: string, now: Date): Promise<void> {
    this.forget(tokenHash);
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

  /** The one lookup of `tokenHash` under way, or a new one. */
  private lookup(tokenHash: string): Promise<Entry | null> {
    let pending = this.lookups.get(tokenHash);
    if (!pending) {
      pending = this.query(tokenHash).finally(() => this.lookups.delete(tokenHash));
      this.lookups.set(tokenHash, pending);
    }
    return pending;
  }

  /**
   * Reads the unrevoked session of `tokenHash` and remembers it, expired or not (each use checks
   * expiry against its own clock reading); null, and nothing remembered, when there is none or it was
   * revoked while the query ran.
   */
  private async query(tokenHash: string): Promise<Entry | null> {
    const startedAt = this.monotonicNow();
    const { rows } = await this.db.query<{ user_id: string; expires_at: Date | string }>(
      `SELECT user_id, expires_at FROM auth_tokens
       WHERE token_hash = $1 AND purpose = 'session' AND revoked_at IS NULL`,
      [tokenHash],
    );
    const row = rows[0];
    if (!row || (this.revokedAt.get(tokenHash) ?? Number.NEGATIVE_INFINITY) >= startedAt) {
      this.entries.delete(tokenHash);
      return null;
    }
    const entry: Entry = {
      userId: row.user_id,
      tokenHash,
      expiresAt: new Date(row.expires_at).getTime(),
      checkedAt: this.monotonicNow(),
    };
    this.remember(entry);
    return entry;
  }

  private forget(tokenHash: string): void {
    const now = this.monotonicNow();
    this.entries.delete(tokenHash);
    this.revokedAt.set(tokenHash, now);
    for (const [hash, at] of this.revokedAt) {
      if (now - at > REVOCATION_MEMORY_MS) this.revokedAt.delete(hash);
    }
  }

  private remember(entry: Entry): void {
    // Deleted first, so that the map's order stays the order of the last lookups.
    this.entries.delete(entry.tokenHash);
    if (this.entries.size >= MAX_ENTRIES) {
      // Maps iterate in insertion order: the first key is the oldest lookup.
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(entry.tokenHash, entry);
  }
}
