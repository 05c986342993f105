/**
 * Which page an enrichment of a row would open, or why the row has nothing to do (free): pure, so the
 * bulk run's cost preview counts free rows with the same rule the task applies.
 */
import type { RowRecord } from '../../storage/model.ts';

export type EnrichmentTarget = { url: string } | { skip: string };

/**
 * The row's profile URL, else the page it was extracted from; skipped when it has neither (as http(s)),
 * or was enriched earlier the same day.
 * @example
 * const target = enrichmentTarget(row, Date.now());
 * if ('skip' in target) show(target.skip);
 */
export function enrichmentTarget(
  row: Pick<RowRecord, 'profileUrl' | 'sourceUrl' | 'enrichment'>,
  now: number,
): EnrichmentTarget {
  if (row.enrichment?.status === 'enriched' && isSameDay(row.enrichment.at, now)) {
    return { skip: 'Already enriched today' };
  }
  const url = webUrl(row.profileUrl) ?? webUrl(row.sourceUrl);
  return url ? { url } : { skip: 'No profile URL to open' };
}

/** The origin pattern host access is checked for before the fetch, e.g. `https://example.org/*`. */
export function originPattern(url: string): string {
  return `${new URL(url).origin}/*`;
}

/**
 * What to ask the user for (`chrome.permissions.request`) so that `url` can be enriched: its host on
 * http and https and any port, since sites commonly redirect http to https and a fetch that is
 * redirected to an origin Lasso may not read fails.
 * @example hostAccessRequest('http://example.org/ada') // { origins: ['*://example.org/*'] }
 */
export function hostAccessRequest(url: string): { origins: string[] } {
  return { origins: [`*://${new URL(url).hostname}/*`] };
}

function webUrl(value: string | undefined): string | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** Same calendar day where the user is: "today" is theirs, not UTC's. */
function isSameDay(a: number, b: number): boolean {
  return new Date(a).toDateString() === new Date(b).toDateString();
}
