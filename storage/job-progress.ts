import { storage } from 'wxt/utils/storage';

/**
 * A short summary of the bulk job running now, for the popup: written by the background whenever the
 * job changes, removed when it ends. In chrome.storage.session, so the popup shows it without opening
 * IndexedDB, and a browser restart does not show a stale run.
 */
export interface JobProgressSummary {
  jobId: string;
  kind: 'enrich' | 'find_email';
  state: 'running' | 'paused_out_of_credits' | 'paused_offline' | 'cancelling';
  total: number;
  handled: number;
  failed: number;
  credits: number;
  message?: string;
}

export const jobProgressItem = storage.defineItem<JobProgressSummary | null>('session:jobs.progress', {
  fallback: null,
});
