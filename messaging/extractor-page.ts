// The contract between the background and the extractor it injects into a web page (entrypoints/
// extractor.content.ts). Plain constants and types: the content script bundle stays the engine alone.
import type { CandidateGroup } from '../extract/profile.ts';

/** Where WXT puts the runtime-registered content script (`entrypoints/extractor.content.ts`). */
export const EXTRACTOR_FILE = '/content-scripts/extractor.js';

/**
 * The global the background sets in the extension's isolated world just before injecting the
 * extractor: `executeScript({ files })` takes no arguments. The page's own scripts cannot see it.
 */
export const EXTRACTOR_OPTIONS_KEY = '__lassoExtractorOptions';

export interface ExtractorOptions {
  /** The plan's profiles per page: no list is longer. */
  limit: number;
}

/** What the extractor returns through executeScript: plain data, nothing of the page's DOM. */
export type PageRead =
  | { ok: true; url: string; title: string; groups: CandidateGroup[] }
  | { ok: false; error: string };
