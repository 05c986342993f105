/**
 * The progress of recent bulk jobs, live from Dexie: rows handled out of all, credits spent (team vs
 * personal), each failed row with its reason, and Cancel while the job runs. Row names and reasons are
 * data from pages and servers: rendered as text, capped.
 */
import { FINAL_JOB_STATES, type JobRecord, type JobRowRecord } from '../../services/jobs/job-machine.ts';
import type { LassoDb } from '../../storage/db.ts';
import { dismissJob, jobRowsOf, recentJobs } from '../../storage/jobs.ts';
import { useLiveQuery } from '../lists/use-live-query.ts';

const TEXT_MAX = 200;
/** Failures listed per job; the rest are counted ("and 12 more"). */
const FAILURES_SHOWN = 50;
const cap = (text: string) => (text.length > TEXT_MAX ? `${text.slice(0, TEXT_MAX)}…` : text);

interface JobView {
  job: JobRecord;
  rows: JobRowRecord[];
  names: Map<string, string>;
}

async function loadJobs(db: LassoDb): Promise<JobView[]> {
  const jobs = await recentJobs(db);
  return Promise.all(
    jobs.map(async (job) => {
      const rows = await jobRowsOf(db, job.id);
      const ended = rows.filter((r) => r.state === 'failed' || r.state === 'skipped');
      const records = await db.rows.bulkGet(ended.map((r) => r.rowId));
      const names = new Map(records.flatMap((r) => (r ? [[r.id, r.name] as const] : [])));
      return { job, rows, names };
    }),
  );
}

const STATE_LABEL: Record<JobRecord['state'], string> = {
  running: 'Running',
  paused_out_of_credits: 'Paused',
  paused_offline: 'Paused',
  cancelling: 'Cancelling…',
  cancelled: 'Cancelled',
  done: 'Done',
};

export function JobProgress({ db, onCancel }: { db: LassoDb; onCancel(jobId: string): void }) {
  const views = useLiveQuery(() => loadJobs(db), [db]);
  if (!views || views.length === 0) return null;
  return (
    <section class="job-progress" aria-label="Bulk runs">
      {views.map((view) => (
        <JobCard
          key={view.job.id}
          view={view}
          onCancel={onCancel}
          onDismiss={(jobId) => dismissJob(db, jobId)}
        />
      ))}
    </section>
  );
}

function JobCard({
  view,
  onCancel,
  onDismiss,
}: {
  view: JobView;
  onCancel(jobId: string): void;
  onDismiss(jobId: string): void;
}) {
  const { job, rows, names } = view;
  const { total, done, failed, skipped } = job.counters;
  const handled = done + failed + skipped;
  const spent = job.credits.team + job.credits.personal;
  // Failures first (they say what went wrong), then rows skipped; each in the order the job ran them.
  const order = new Map(job.rowIds.map((id, index) => [id, index]));
  const problems = rows
    .filter((r) => r.state === 'failed' || (r.state === 'skipped' && r.reason))
    .sort(
      (a, b) =>
        Number(a.state === 'skipped') - Number(b.state === 'skipped') ||
        (order.get(a.rowId) ?? 0) - (order.get(b.rowId) ?? 0),
    );
  const verb = job.kind === 'enrich' ? 'Enrichment' : 'Email finding';
  return (
    <article
      class="job-card"
      data-testid="job"
      data-state={job.state}
      aria-label={`${verb} ${STATE_LABEL[job.state]}`}
    >
      <header class="job-card__header">
        <strong>
          {verb}: {STATE_LABEL[job.state]}
        </strong>
        <progress max={total} value={handled} aria-label="Rows handled" />
        <span data-testid="job-counts">
          {handled} / {total} rows · {done} done · {failed} failed · {skipped} skipped
        </span>
        {!FINAL_JOB_STATES.has(job.state) && job.state !== 'cancelling' && (
          <button type="button" onClick={() => onCancel(job.id)}>
            Cancel
          </button>
        )}
        {FINAL_JOB_STATES.has(job.state) && (
          <button type="button" onClick={() => onDismiss(job.id)}>
            Dismiss
          </button>
        )}
      </header>
      <p data-testid="job-credits">
        {spent} {spent === 1 ? 'credit' : 'credits'} spent: {job.credits.team} from the team pool,{' '}
        {job.credits.personal} personal
      </p>
      {job.message && job.state !== 'cancelled' && (
        <p class="job-card__message" role="status">
          {cap(job.message)}
        </p>
      )}
      {problems.length > 0 && (
        <ul class="job-card__failures" aria-label="Rows not enriched">
          {problems.slice(0, FAILURES_SHOWN).map((row) => (
            <li key={row.id} data-testid="job-failure">
              <span>{cap(names.get(row.rowId) ?? row.rowId)}</span>: {cap(row.reason ?? '')}
            </li>
          ))}
          {problems.length > FAILURES_SHOWN && <li>and {problems.length - FAILURES_SHOWN} more</li>}
        </ul>
      )}
    </article>
  );
}
