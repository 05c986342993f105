/**
 * The enrichment task wired to the extension's APIs, for the background worker: host access from
 * `chrome.permissions`, the worker's own `fetch`, and the offscreen document for parsing.
 */
import { browser } from 'wxt/browser';
import { OFFSCREEN_PATH } from '../../messaging/offscreen.ts';
import type { RowTask } from '../jobs/row-task.ts';
import { createEnrichTask, type EnrichTaskDeps } from './enrich-task.ts';
import { createOffscreenReader, type OffscreenReader } from './offscreen-reader.ts';
import { originPattern } from './target.ts';

let sharedReader: OffscreenReader | undefined;

/**
 * The offscreen document, through the real `chrome.offscreen` and `chrome.runtime`. Chrome allows one
 * per extension, so every task of this worker shares one reader, and with it one creation at a time.
 */
export function browserOffscreenReader(): OffscreenReader {
  const documentUrl = browser.runtime.getURL(OFFSCREEN_PATH);
  sharedReader ??= createOffscreenReader({
    documentUrl,
    hasDocument: async () => {
      const contexts = await browser.runtime.getContexts({
        contextTypes: [browser.runtime.ContextType.OFFSCREEN_DOCUMENT],
        documentUrls: [documentUrl],
      });
      return contexts.length > 0;
    },
    createDocument: (parameters) => browser.offscreen.createDocument(parameters),
    sendMessage: (message) => browser.runtime.sendMessage(message),
  });
  return sharedReader;
}

/** Whether Lasso may fetch `url`: its origin is granted (optional host permission, or a manifest one). */
export function hasHostAccess(url: string): Promise<boolean> {
  return browser.permissions.contains({ origins: [originPattern(url)] });
}

/**
 * The enrichment RowTask as the background runs it.
 * @example
 * const enrich = createBrowserEnrichTask();
 * const outcome = await enrich(row, { api, key, signal, now: Date.now });
 */
export function createBrowserEnrichTask(
  options: Pick<EnrichTaskDeps, 'timeoutMs' | 'bytesMax'> = {},
  reader: OffscreenReader = browserOffscreenReader(),
): RowTask {
  return createEnrichTask({
    ...options,
    hasHostAccess,
    // Bound: the worker's fetch throws "Illegal invocation" when called as a method of another object.
    fetch: (input, init) => fetch(input, init),
    readPerson: (html, readOptions) => reader.readPerson(html, readOptions),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  });
}
