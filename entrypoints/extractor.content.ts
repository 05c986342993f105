import { defineContentScript } from 'wxt/utils/define-content-script';
import { extractCandidates } from '../extract/index.ts';
import { EXTRACTOR_OPTIONS_KEY, type ExtractorOptions, type PageRead } from '../messaging/extractor-page.ts';

/** Longest page title kept; it only suggests a list name. */
const TITLE_MAX_CHARS = 200;

/**
 * Reads the people on the page and returns them to the background as plain data (executeScript hands
 * main()'s value back). Injected only when the user asks (popup button, shortcut, context menu) with
 * activeTab + scripting; never listed in the manifest, never run on a page by itself. It changes nothing
 * on the page, keeps no listener and sends no message: once it has returned, nothing of it is left running.
 */
export default defineContentScript({
  registration: 'runtime',
  // WXT would otherwise announce every injection to the page with window.postMessage.
  noScriptStartedPostMessage: true,
  main(ctx): PageRead {
    const options = takeOptions();
    try {
      const groups = extractCandidates(document, { url: location.href, limit: options.limit });
      return { ok: true, url: location.href, title: document.title.slice(0, TITLE_MAX_CHARS), groups };
    } catch (error) {
      return { ok: false, error: error instanceof Error ? error.message : String(error) };
    } finally {
      // Done: this drops the listener WXT's context put on the document to hear of a later injection.
      ctx.abort();
    }
  },
});

/** The options the background set for this run, removed so that a later run never sees stale ones. */
function takeOptions(): ExtractorOptions {
  const scope = globalThis as unknown as Record<string, unknown>;
  const options = scope[EXTRACTOR_OPTIONS_KEY] as ExtractorOptions | undefined;
  delete scope[EXTRACTOR_OPTIONS_KEY];
  // Without options (injected by hand), the free plan's limit: never more than a plan allows.
  return { limit: typeof options?.limit === 'number' ? options.limit : 10 };
}
