/**
 * The background's side of bulk jobs: the messages that start and cancel them, the alarm that wakes a
 * stopped worker to resume them (and polls the balance while a job waits for credits), and the badge.
 * The rules live in job-machine.ts and runner.ts; this decides when to call them.
 */
import type { Balance } from '../../api-client/contract/billing.ts';
import { ApiError, NetworkError } from '../../api-client/errors.ts';
import type { Outcome } from '../../messaging/protocol.ts';
import type { JobProgressSummary } from '../../storage/job-progress.ts';
import type { SessionService } from '../session.ts';
import { FINAL_JOB_STATES, type JobRecord, progressBadge } from './job-machine.ts';
import type { JobRunner, StartJob } from './runner.ts';

export const JOBS_ALARM = 'lasso-jobs';
/** Chrome runs alarms at most every 30 s: often enough to resume, rare enough to cost nothing. */
export const JOBS_ALARM_MINUTES = 0.5;

export interface JobServiceDeps {
  runner: JobRunner;
  session: Pick<SessionService, 'current' | 'storeBalance'>;
  alarms: {
    create(name: string, info: { periodInMinutes: number }): Promise<void> | void;
    clear(name: string): Promise<unknown>;
  };
  /** Shows `text` on the action icon ('' clears it), with a tooltip. */
  setBadge(text: string, title: string): Promise<void>;
  hasUnfinishedJobs(): Promise<boolean>;
  /** Forgets old finished jobs (storage/jobs.ts pruneFinishedJobs). */
  pruneFinished(): Promise<unknown>;
  /** The popup's summary of the running job; null when it ended. */
  publishProgress(summary: JobProgressSummary | null): Promise<void>;
}

export interface JobService {
  start(input: StartJob): Promise<Outcome<{ jobId: string }>>;
  cancel(jobId: string): Promise<Outcome<null>>;
  /** At worker startup and on each alarm: resume what was cut off, unpause if credits came back. */
  tick(): Promise<void>;
  /** A balance arrived (live events, a refresh): a job paused for credits may go on. */
  balanceSeen(balance: Balance): Promise<void>;
  /** For the runner's `onChange`. */
  jobChanged(job: JobRecord): void;
}

/** What the popup shows of a job: null once it is over. */
export function summaryOf(job: JobRecord): JobProgressSummary | null {
  if (FINAL_JOB_STATES.has(job.state)) return null;
  const { total, done, failed, skipped } = job.counters;
  const summary: JobProgressSummary = {
    jobId: job.id,
    kind: job.kind,
    state: job.state as JobProgressSummary['state'],
    total,
    handled: done + failed + skipped,
    failed,
    credits: job.credits.team + job.credits.personal,
  };
  if (job.message) summary.message = job.message;
  return summary;
}

const KIND_VERB = { enrich: 'Enriching', find_email: 'Finding emails for' } as const;

export function createJobService(deps: JobServiceDeps): JobService {
  async function keepAlarm(): Promise<void> {
    if (await deps.hasUnfinishedJobs())
      await deps.alarms.create(JOBS_ALARM, { periodInMinutes: JOBS_ALARM_MINUTES });
    else await deps.alarms.clear(JOBS_ALARM);
  }

  return {
    async start(input) {
      const session = await deps.session.current();
      if (!session) return { ok: false, code: 'signed_out', message: 'Sign in to Lasso first.' };
      const jobId = await deps.runner.start(input);
      await keepAlarm();
      return { ok: true, value: { jobId } };
    },

    async cancel(jobId) {
      await deps.runner.cancel(jobId);
      return { ok: true, value: null };
    },

    async tick() {
      await deps.runner.resumeAll();
      if (await deps.runner.hasPausedJobs()) {
        const session = await deps.session.current();
        if (session) {
          try {
            const balance = await session.api.balance();
            await deps.session.storeBalance(session.token.userId, balance);
            await deps.runner.apiAnswered();
            if (balance.available > 0) await deps.runner.creditsAvailable();
          } catch (error) {
            // The API could not answer: the next tick asks again. Anything else is a bug.
            if (!(error instanceof ApiError || error instanceof NetworkError)) throw error;
          }
        }
      }
      await keepAlarm();
    },

    async balanceSeen(balance) {
      if (!(await deps.runner.hasPausedJobs())) return;
      await deps.runner.apiAnswered();
      if (balance.available > 0) await deps.runner.creditsAvailable();
    },

    jobChanged(job) {
      const { total, done, failed, skipped } = job.counters;
      const handled = done + failed + skipped;
      const text = FINAL_JOB_STATES.has(job.state) ? '' : progressBadge(job);
      const title = FINAL_JOB_STATES.has(job.state)
        ? 'Lasso'
        : job.state === 'paused_out_of_credits' || job.state === 'paused_offline'
          ? `Lasso: ${job.message ?? 'paused'}`
          : `Lasso: ${KIND_VERB[job.kind]} ${total} rows — ${handled} handled, ${failed} failed`;
      deps.setBadge(text, title).catch(() => undefined);
      deps.publishProgress(summaryOf(job)).catch(() => undefined);
      if (FINAL_JOB_STATES.has(job.state)) {
        keepAlarm().catch(() => undefined);
        deps.pruneFinished().catch(() => undefined);
      }
    },
  };
}
