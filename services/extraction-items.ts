import { storage } from 'wxt/utils/storage';
import type { Extraction } from '../messaging/extraction.ts';

/** The spends this browser has seen, by `<userId> <Idempotency-Key>`: how a replay is told from a new charge. */
export type SpendRecords = Record<string, { spendId: string; at: number }>;

// In chrome.storage.local: a replay within the API's 24 h must be recognised after a browser restart too.
export const spendRecordsItem = storage.defineItem<SpendRecords>('local:extraction.spends', { fallback: {} });

/** The latest extraction and its tab, for the popup that opens after the shortcut or the context menu. */
export interface LastExtraction {
  tabId: number;
  extraction: Extraction;
}

// In chrome.storage.session: the worker may stop before the popup asks, and the profiles of a page are
// kept in memory only, never on disk (they reach disk when the user saves them to a list).
export const lastExtractionItem = storage.defineItem<LastExtraction | null>('session:extraction.last', {
  fallback: null,
});
