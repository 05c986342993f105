import type { Queryable } from '../db/db.ts';

/** Opens a user's personal buckets and grants the sign-up credits, inside the sign-up transaction. */
export async function openPersonalAccount(
  tx: Queryable,
  input: { userId: string; freeCredits: number; now: Date },
): Promise<void> {
  await tx.query(
    `INSERT INTO buckets (owner_id, bucket, balance)
     VALUES ($1, 'personal.subscription', 0), ($1, 'personal.topup', 0), ($1, 'personal.free', 0)`,
    [input.userId],
  );
  if (input.freeCredits > 0) {
    await tx.query(`SELECT lasso_move($1, 'personal.free', $2, 'grant', $3)`, [
      input.userId,
      input.freeCredits,
      input.now,
    ]);
  }
}

/** Opens a team's pool buckets, inside the transaction that creates the team. */
export async function openTeamAccount(tx: Queryable, teamId: string): Promise<void> {
  await tx.query(
    `INSERT INTO buckets (owner_id, bucket, balance) VALUES ($1, 'team.subscription', 0), ($1, 'team.topup', 0)`,
    [teamId],
  );
}
