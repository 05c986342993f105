/**
 * Which RowTask does the work of each job kind, and which host a row's work contacts (one request per
 * host at a time). The background builds the registry with the browser-wired tasks.
 */
import type { RowRecord } from '../../storage/model.ts';
import { enrichmentTarget } from '../enrichment/target.ts';
import type { JobKind, RowTask } from './row-task.ts';

export interface JobTask {
  run: RowTask;
  /** The host the row's work would contact, for the per-host limit; undefined when it contacts none. */
  host(row: RowRecord, now: number): string | undefined;
}

export type JobTasks = Record<JobKind, JobTask>;

/** The host enrichment opens for a row (its profile page), or none when the row has nothing to do. */
export function enrichmentHost(row: RowRecord, now: number): string | undefined {
  const target = enrichmentTarget(row, now);
  return 'url' in target ? new URL(target.url).host : undefined;
}

/** The host email finding may read (the row's profile page, for addresses on it), if any. */
export function findEmailHost(row: RowRecord): string | undefined {
  try {
    return row.profileUrl ? new URL(row.profileUrl).host || undefined : undefined;
  } catch {
    return undefined;
  }
}
