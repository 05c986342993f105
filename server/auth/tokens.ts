import { hash, randomBytes } from 'node:crypto';
import type { Queryable } from '../db/db.ts';

export type TokenPurpose = 'session' | 'verify_email';

const DAY_MS = 24 * 60 * 60 * 1000;

/** How long a token stays valid after issue (billing-api.md: a session token lives 30 days). */
export const TOKEN_TTL_MS: Record<TokenPurpose, number> = {
  session: 30 * DAY_MS,
  verify_email: 7 * DAY_MS,
};

/** SHA-256 (hex) of a token: the only form in which tokens are stored. */
export function hashToken(token: string): string {
  return hash('sha256', token, 'hex');
}

/** Creates a random 256-bit token for `userId`, stores its hash, and returns the token itself. */
export async function issueToken(
  db: Queryable,
  input: { userId: string; purpose: TokenPurpose; now: Date },
): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(input.now.getTime() + TOKEN_TTL_MS[input.purpose]);
  await db.query(
    `INSERT INTO auth_tokens (token_hash, user_id, purpose, created_at, expires_at)
     VALUES ($1, $2, $3, $4, $5)`,
    [hashToken(token), input.userId, input.purpose, input.now.toISOString(), expiresAt.toISOString()],
  );
  return token;
}

/** The owner of `token` if it was issued for `purpose`, is not revoked and has not expired at `now`. */
export async function findValidToken(
  db: Queryable,
  input: { token: string; purpose: TokenPurpose; now: Date },
): Promise<{ userId: string; tokenHash: string } | null> {
  const tokenHash = hashToken(input.token);
  const { rows } = await db.query<{ user_id: string }>(
    `SELECT user_id FROM auth_tokens
     WHERE token_hash = $1 AND purpose = $2 AND revoked_at IS NULL AND expires_at > $3::timestamptz`,
    [tokenHash, input.purpose, input.now.toISOString()],
  );
  const row = rows[0];
  return row ? { userId: row.user_id, tokenHash } : null;
}
