/**
 * A bulk job's states and its rows' states, as pure functions from one state to the next. The runner
 * (runner.ts) does the I/O and persists what these return; everything it decides is decided here, so
 * resume, cancel and out-of-credits can be tested without a browser.
 */
import type { BreakdownItem } from '../../api-client/contract/billing.ts';
import type { JobKind, RowCharge, RowTaskOutcome } from './row-task.ts';

/**
 * `running`: rows start while slots are free. `paused_out_of_credits`: a row met a 402, no row starts
 * until a balance shows credits again. `paused_offline`: the billing API could not be reached, no row
 * starts until it answers again. `cancelling`: the user cancelled, in-flight rows are aborting.
 * `cancelled` and `done` are final.
 */
export type JobState =
  | 'running'
  | 'paused_out_of_credits'
  | 'paused_offline'
  | 'cancelling'
  | 'cancelled'
  | 'done';
export type JobRowState = 'pending' | 'in_progress' | 'done' | 'failed' | 'skipped';

export interface JobCounters {
  total: number;
  done: number;
  failed: number;
  skipped: number;
}

/** Credits a job spent, by where they came from (RowCharge.breakdown: `team.*` vs `personal.*` buckets). */
export interface JobCredits {
  team: number;
  personal: number;
}

export interface JobRecord {
  id: string;
  kind: JobKind;
  listId: string;
  rowIds: string[];
  state: JobState;
  counters: JobCounters;
  credits: JobCredits;
  /** Why the job is paused or how it ended, in words for the user. */
  message?: string;
  createdAt: number;
  updatedAt: number;
}

export interface JobRowRecord {
  /** `${jobId}:${rowId}` */
  id: string;
  jobId: string;
  rowId: string;
  state: JobRowState;
  /**
   * Generated and stored with the job before any API call: the row's idempotency keys derive from it,
   * so a row re-run after the worker was stopped replays its hold/capture instead of charging again.
   */
  seed: string;
  /** The host the row's work contacts, so that one host gets one request at a time. */
  host?: string;
  /** Why the row failed or was skipped, shown as it is. */
  reason?: string;
  /** What a done row gained, e.g. "Added company, email". */
  detail?: string;
  credits?: number;
  /** What the row's task asked to keep across a worker restart (RowTaskContext.memo). */
  memo?: Record<string, string>;
  /** When the row last started (its end is `updatedAt` once it is over): the bench's per-row time. */
  startedAt?: number;
  updatedAt: number;
}

export const FINAL_JOB_STATES: ReadonlySet<JobState> = new Set(['cancelled', 'done']);

export const OUT_OF_CREDITS_MESSAGE =
  'Paused: out of credits. The run goes on by itself as soon as credits are available again.';
export const CANCELLED_BEFORE_START = 'Cancelled before it started';
export const OFFLINE_MESSAGE =
  'Paused: the billing API cannot be reached. The run goes on by itself once it answers again.';

export function jobRowId(jobId: string, rowId: string): string {
  return `${jobId}:${rowId}`;
}

/** The idempotency key of one credit-moving call of a row: stable across restarts (see `seed`). */
export function rowKey(seed: string, purpose: string): string {
  return `${seed}:${purpose}`;
}

export interface NewJob {
  id: string;
  kind: JobKind;
  listId: string;
  rows: ReadonlyArray<{ rowId: string; host?: string | undefined }>;
  now: number;
  newSeed(): string;
}

/** A job with every row pending, each with its key seed (duplicates of a row id counted once). */
export function createJob(input: NewJob): { job: JobRecord; rows: JobRowRecord[] } {
  const seen = new Set<string>();
  const rows: JobRowRecord[] = [];
  for (const { rowId, host } of input.rows) {
    if (seen.has(rowId)) continue;
    seen.add(rowId);
    const row: JobRowRecord = {
      id: jobRowId(input.id, rowId),
      jobId: input.id,
      rowId,
      state: 'pending',
      seed: input.newSeed(),
      updatedAt: input.now,
    };
    if (host) row.host = host;
    rows.push(row);
  }
  const job: JobRecord = {
    id: input.id,
    kind: input.kind,
    listId: input.listId,
    rowIds: rows.map((r) => r.rowId),
    state: 'running',
    counters: { total: rows.length, done: 0, failed: 0, skipped: 0 },
    credits: { team: 0, personal: 0 },
    createdAt: input.now,
    updatedAt: input.now,
  };
  return { job, rows };
}

/** Whether a new row may start: only while the job runs (not paused, not cancelling, not over). */
export function mayStartRows(job: JobRecord): boolean {
  return job.state === 'running';
}

/**
 * The pending rows to start now: at most `slots`, at most one per host, none on a host that is `busy`
 * (a row of it in flight, or its polite delay not over).
 */
export function nextRows(
  pending: readonly JobRowRecord[],
  slots: number,
  busy: (host: string) => boolean,
): JobRowRecord[] {
  const picked: JobRowRecord[] = [];
  const taken = new Set<string>();
  for (const row of pending) {
    if (picked.length >= slots) break;
    if (row.state !== 'pending') continue;
    if (row.host !== undefined && (taken.has(row.host) || busy(row.host))) continue;
    if (row.host !== undefined) taken.add(row.host);
    picked.push(row);
  }
  return picked;
}

export function startRow(row: JobRowRecord, now: number): JobRowRecord {
  if (row.state !== 'pending') throw new Error(`row ${row.id} is ${row.state}, not pending`);
  return { ...row, state: 'in_progress', startedAt: now, updatedAt: now };
}

/** Team vs personal credits of one charge, from the buckets the API drew. */
export function splitCharge(breakdown: readonly BreakdownItem[]): JobCredits {
  const credits: JobCredits = { team: 0, personal: 0 };
  for (const item of breakdown) {
    if (item.bucket.startsWith('team.')) credits.team += item.amount;
    else credits.personal += item.amount;
  }
  return credits;
}

function counted(job: JobRecord, state: 'done' | 'failed' | 'skipped', charge?: RowCharge): JobRecord {
  const counters = { ...job.counters, [state]: job.counters[state] + 1 };
  const split = charge ? splitCharge(charge.breakdown) : { team: 0, personal: 0 };
  const credits = { team: job.credits.team + split.team, personal: job.credits.personal + split.personal };
  return { ...job, counters, credits };
}

/**
 * The job once every row has ended (its counters add up to the total): done, or cancelled if the user
 * asked for it. Counters, not rows, so that a row's end does not read the whole job.
 */
function settle(job: JobRecord): JobRecord {
  const { total, done, failed, skipped } = job.counters;
  if (done + failed + skipped < total) return job;
  if (job.state === 'cancelling' || job.state === 'cancelled') return { ...job, state: 'cancelled' };
  if (job.state === 'running') {
    const { message: _, ...rest } = job;
    return { ...rest, state: 'done' };
  }
  return job;
}

/**
 * A row's task ended with `outcome`. Out of credits puts the row back to pending, with its seed, and
 * pauses the job.
 */
export function completeRow(
  job: JobRecord,
  row: JobRowRecord,
  outcome: RowTaskOutcome,
  now: number,
): { job: JobRecord; row: JobRowRecord } {
  if (row.state !== 'in_progress') throw new Error(`row ${row.id} is ${row.state}, not in progress`);
  if (outcome.status === 'out_of_credits') {
    // A cancel meanwhile wins: the row will not run again, and it was not charged.
    if (job.state === 'cancelling') {
      const skipped = { ...row, state: 'skipped' as const, reason: CANCELLED_BEFORE_START, updatedAt: now };
      return {
        job: settle({ ...counted(job, 'skipped'), updatedAt: now }),
        row: skipped,
      };
    }
    const paused: JobRecord =
      job.state === 'running'
        ? { ...job, state: 'paused_out_of_credits', message: OUT_OF_CREDITS_MESSAGE, updatedAt: now }
        : job;
    return { job: paused, row: { ...row, state: 'pending', updatedAt: now } };
  }
  const next: JobRowRecord = { ...row, state: outcome.status, updatedAt: now };
  if (outcome.status === 'done') {
    if (outcome.detail) next.detail = outcome.detail;
    if (outcome.charge) next.credits = outcome.charge.credits;
  } else {
    next.reason = outcome.reason;
  }
  const charge = outcome.status === 'done' ? outcome.charge : undefined;
  const updated = { ...counted(job, outcome.status, charge), updatedAt: now };
  return { job: settle(updated), row: next };
}

/**
 * The user cancelled: no row starts any more; pending rows are skipped at once (nothing was held for
 * them); in-flight rows abort and end as their task reports. Cancelling a finished job changes nothing.
 */
export function cancelJob(
  job: JobRecord,
  rows: readonly JobRowRecord[],
  now: number,
): { job: JobRecord; rows: JobRowRecord[] } {
  if (FINAL_JOB_STATES.has(job.state)) return { job, rows: [...rows] };
  let next: JobRecord = { ...job, state: 'cancelling', message: 'Cancelled', updatedAt: now };
  const updated = rows.map((row) => {
    if (row.state !== 'pending') return row;
    next = counted(next, 'skipped');
    return { ...row, state: 'skipped' as const, reason: CANCELLED_BEFORE_START, updatedAt: now };
  });
  return { job: settle(next), rows: updated };
}

/**
 * After the worker was stopped: a row left in progress never reported its end. In a running or paused
 * job it runs again with the same seed (its hold and capture replay on the API, never charge twice). In
 * a job stopped while cancelling it ends as cancelled: nothing more is charged, and a hold it may have
 * left pending expires by itself on the server (its TTL).
 */
export function resumeJob(
  job: JobRecord,
  rows: readonly JobRowRecord[],
  now: number,
): { job: JobRecord; rows: JobRowRecord[] } {
  if (job.state !== 'cancelling') {
    const updated = rows.map((row) =>
      row.state === 'in_progress' ? { ...row, state: 'pending' as const, updatedAt: now } : row,
    );
    return { job, rows: updated };
  }
  let next = job;
  const updated = rows.map((row) => {
    if (row.state !== 'in_progress') return row;
    next = counted(next, 'failed');
    return { ...row, state: 'failed' as const, reason: 'Cancelled', updatedAt: now };
  });
  return { job: settle({ ...next, updatedAt: now }), rows: updated };
}

/**
 * A row failed while the billing API could not be reached: its failure says nothing about the row, so
 * it goes back to pending (same seed, its calls replay) and the job pauses until the API answers.
 */
export function requeueRowOffline(
  job: JobRecord,
  row: JobRowRecord,
  now: number,
): { job: JobRecord; row: JobRowRecord } {
  if (row.state !== 'in_progress') throw new Error(`row ${row.id} is ${row.state}, not in progress`);
  const paused: JobRecord =
    job.state === 'running'
      ? { ...job, state: 'paused_offline', message: OFFLINE_MESSAGE, updatedAt: now }
      : job;
  return { job: paused, row: { ...row, state: 'pending', updatedAt: now } };
}

/** The billing API answered again: a job paused because it could not be reached runs on. */
export function resumeOnline(job: JobRecord, now: number): JobRecord {
  if (job.state !== 'paused_offline') return job;
  const { message: _, ...rest } = job;
  return { ...rest, state: 'running', updatedAt: now };
}

/** Credits are available again (a balance with `available > 0`): a paused job runs on. */
export function resumeWithCredits(job: JobRecord, now: number): JobRecord {
  if (job.state !== 'paused_out_of_credits') return job;
  const { message: _, ...rest } = job;
  return { ...rest, state: 'running', updatedAt: now };
}

/** The badge text while a job runs: rows handled out of all, short enough for the icon. */
export function progressBadge(job: JobRecord): string {
  if (job.state === 'paused_out_of_credits') return '0 cr';
  if (job.state === 'paused_offline') return 'off';
  const handled = job.counters.done + job.counters.failed + job.counters.skipped;
  const percent = job.counters.total === 0 ? 100 : Math.floor((handled / job.counters.total) * 100);
  return `${percent}%`;
}
