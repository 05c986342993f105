import type { Action, Balance, Bucket, LedgerEntry } from '../../api-client/contract/billing.ts';
import { ERROR_STATUS, type ErrorCode } from '../../api-client/contract/problem.ts';
import type { Queryable, QueryOptions } from '../db/db.ts';
import { DomainError } from '../http/domain-error.ts';
import { newId } from '../ids.ts';
import { MovementBatcher, type MovementCall } from './movement-batcher.ts';

/** The stored or fresh result of a credit-moving call: replays return the original status and body. */
export interface MovementResult {
  status: number;
  body: Record<string, unknown>;
  replayed: boolean;
}

/** Identifies a keyed request for idempotency: the key and a hash of method, path and body. */
export interface IdempotencyInput {
  key: string;
  requestHash: string;
}

interface PgError {
  code?: string;
  message?: string;
  detail?: string | null;
}

function isErrorCode(value: string): value is ErrorCode {
  return value in ERROR_STATUS;
}

/**
 * The error a ledger function raised, as the routes see it: the SQL raises SQLSTATE P0001 with the
 * contract's code as message and JSON extras as detail for every expected failure; those become
 * DomainErrors. Anything else is passed through.
 */
function ledgerError(error: PgError): unknown {
  if (error.code === 'P0001' && error.message && isErrorCode(error.message)) {
    const { detail, ...extra } = JSON.parse(error.detail ?? '{}') as { detail?: string };
    return new DomainError(error.message, detail ?? error.message, extra);
  }
  if (error.code === '22003') {
    return new DomainError('validation_failed', 'the amount would overflow a balance');
  }
  return error;
}

/** Runs one ledger function and returns its result. */
async function callLedger<T>(
  db: Queryable,
  sql: string,
  params: unknown[],
  options?: QueryOptions,
): Promise<T> {
  try {
    const { rows } = await db.query<{ result: T }>(sql, params, options);
    return rows[0]!.result;
  } catch (error) {
    throw ledgerError(error as PgError);
  }
}

export interface LedgerOptions {
  freeProfilesPerPage: number;
  /**
   * Called after a spend, hold, capture or release committed, with the owner (the user, or their team)
   * whose event streams must hear of it. The SQL names the owner instead of calling NOTIFY itself:
   * a NOTIFY inside the transaction would make all commits wait for one another (migration 0005).
   */
  onMoved?: (ownerId: string) => void;
}

/** The plain call of one movement's function: `SELECT lasso_spend($1, …, $9) AS result` for a spend. */
function movementSql({ fn, args }: MovementCall): string {
  return `SELECT lasso_${fn}(${args.map((_, i) => `$${i + 1}`).join(', ')}) AS result`;
}

/** One element of lasso_movements' answer: what a movement returned, or the error it raised. */
type BatchOutcome = { result: unknown } | { error: PgError };

/** What the movement functions return: the result, and the owner to notify unless it is a replay. */
type NotifyingResult = MovementResult & { notify?: string | null };

/** The billing ledger as the routes see it: one database call per read or back-office change, batched movements. */
export class LedgerStore {
  /** Spends, holds, captures and releases go to the database in batches (movement-batcher.ts says why). */
  private readonly movements: MovementBatcher;

  constructor(
    private readonly db: Queryable,
    private readonly options: LedgerOptions,
  ) {
    this.movements = new MovementBatcher({
      // Named statements: PostgreSQL parses and plans each once per connection.
      one: (call) => callLedger(db, movementSql(call), call.args, { name: `lasso_${call.fn}` }),
      many: async (calls) => {
        const { rows } = await db.query<{ outcomes: BatchOutcome[] }>(
          'SELECT lasso_movements($1::jsonb) AS outcomes',
          [JSON.stringify(calls)],
          { name: 'lasso_movements' },
        );
        return rows[0]!.outcomes.map((outcome) =>
          'error' in outcome
            ? { status: 'rejected', reason: ledgerError(outcome.error) }
            : { status: 'fulfilled', value: outcome.result },
        );
      },
    });
  }

  private async move(fn: MovementCall['fn'], args: unknown[]): Promise<MovementResult> {
    const { notify, ...result } = (await this.movements.submit({ fn, args })) as NotifyingResult;
    if (notify) this.options.onMoved?.(notify);
    return result;
  }

  balance(userId: string, now: Date): Promise<Balance> {
    return callLedger(
      this.db,
      'SELECT lasso_get_balance($1, $2, $3) AS result',
      [userId, now, this.options.freeProfilesPerPage],
      { name: 'lasso_get_balance' },
    );
  }

  spend(
    userId: string,
    input: { action: Action; quantity: number; verificationId: string | null },
    idempotency: IdempotencyInput,
    now: Date,
  ): Promise<MovementResult> {
    return this.move('spend', [
      userId,
      input.action,
      input.quantity,
      input.verificationId,
      idempotency.key,
      idempotency.requestHash,
      now,
      this.options.freeProfilesPerPage,
      newId('spend'),
    ]);
  }

  hold(
    userId: string,
    input: { action: Action; quantity: number; ttlSeconds: number },
    idempotency: IdempotencyInput,
    now: Date,
  ): Promise<MovementResult> {
    return this.move('hold', [
      userId,
      input.action,
      input.quantity,
      input.ttlSeconds,
      idempotency.key,
      idempotency.requestHash,
      now,
      this.options.freeProfilesPerPage,
      newId('hold'),
    ]);
  }

  capture(
    userId: string,
    holdId: string,
    quantity: number | undefined,
    idempotency: IdempotencyInput,
    now: Date,
  ): Promise<MovementResult> {
    return this.move('capture', [
      userId,
      holdId,
      quantity ?? null,
      idempotency.key,
      idempotency.requestHash,
      now,
      this.options.freeProfilesPerPage,
      newId('spend'),
    ]);
  }

  release(userId: string, holdId: string, idempotency: IdempotencyInput, now: Date): Promise<MovementResult> {
    return this.move('release', [
      userId,
      holdId,
      idempotency.key,
      idempotency.requestHash,
      now,
      this.options.freeProfilesPerPage,
    ]);
  }

  grant(
    ownerId: string,
    bucket: Bucket,
    credits: number,
    idempotency: IdempotencyInput,
    now: Date,
  ): Promise<MovementResult> {
    return callLedger(this.db, 'SELECT lasso_grant($1, $2, $3, $4, $5, $6) AS result', [
      ownerId,
      bucket,
      credits,
      idempotency.key,
      idempotency.requestHash,
      now,
    ]);
  }

  putSubscription(
    ownerId: string,
    input: {
      creditsPerCycle: number;
      interval: 'month' | 'year';
      anchor?: string | undefined;
      profilesPerPage: number;
    },
    now: Date,
  ): Promise<Record<string, unknown>> {
    return callLedger(this.db, 'SELECT lasso_put_subscription($1, $2, $3, $4, $5, $6) AS result', [
      ownerId,
      input.creditsPerCycle,
      input.interval,
      input.anchor ?? null,
      input.profilesPerPage,
      now,
    ]);
  }

  cancelSubscription(ownerId: string, now: Date): Promise<Record<string, unknown>> {
    return callLedger(this.db, 'SELECT lasso_cancel_subscription($1, $2) AS result', [ownerId, now]);
  }

  /** Settles one user (cycle roll-over, hold expiry) without answering anything: the sweep's step. */
  async settle(userId: string, now: Date): Promise<void> {
    await callLedger(this.db, 'SELECT lasso_settle($1, $2, false) AS result', [userId, now]);
  }

  /** Settles one team (cycle roll-over, expiry of holds on its pool). */
  async settleTeam(teamId: string, now: Date): Promise<void> {
    await callLedger(this.db, 'SELECT lasso_settle_team($1, $2) AS result', [teamId, now]);
  }

  /** Forgets idempotency records past their 48 h retention (the claim treats them as new anyway). */
  async pruneIdempotencyKeys(now: Date): Promise<void> {
    await this.db.query(
      `DELETE FROM idempotency_keys WHERE ctid = ANY (ARRAY(
         SELECT ctid FROM idempotency_keys WHERE created_at < $1::timestamptz - interval '48 hours' LIMIT 5000))`,
      [now],
    );
  }

  /** Users with a cycle end or hold expiry due at `now`, for the periodic sweep. */
  async dueUsers(now: Date, limit: number): Promise<string[]> {
    const { rows } = await this.db.query<{ user_id: string }>(
      'SELECT user_id FROM lasso_due_owners($1, $2)',
      [now, limit],
    );
    return rows.map((row) => row.user_id);
  }

  /**
   * Ledger entries newest first. For a user: every movement of their personal buckets plus the
   * team parts of their own spends and holds; for a team: every movement of its buckets.
   */
  async entries(
    scope: { userId: string } | { teamId: string },
    page: { limit: number; before?: string | undefined },
  ): Promise<{ entries: LedgerEntry[]; nextBefore: string | null }> {
    const beforeId = page.before ? Number(page.before.slice(3)) : Number.MAX_SAFE_INTEGER;
    const where =
      'userId' in scope
        ? `(owner_id = $1 OR (actor_id = $1 AND bucket LIKE 'team.%'))`
        : `owner_id = $1 AND bucket LIKE 'team.%'`;
    const ownerId = 'userId' in scope ? scope.userId : scope.teamId;
    const { rows } = await this.db.query<LedgerRow>(
      `SELECT id, at, kind, action, bucket, amount, spend_id, hold_id
       FROM ledger_entries WHERE ${where} AND id < $2 ORDER BY id DESC LIMIT $3`,
      [ownerId, beforeId, page.limit + 1],
    );
    const entries = rows.slice(0, page.limit).map(toLedgerEntry);
    return { entries, nextBefore: rows.length > page.limit ? entries.at(-1)!.id : null };
  }
}

interface LedgerRow {
  id: number;
  at: Date;
  kind: LedgerEntry['kind'];
  action: Action | null;
  bucket: Bucket;
  amount: number;
  spend_id: string | null;
  hold_id: string | null;
}

function toLedgerEntry(row: LedgerRow): LedgerEntry {
  return {
    id: `le_${row.id}`,
    at: new Date(row.at).toISOString(),
    kind: row.kind,
    ...(row.action ? { action: row.action } : {}),
    bucket: row.bucket,
    amount: row.amount,
    ...(row.spend_id ? { spendId: row.spend_id } : {}),
    ...(row.hold_id ? { holdId: row.hold_id } : {}),
  };
}
