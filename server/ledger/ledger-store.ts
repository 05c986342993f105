import type { Action, Balance, Bucket, LedgerEntry } from '../../api-client/contract/billing.ts';
import { ERROR_STATUS, type ErrorCode } from '../../api-client/contract/problem.ts';
import type { Queryable, QueryOptions } from '../db/db.ts';
import { DomainError } from '../http/domain-error.ts';
import { newId } from '../ids.ts';
import { OneAtATime } from './one-at-a-time.ts';

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
  detail?: string;
}

function isErrorCode(value: string): value is ErrorCode {
  return value in ERROR_STATUS;
}

/**
 * Runs one ledger function: the SQL raises SQLSTATE P0001 with the contract's code as message and
 * JSON extras as detail for every expected failure; those become DomainErrors.
 */
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
    const pgError = error as PgError;
    if (pgError.code === 'P0001' && pgError.message && isErrorCode(pgError.message)) {
      const { detail, ...extra } = JSON.parse(pgError.detail ?? '{}') as { detail?: string };
      throw new DomainError(pgError.message, detail ?? pgError.message, extra);
    }
    if (pgError.code === '22003') {
      throw new DomainError('validation_failed', 'the amount would overflow a balance');
    }
    throw error;
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

/** What the movement functions return: the result, and the owner to notify unless it is a replay. */
type NotifyingResult = MovementResult & { notify?: string | null };

/** The billing ledger as the routes see it: one database call per credit movement. */
export class LedgerStore {
  /** Each user's movements, one at a time in this instance (one-at-a-time.ts says why). */
  private readonly movements = new OneAtATime();

  constructor(
    private readonly db: Queryable,
    private readonly options: LedgerOptions,
  ) {}

  /**
   * Every credit movement is one named (prepared once per connection) call of its SQL function; one
   * user's movements are queued here rather than on their buckets' row locks.
   */
  private async move(userId: string, fn: string, sql: string, params: unknown[]): Promise<MovementResult> {
    const { notify, ...result } = await this.movements.run(userId, () =>
      callLedger<NotifyingResult>(this.db, sql, params, { name: fn }),
    );
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
    return this.move(
      userId,
      'lasso_spend',
      'SELECT lasso_spend($1, $2, $3, $4, $5, $6, $7, $8, $9) AS result',
      [
        userId,
        input.action,
        input.quantity,
        input.verificationId,
        idempotency.key,
        idempotency.requestHash,
        now,
        this.options.freeProfilesPerPage,
        newId('spend'),
      ],
    );
  }

  hold(
    userId: string,
    input: { action: Action; quantity: number; ttlSeconds: number },
    idempotency: IdempotencyInput,
    now: Date,
  ): Promise<MovementResult> {
    return this.move(
      userId,
      'lasso_hold',
      'SELECT lasso_hold($1, $2, $3, $4, $5, $6, $7, $8, $9) AS result',
      [
        userId,
        input.action,
        input.quantity,
        input.ttlSeconds,
        idempotency.key,
        idempotency.requestHash,
        now,
        this.options.freeProfilesPerPage,
        newId('hold'),
      ],
    );
  }

  capture(
    userId: string,
    holdId: string,
    quantity: number | undefined,
    idempotency: IdempotencyInput,
    now: Date,
  ): Promise<MovementResult> {
    return this.move(
      userId,
      'lasso_capture',
      'SELECT lasso_capture($1, $2, $3, $4, $5, $6, $7, $8) AS result',
      [
        userId,
        holdId,
        quantity ?? null,
        idempotency.key,
        idempotency.requestHash,
        now,
        this.options.freeProfilesPerPage,
        newId('spend'),
      ],
    );
  }

  release(userId: string, holdId: string, idempotency: IdempotencyInput, now: Date): Promise<MovementResult> {
    return this.move(userId, 'lasso_release', 'SELECT lasso_release($1, $2, $3, $4, $5, $6) AS result', [
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
