import type { User } from '../../api-client/contract/auth.ts';
import type { Queryable } from '../db/db.ts';

interface UserRow {
  id: string;
  email: string;
  name: string | null;
  password_hash: string;
  email_verified: boolean;
}

export interface StoredUser {
  user: User;
  passwordHash: string;
}

function fromRow(row: UserRow): StoredUser {
  return {
    user: { id: row.id, email: row.email, name: row.name, emailVerified: row.email_verified },
    passwordHash: row.password_hash,
  };
}

const COLUMNS = 'id, email, name, password_hash, email_verified';

export async function findUserById(db: Queryable, id: string): Promise<StoredUser | null> {
  const { rows } = await db.query<UserRow>(`SELECT ${COLUMNS} FROM users WHERE id = $1`, [id]);
  return rows[0] ? fromRow(rows[0]) : null;
}

/** The user registered with `email` (already lower-cased), if any. */
export async function findUserByEmail(db: Queryable, email: string): Promise<StoredUser | null> {
  const { rows } = await db.query<UserRow>(`SELECT ${COLUMNS} FROM users WHERE email = $1`, [email]);
  return rows[0] ? fromRow(rows[0]) : null;
}

/**
 * Inserts a user. A taken email fails on the UNIQUE constraint (see `isEmailTakenError`), which also
 * settles two sign-ups of one address racing each other.
 */
export async function insertUser(
  db: Queryable,
  input: { id: string; email: string; name: string | null; passwordHash: string; now: Date },
): Promise<User> {
  await db.query(
    `INSERT INTO users (id, email, name, password_hash, email_verified, created_at)
     VALUES ($1, $2, $3, $4, false, $5)`,
    [input.id, input.email, input.name, input.passwordHash, input.now.toISOString()],
  );
  return { id: input.id, email: input.email, name: input.name, emailVerified: false };
}

/** Whether `error` is the unique-violation (SQLSTATE 23505) of `users.email`, on pg or PGlite. */
export function isEmailTakenError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, constraint } = error as { code?: unknown; constraint?: unknown };
  return code === '23505' && (constraint === undefined || constraint === 'users_email_key');
}

export async function markEmailVerified(db: Queryable, id: string): Promise<User | null> {
  const { rows } = await db.query<UserRow>(
    `UPDATE users SET email_verified = true WHERE id = $1 RETURNING ${COLUMNS}`,
    [id],
  );
  return rows[0] ? fromRow(rows[0]).user : null;
}
