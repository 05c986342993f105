/**
 * One line in the popup while a bulk job runs ("Enriching: 12 / 40 rows, 1 failed, 11 credits"), from
 * the summary the background keeps in chrome.storage.session; nothing when no job runs.
 */
import { useEffect, useState } from 'preact/hooks';
import { type JobProgressSummary, jobProgressItem } from '../../storage/job-progress.ts';

export function summaryText(summary: JobProgressSummary): string {
  const verb = summary.kind === 'enrich' ? 'Enriching' : 'Finding emails';
  const credits = `${summary.credits} ${summary.credits === 1 ? 'credit' : 'credits'}`;
  const line = `${verb}: ${summary.handled} / ${summary.total} rows, ${summary.failed} failed, ${credits}`;
  if (summary.state === 'paused_out_of_credits' || summary.state === 'paused_offline')
    return `${line}. ${summary.message ?? 'Paused.'}`;
  if (summary.state === 'cancelling') return `${line}. Cancelling…`;
  return line;
}

export function JobSummary({ onOpen }: { onOpen(): void }) {
  const [summary, setSummary] = useState<JobProgressSummary | null>(null);
  useEffect(() => {
    jobProgressItem.getValue().then(setSummary, () => undefined);
    return jobProgressItem.watch(setSummary);
  }, []);
  if (!summary) return null;
  return (
    <p class="job-summary" role="status" data-testid="job-summary">
      {summaryText(summary)}{' '}
      <button type="button" class="link" onClick={onOpen}>
        Progress
      </button>
    </p>
  );
}
