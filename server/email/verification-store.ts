import type { Queryable } from '../db/db.ts';
import { newId } from '../ids.ts';
import type { EmailCheckResult } from './verify-email.ts';

/** Longest address kept with a verification (the checks already judged anything longer malformed). */
const STORED_EMAIL_LENGTH_MAX = 320;

/** Stores a check result under a new id; an `email_find` spend later consumes it once. */
export async function saveVerification(
  db: Queryable,
  input: { userId: string; result: EmailCheckResult; now: Date },
): Promise<string> {
  const id = newId('ver');
  await db.query(
    `INSERT INTO email_verifications (id, user_id, email, valid, checks, created_at)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [
      id,
      input.userId,
      input.result.email.slice(0, STORED_EMAIL_LENGTH_MAX),
      input.result.valid,
      JSON.stringify(input.result.checks),
      input.now,
    ],
  );
  return id;
}
