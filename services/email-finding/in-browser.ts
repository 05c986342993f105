/**
 * The email-finding task wired to the extension, for the background worker: the user's lists for the
 * domain's known patterns, and the row's profile page (when access was granted) for addresses on it.
 */
import type { LassoDb } from '../../storage/db.ts';
import { browserOffscreenReader, hasHostAccess } from '../enrichment/in-browser.ts';
import type { RowTask } from '../jobs/row-task.ts';
import { createFindEmailTask } from './find-email-task.ts';
import { createKnownPatterns } from './known-patterns.ts';
import { createPageEmails } from './page-emails.ts';

export function createBrowserFindEmailTask(db: LassoDb): RowTask {
  const reader = browserOffscreenReader();
  return createFindEmailTask({
    patternsForDomain: createKnownPatterns(db),
    pageEmails: createPageEmails({
      hasHostAccess,
      // Bound: the worker's fetch throws "Illegal invocation" when called as a method of another object.
      fetch: (input, init) => fetch(input, init),
      readPerson: (html, options) => reader.readPerson(html, options),
    }),
    sleep: (ms, signal) =>
      new Promise((resolve) => {
        const timer = setTimeout(resolve, ms);
        signal.addEventListener('abort', () => {
          clearTimeout(timer);
          resolve();
        });
      }),
  });
}
