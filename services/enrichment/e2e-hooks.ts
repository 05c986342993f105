/**
 * Only in `wxt build --mode e2e` (tests/e2e/enrich-task.spec.ts): the enrichment task of the built
 * worker on `globalThis.lassoEnrichE2e`, so a test can run one row through the real offscreen document,
 * fetch and billing API before the bulk runner drives it. Other builds drop the call that installs it
 * (background.ts checks the mode at build time), and with it this module.
 */
import { createBillingApi } from '../../api-client/billing-api.ts';
import type { RowRecord } from '../../storage/model.ts';
import { inMemoryMemo, type RowTaskOutcome } from '../jobs/row-task.ts';
import { createBrowserEnrichTask } from './in-browser.ts';

export interface EnrichE2eHooks {
  /** Enriches `row` as user `token`, with keys `<jobId>:<row.id>:<purpose>`; cancels after `cancelAfterMs`. */
  enrichRow(
    row: RowRecord,
    options: { apiUrl: string; token: string; jobId: string; timeoutMs?: number; cancelAfterMs?: number },
  ): Promise<RowTaskOutcome>;
}

export function installEnrichmentE2eHooks(): void {
  const hooks: EnrichE2eHooks = {
    enrichRow: async (row, { apiUrl, token, jobId, timeoutMs, cancelAfterMs }) => {
      const api = createBillingApi({ baseUrl: apiUrl, getToken: () => token, timeoutMs: 10_000 });
      const cancel = new AbortController();
      if (cancelAfterMs !== undefined) setTimeout(() => cancel.abort(), cancelAfterMs);
      const task = createBrowserEnrichTask(timeoutMs === undefined ? {} : { timeoutMs });
      return task(row, {
        api,
        key: (purpose) => `${jobId}:${row.id}:${purpose}`,
        memo: inMemoryMemo(),
        signal: cancel.signal,
        now: Date.now,
      });
    },
  };
  (globalThis as { lassoEnrichE2e?: EnrichE2eHooks }).lassoEnrichE2e = hooks;
}
