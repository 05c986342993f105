/**
 * Bulk jobs in Dexie: the job record, each row's state in it, and the row's data. Each function is one
 * transaction, so a job's counters, its rows' states and the rows themselves never disagree, whenever
 * the worker is stopped. The state rules are services/jobs/job-machine.ts's; this only reads and writes.
 */
import {
  cancelJob,
  completeRow,
  FINAL_JOB_STATES,
  type JobRecord,
  type JobRowRecord,
  jobRowId,
  requeueRowOffline,
  resumeJob,
  resumeOnline,
  resumeWithCredits,
  startRow,
} from '../services/jobs/job-machine.ts';
import type { RowTaskOutcome } from '../services/jobs/row-task.ts';
import type { LassoDb } from './db.ts';
import type { RowRecord } from './model.ts';
import { storedRow, withDerived } from './normalise.ts';

export type { JobRecord, JobRowRecord } from '../services/jobs/job-machine.ts';

/** Writes a new job and all its rows (with their key seeds) before any of them runs. */
export function saveNewJob(db: LassoDb, job: JobRecord, rows: readonly JobRowRecord[]): Promise<void> {
  return db.transaction('rw', db.jobs, db.jobRows, async () => {
    await db.jobs.add(job);
    await db.jobRows.bulkAdd([...rows]);
  });
}

export function getJob(db: LassoDb, jobId: string): Promise<JobRecord | undefined> {
  return db.jobs.get(jobId);
}

export function jobRowsOf(db: LassoDb, jobId: string): Promise<JobRowRecord[]> {
  return db.jobRows.where('jobId').equals(jobId).toArray();
}

/**
 * Up to `limit` of the job's pending rows (in row-id order): the runner picks from these each time a
 * slot frees, so it never reads a whole 100k-row job to start three rows.
 */
export function pendingRows(db: LassoDb, jobId: string, limit = 200): Promise<JobRowRecord[]> {
  return db.jobRows.where('[jobId+state]').equals([jobId, 'pending']).limit(limit).toArray();
}

/** Jobs not over yet (running, paused, cancelling), oldest first. */
export async function unfinishedJobs(db: LassoDb): Promise<JobRecord[]> {
  const jobs = await db.jobs
    .where('state')
    .anyOf(['running', 'paused_out_of_credits', 'paused_offline', 'cancelling'])
    .toArray();
  return jobs.sort((a, b) => a.createdAt - b.createdAt);
}

/** The latest jobs, newest first (the dashboard's progress panel). */
export function recentJobs(db: LassoDb, limit = 3): Promise<JobRecord[]> {
  return db.jobs.orderBy('createdAt').reverse().limit(limit).toArray();
}

/** Marks a pending row in progress, unless the job may not start rows any more; returns the row or undefined. */
export function markStarted(db: LassoDb, jobId: string, rowId: string, now: number) {
  return db.transaction('rw', db.jobs, db.jobRows, async (): Promise<JobRowRecord | undefined> => {
    const job = await db.jobs.get(jobId);
    const row = await db.jobRows.get(jobRowId(jobId, rowId));
    if (job?.state !== 'running' || row?.state !== 'pending') return undefined;
    const started = startRow(row, now);
    await db.jobRows.put(started);
    return started;
  });
}

/** Keeps one memo value of a row's task with the row's job state (RowTaskContext.memo). */
export async function rememberForRow(
  db: LassoDb,
  jobId: string,
  rowId: string,
  name: string,
  value: string,
): Promise<void> {
  await db.jobRows.update(jobRowId(jobId, rowId), { [`memo.${name}`]: value });
}

/**
 * Records a row's outcome in one transaction: the row's job state, the job's counters and state, and
 * the task's patch on the row itself (with `updatedAt` and derived fields, as storage/rows.ts writes).
 * A row deleted by the user meanwhile simply gets no patch.
 */
export function recordOutcome(
  db: LassoDb,
  jobId: string,
  rowId: string,
  outcome: RowTaskOutcome,
  now: number,
): Promise<JobRecord | undefined> {
  return db.transaction('rw', db.jobs, db.jobRows, db.rows, async () => {
    const job = await db.jobs.get(jobId);
    const row = await db.jobRows.get(jobRowId(jobId, rowId));
    if (!job || row?.state !== 'in_progress') return job;
    const next = completeRow(job, row, outcome, now);
    await db.jobRows.put(next.row);
    await db.jobs.put(next.job);
    const patch = outcome.status === 'done' || outcome.status === 'failed' ? outcome.patch : undefined;
    if (patch) {
      const current = await db.rows.get(rowId);
      if (current) await db.rows.put(patchedRow(current, patch, now));
    }
    return next.job;
  });
}

/** Puts a row that failed while the API was unreachable back to pending and pauses its job (one transaction). */
export function requeueOffline(db: LassoDb, jobId: string, rowId: string, now: number) {
  return db.transaction('rw', db.jobs, db.jobRows, async (): Promise<JobRecord | undefined> => {
    const job = await db.jobs.get(jobId);
    const row = await db.jobRows.get(jobRowId(jobId, rowId));
    if (!job || row?.state !== 'in_progress') return job;
    const next = requeueRowOffline(job, row, now);
    await db.jobRows.put(next.row);
    await db.jobs.put(next.job);
    return next.job;
  });
}

/** `row` with a task's patch: the task decided what to fill; this keeps identity and derived fields right. */
export function patchedRow(row: RowRecord, patch: Partial<RowRecord>, now: number): RowRecord {
  const { id: _id, listId: _listId, savedAt: _savedAt, ...fields } = patch;
  return withDerived(storedRow({ ...row, ...fields, updatedAt: now }));
}

/** Applies a pure job transition to a stored job and its rows, in one transaction. */
async function transition(
  db: LassoDb,
  jobId: string,
  step: (job: JobRecord, rows: JobRowRecord[]) => { job: JobRecord; rows: JobRowRecord[] },
): Promise<JobRecord | undefined> {
  return db.transaction('rw', db.jobs, db.jobRows, async () => {
    const job = await db.jobs.get(jobId);
    if (!job) return undefined;
    const rows = await jobRowsOf(db, jobId);
    const next = step(job, rows);
    const changed = next.rows.filter((row, index) => row !== rows[index]);
    await db.jobRows.bulkPut(changed);
    await db.jobs.put(next.job);
    return next.job;
  });
}

export function cancelStoredJob(db: LassoDb, jobId: string, now: number) {
  return transition(db, jobId, (job, rows) => cancelJob(job, rows, now));
}

/** After the worker restarted: rows left in progress run again (same seeds), or end if cancelled. */
export function resumeStoredJob(db: LassoDb, jobId: string, now: number) {
  return transition(db, jobId, (job, rows) => resumeJob(job, rows, now));
}

export function unpauseStoredJob(db: LassoDb, jobId: string, now: number) {
  return transition(db, jobId, (job, rows) => ({ job: resumeWithCredits(job, now), rows }));
}

export function unpauseOfflineJob(db: LassoDb, jobId: string, now: number) {
  return transition(db, jobId, (job, rows) => ({ job: resumeOnline(job, now), rows }));
}

/** Pauses a running job with a message (e.g. signed out), rows untouched. */
export function pauseStoredJob(db: LassoDb, jobId: string, message: string, now: number) {
  return transition(db, jobId, (job, rows) => ({
    job: job.state === 'running' ? { ...job, state: 'paused_out_of_credits', message, updatedAt: now } : job,
    rows,
  }));
}

export function isFinished(job: JobRecord): boolean {
  return FINAL_JOB_STATES.has(job.state);
}

/** Forgets a finished job and its rows' states (the rows keep what it added). Running jobs stay. */
export function dismissJob(db: LassoDb, jobId: string): Promise<boolean> {
  return db.transaction('rw', db.jobs, db.jobRows, async () => {
    const job = await db.jobs.get(jobId);
    if (!job || !isFinished(job)) return false;
    await db.jobRows.where('jobId').equals(jobId).delete();
    await db.jobs.delete(jobId);
    return true;
  });
}

/**
 * Keeps the `keep` newest finished jobs and forgets older ones: a job keeps one record per row, and
 * a few 100k-row runs would otherwise fill the disk with states nobody looks at again.
 */
export async function pruneFinishedJobs(db: LassoDb, keep = 5): Promise<number> {
  const finished = await db.jobs.where('state').anyOf(['done', 'cancelled']).toArray();
  const old = finished.sort((a, b) => b.createdAt - a.createdAt).slice(keep);
  for (const job of old) await dismissJob(db, job.id);
  return old.length;
}
