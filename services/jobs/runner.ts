/**
 * Runs bulk jobs in the background worker: a few rows at once, one per host with a polite delay, each
 * row's outcome stored with its row in one transaction. Chrome may stop the worker at any moment:
 * `resumeAll()` (at startup and on an alarm tick) picks unfinished jobs up again from Dexie, and rows
 * that were in flight re-run with their stored key seed, so the API replays their charges.
 */
import type { BillingApi } from '../../api-client/billing-api.ts';
import { NetworkError } from '../../api-client/errors.ts';
import type { LassoDb } from '../../storage/db.ts';
import {
  cancelStoredJob,
  getJob,
  type JobRecord,
  markStarted,
  pauseStoredJob,
  pendingRows,
  recordOutcome,
  rememberForRow,
  requeueOffline,
  resumeStoredJob,
  saveNewJob,
  unfinishedJobs,
  unpauseOfflineJob,
  unpauseStoredJob,
} from '../../storage/jobs.ts';
import { createJob, type JobRowRecord, nextRows, rowKey } from './job-machine.ts';
import type { JobKind, RowTaskOutcome } from './row-task.ts';
import type { JobTasks } from './tasks.ts';

export const DEFAULT_CONCURRENCY = 3;
/** Between two requests to one host: a site is never hit by Lasso faster than this. */
export const DEFAULT_HOST_DELAY_MS = 500;
export const SIGNED_OUT_MESSAGE = 'Paused: sign in to Lasso to go on with this run.';

export interface RunnerDeps {
  db: LassoDb;
  tasks: JobTasks;
  /** The signed-in user's API client, or null when nobody is signed in. */
  api(): Promise<BillingApi | null>;
  now(): number;
  newId(prefix: string): string;
  newSeed(): string;
  concurrency?: number;
  hostDelayMs?: number;
  /** A job changed (a row ended, it paused, ended): for the badge. */
  onChange?(job: JobRecord): void;
}

export interface StartJob {
  kind: JobKind;
  listId: string;
  rowIds: readonly string[];
}

export interface JobRunner {
  /** Stores the job (every row's key seed included) and starts it; returns its id. */
  start(input: StartJob): Promise<string>;
  /** No row starts any more, in-flight rows abort (their tasks release what they held). */
  cancel(jobId: string): Promise<void>;
  /** Picks up every unfinished job this worker is not running yet. Safe to call again at any time. */
  resumeAll(): Promise<void>;
  /** Credits are available again: paused jobs run on. */
  creditsAvailable(): Promise<void>;
  /** The billing API answered again: jobs paused because it could not be reached run on. */
  apiAnswered(): Promise<void>;
  /** Jobs paused for lack of credits, a session or the API, for the alarm that polls the balance. */
  hasPausedJobs(): Promise<boolean>;
  /** Resolves when no row is in flight (tests, bench). */
  idle(): Promise<void>;
}

interface LiveJob {
  controller: AbortController;
  pumping: boolean;
  again: boolean;
}

export function createJobRunner(deps: RunnerDeps): JobRunner {
  const concurrency = deps.concurrency ?? DEFAULT_CONCURRENCY;
  const hostDelayMs = deps.hostDelayMs ?? DEFAULT_HOST_DELAY_MS;
  const live = new Map<string, LiveJob>();
  const inFlight = new Map<string, Promise<void>>();
  const hostsInFlight = new Set<string>();
  const hostFreeAt = new Map<string, number>();
  let wakeTimer: ReturnType<typeof setTimeout> | undefined;

  function hostBusy(host: string): boolean {
    return hostsInFlight.has(host) || (hostFreeAt.get(host) ?? 0) > deps.now();
  }

  /** Pumps again once the earliest host delay is over. */
  function wakeForHosts(): void {
    if (wakeTimer !== undefined) return;
    const now = deps.now();
    let wait = hostDelayMs;
    for (const at of hostFreeAt.values()) if (at > now) wait = Math.min(wait, at - now);
    wakeTimer = setTimeout(() => {
      wakeTimer = undefined;
      pumpAll().catch(report);
    }, wait);
  }

  function liveJob(jobId: string): LiveJob {
    let job = live.get(jobId);
    if (!job) {
      job = { controller: new AbortController(), pumping: false, again: false };
      live.set(jobId, job);
    }
    return job;
  }

  async function pumpAll(): Promise<void> {
    for (const jobId of live.keys()) await pump(jobId);
  }

  /** Starts as many of the job's pending rows as the slots and hosts allow. */
  async function pump(jobId: string): Promise<void> {
    const run = liveJob(jobId);
    if (run.pumping) {
      run.again = true;
      return;
    }
    run.pumping = true;
    try {
      do {
        run.again = false;
        await startRows(jobId, run);
      } while (run.again);
    } finally {
      run.pumping = false;
    }
  }

  async function startRows(jobId: string, run: LiveJob): Promise<void> {
    const job = await getJob(deps.db, jobId);
    if (job?.state !== 'running') {
      if (!job || inFlightOf(jobId) === 0) live.delete(jobId);
      return;
    }
    const slots = concurrency - inFlight.size;
    if (slots <= 0) return;
    const pending = (await pendingRows(deps.db, job.id)).filter((r) => !inFlight.has(r.id));
    if (pending.length === 0) return;
    const api = await deps.api();
    if (!api) {
      const paused = await pauseStoredJob(deps.db, jobId, SIGNED_OUT_MESSAGE, deps.now());
      if (paused) deps.onChange?.(paused);
      return;
    }
    const picked = nextRows(pending, slots, hostBusy);
    if (picked.length === 0) {
      wakeForHosts();
      return;
    }
    for (const row of picked) {
      const started = await markStarted(deps.db, jobId, row.rowId, deps.now());
      if (!started) continue;
      if (started.host) hostsInFlight.add(started.host);
      const work = runRow(job.kind, started, api, run.controller.signal).finally(() => {
        inFlight.delete(started.id);
        if (started.host) {
          hostsInFlight.delete(started.host);
          hostFreeAt.set(started.host, deps.now() + hostDelayMs);
        }
        pumpAll().catch(report);
      });
      inFlight.set(started.id, work);
    }
  }

  function inFlightOf(jobId: string): number {
    return [...inFlight.keys()].filter((id) => id.startsWith(`${jobId}:`)).length;
  }

  async function runRow(kind: JobKind, row: JobRowRecord, api: BillingApi, signal: AbortSignal) {
    const outcome = await outcomeOf(kind, row, api, signal);
    // A failure while the API is down says nothing about the row: it waits for the API instead.
    const offline = outcome.status === 'failed' && !signal.aborted && (await unreachable(api));
    const job = offline
      ? await requeueOffline(deps.db, row.jobId, row.rowId, deps.now())
      : await recordOutcome(deps.db, row.jobId, row.rowId, outcome, deps.now());
    if (job) deps.onChange?.(job);
  }

  async function outcomeOf(
    kind: JobKind,
    row: JobRowRecord,
    api: BillingApi,
    signal: AbortSignal,
  ): Promise<RowTaskOutcome> {
    const record = await deps.db.rows.get(row.rowId);
    if (!record) return { status: 'skipped', reason: 'The row was deleted' };
    try {
      const memo = { ...row.memo };
      return await deps.tasks[kind].run(record, {
        api,
        key: (purpose) => rowKey(row.seed, purpose),
        memo: {
          get: (name) => memo[name],
          async set(name, value) {
            memo[name] = value;
            await rememberForRow(deps.db, row.jobId, row.rowId, name, value);
          },
        },
        signal,
        now: deps.now,
      });
    } catch (error) {
      // A bug in a task must not stop the job: the row says what happened, the others go on.
      console.error(`lasso: the ${kind} task failed on row ${row.rowId}`, error);
      return { status: 'failed', reason: `Lasso failed on this row: ${messageOf(error)}` };
    }
  }

  const runner: JobRunner = {
    async start({ kind, listId, rowIds }) {
      const now = deps.now();
      const task = deps.tasks[kind];
      const records = await deps.db.rows.bulkGet([...rowIds]);
      const rows = rowIds.map((rowId, index) => {
        const record = records[index];
        return { rowId, host: record ? task.host(record, now) : undefined };
      });
      const { job, rows: jobRows } = createJob({
        id: deps.newId('job'),
        kind,
        listId,
        rows,
        now,
        newSeed: deps.newSeed,
      });
      // Claimed before it is stored: a resumeAll() running meanwhile must not take it for a cut-off job.
      liveJob(job.id);
      await saveNewJob(deps.db, job, jobRows);
      deps.onChange?.(job);
      await pump(job.id);
      return job.id;
    },

    async cancel(jobId) {
      // Stored first: from here no row starts, whichever worker looks.
      const job = await cancelStoredJob(deps.db, jobId, deps.now());
      live.get(jobId)?.controller.abort();
      if (job) deps.onChange?.(job);
    },

    async resumeAll() {
      for (const job of await unfinishedJobs(deps.db)) {
        if (live.has(job.id)) continue;
        // Not run by this worker: its rows in progress were cut off when the worker stopped. Claimed
        // at once, so that a second resumeAll() (startup and alarm together) leaves it alone.
        liveJob(job.id);
        const resumed = await resumeStoredJob(deps.db, job.id, deps.now());
        if (resumed) deps.onChange?.(resumed);
        if (resumed?.state === 'running') await pump(job.id);
      }
    },

    async creditsAvailable() {
      for (const job of await unfinishedJobs(deps.db)) {
        if (job.state !== 'paused_out_of_credits') continue;
        const resumed = await unpauseStoredJob(deps.db, job.id, deps.now());
        if (resumed) deps.onChange?.(resumed);
        if (live.has(job.id)) await pump(job.id);
      }
      await runner.resumeAll();
    },

    async apiAnswered() {
      for (const job of await unfinishedJobs(deps.db)) {
        if (job.state !== 'paused_offline') continue;
        const resumed = await unpauseOfflineJob(deps.db, job.id, deps.now());
        if (resumed) deps.onChange?.(resumed);
        if (live.has(job.id)) await pump(job.id);
      }
      await runner.resumeAll();
    },

    async hasPausedJobs() {
      return (await unfinishedJobs(deps.db)).some(
        (job) => job.state === 'paused_out_of_credits' || job.state === 'paused_offline',
      );
    },

    async idle() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight.values()]);
    },
  };
  return runner;
}

/** Whether the billing API cannot be reached now (one cheap GET, after a row failed). */
async function unreachable(api: BillingApi): Promise<boolean> {
  try {
    await api.balance();
    return false;
  } catch (error) {
    return error instanceof NetworkError;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function report(error: unknown): void {
  console.error('lasso: the job runner failed', error);
}
