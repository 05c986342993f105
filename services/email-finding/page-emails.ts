/**
 * Emails on a row's own profile page (mailto links, "name [at] domain" forms: the extraction engine
 * reads them), for email finding's second group of candidates. It only reads pages Lasso already has
 * access to (granted for enrichment): looking for an address never asks for new access, and a page
 * that cannot be read just gives no candidates.
 */
import type { RowRecord } from '../../storage/model.ts';
import { fetchPage } from '../enrichment/fetch-page.ts';
import type { PersonRead, ReadPersonOptions } from '../enrichment/read-person.ts';

export const PAGE_EMAILS_TIMEOUT_MS = 10_000;

export interface PageEmailsDeps {
  hasHostAccess(url: string): Promise<boolean>;
  fetch: typeof fetch;
  readPerson(html: string, options: ReadPersonOptions): Promise<PersonRead>;
}

export function createPageEmails(deps: PageEmailsDeps) {
  return async function pageEmails(row: RowRecord, signal: AbortSignal): Promise<string[]> {
    const url = row.profileUrl;
    if (!url || !/^https?:\/\//i.test(url) || !(await deps.hasHostAccess(url))) return [];
    const page = await fetchPage(url, { fetch: deps.fetch, signal, timeoutMs: PAGE_EMAILS_TIMEOUT_MS });
    if (!page.ok) return [];
    const read = await deps.readPerson(page.html, { url: page.finalUrl, name: row.name });
    return read.ok && read.profile.email ? [read.profile.email] : [];
  };
}
