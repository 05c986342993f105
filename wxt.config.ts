import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';

/**
 * Where the billing API lives; baked in at build time, changeable later in Settings.
 * `wxt build --mode e2e` (npm run test:e2e) targets a port of its own, so the Playwright run neither
 * reaches nor collides with an API started by `npm start` on 8787; the e2e fixture reads it back from
 * the built manifest.
 */
function apiUrlFor(mode: string): URL {
  const raw =
    mode === 'e2e'
      ? process.env.LASSO_E2E_API_URL || 'http://127.0.0.1:8788'
      : process.env.LASSO_API_URL || 'http://127.0.0.1:8787';
  const url = new URL(raw);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`LASSO_API_URL must be http(s): ${raw}`);
  }
  return url;
}

/** The fixture pages of the e2e tests (tests/e2e/extract.spec.ts), served on an ephemeral port. */
const E2E_PAGES = 'http://127.0.0.1/*';

export default defineConfig({
  imports: false,
  vite: ({ mode }) => ({
    plugins: [preact()],
    // The export worker (storage/export/export-worker.ts) lazy-loads exceljs: a module worker can split chunks.
    worker: { format: 'es' },
    define: {
      'import.meta.env.WXT_LASSO_API_URL': JSON.stringify(apiUrlFor(mode).href.replace(/\/+$/, '')),
    },
  }),
  manifest: ({ mode }) => ({
    name: 'Lasso',
    description: 'Extract people from any page into local lists; export to CSV, Excel or JSON.',
    // Least privilege: no content script on <all_urls>; the extractor is injected on demand with
    // activeTab + scripting (the popup button, the shortcut and the context-menu entry each grant
    // activeTab on their tab). Host access is the billing API's origin only.
    // offscreen: enrichment parses the pages it fetches in an offscreen document (the worker has no DOMParser).
    // alarms: a bulk job wakes the stopped worker to resume, and to poll for credits when paused.
    permissions: ['storage', 'activeTab', 'scripting', 'contextMenus', 'offscreen', 'alarms'],
    host_permissions: [
      `${apiUrlFor(mode).origin}/*`,
      // The e2e build only: Playwright cannot click the toolbar icon, which is what grants activeTab, so
      // it may read the fixture pages it serves on 127.0.0.1 (any port) instead.
      ...(mode === 'e2e' ? [E2E_PAGES] : []),
    ],
    // Enrichment opens each row's profile page: access to that page's site is asked for when it is
    // first needed (chrome.permissions.request, with the reason shown), never granted at install.
    optional_host_permissions: ['http://*/*', 'https://*/*'],
    commands: {
      'extract-profiles': {
        suggested_key: { default: 'Alt+Shift+E' },
        description: 'Extract profiles from this page',
      },
    },
  }),
});
