import type { BillingApi } from '../../api-client/billing-api.ts';
import type { BreakdownItem } from '../../api-client/contract/billing.ts';
import type { RowRecord } from '../../storage/model.ts';

/**
 * The seam between a bulk job's runner and the work it does on one row (enrichment, email finding).
 * The runner owns the queue, concurrency, persistence, resume and cancel; a task owns what one row
 * costs and what it changes. A task never writes the row itself: it returns the patch, and the runner
 * stores it together with the row's new state in one Dexie transaction.
 */
export type JobKind = 'enrich' | 'find_email';

export interface RowTaskContext {
  api: BillingApi;
  /**
   * Idempotency keys for this row's credit-moving calls, persisted with the job *before* the first call,
   * so a job resumed after the worker was stopped replays a charge instead of making a second one.
   * `key('hold')`, `key('capture')`, `key('release')`, `key('spend')` are stable per (job, row, purpose).
   */
  key(purpose: string): string;
  /**
   * Small values kept with the row's job state, so that a row re-run after the worker was stopped can
   * repeat a credit-moving call with the same body under the same key (e.g. the verification an
   * `email_find` spend carries: a fresh verification would be a different request).
   */
  memo: RowMemo;
  /** Aborted when the user cancels the job: stop at once, release what was held, charge nothing more. */
  signal: AbortSignal;
  now(): number;
}

export interface RowMemo {
  get(name: string): string | undefined;
  /** Stored before it resolves. */
  set(name: string, value: string): Promise<void>;
}

/** What one row cost: the buckets the credits came from (team pool vs personal), as the API answered. */
export interface RowCharge {
  credits: number;
  breakdown: BreakdownItem[];
}

export type RowTaskOutcome =
  /** The work was delivered (and charged, when `charge` is set). */
  | { status: 'done'; patch: Partial<RowRecord>; charge?: RowCharge; detail?: string }
  /** Nothing was delivered and nothing charged; `reason` is shown on the row as it is. */
  | { status: 'failed'; reason: string; patch?: Partial<RowRecord> }
  /** Nothing to do for this row (no URL, already done today): free. */
  | { status: 'skipped'; reason: string }
  /** A 402: nothing charged; the runner pauses the job until credits are available again. */
  | { status: 'out_of_credits' };

export type RowTask = (row: RowRecord, context: RowTaskContext) => Promise<RowTaskOutcome>;

/** A memo that lives as long as one call: for a task run outside a job (tests, one-off e2e hooks). */
export function inMemoryMemo(initial: Record<string, string> = {}): RowMemo {
  const values = { ...initial };
  return {
    get: (name) => values[name],
    set: async (name, value) => {
      values[name] = value;
    },
  };
}
