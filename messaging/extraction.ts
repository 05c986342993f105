// What the background answers about an extraction; shared by the background and the popup. Types only,
// so the popup bundle carries no zod for it (the background validates what the page returned).
import type { Balance, BreakdownItem } from '../api-client/contract/billing.ts';
import type { CandidateGroup } from '../extract/profile.ts';
import type { FailureCode } from './protocol.ts';

/** The page an extraction ran on. `title` is the page's own, capped; both are text only. */
export interface PageRef {
  tabId: number;
  url: string;
  title: string;
}

/**
 * What the page's one `page_scrape` spend did:
 * - `charged`: this extraction moved `charged` credits, drawn from `breakdown`'s buckets;
 * - `replayed`: the API answered with the spend of an earlier extraction of the same page with the same
 *   result (same Idempotency-Key, within 24 h): nothing moved this time.
 */
export type Charge =
  | { kind: 'charged'; spendId: string; charged: number; breakdown: BreakdownItem[] }
  | { kind: 'replayed'; spendId: string };

/**
 * Why the page could not be read:
 * - `restricted_page`: Chrome lets no extension read it (chrome://, the Web Store, another extension);
 * - `file_access`: a file on the computer, and "Allow access to file URLs" is off for Lasso;
 * - `no_access`: the tab is not the one Lasso was opened on (activeTab covers only that one);
 * - `no_tab`: the tab is gone;
 * - `script_error`: the extractor failed on this page.
 */
export type PageFailureCode = 'restricted_page' | 'file_access' | 'no_access' | 'no_tab' | 'script_error';

export type ExtractFailureCode = FailureCode | PageFailureCode;

/** One extraction as the popup shows it. Profiles travel only in `preview`: a locked result carries counts. */
export type Extraction =
  /** Paid for (or replayed): every ranked list of people on the page, best first. */
  | { kind: 'preview'; page: PageRef; at: number; groups: CandidateGroup[]; charge: Charge; balance: Balance }
  /** The page shows nobody the engine recognised: nothing was charged. */
  | { kind: 'empty'; page: PageRef; at: number }
  /** People were found but the spend answered 402: their data stays in the background. */
  | {
      kind: 'locked';
      page: PageRef;
      at: number;
      /** How many people the best list holds, and how many lists there are. */
      found: number;
      groupCount: number;
      /** What the API said the user can spend, when it said. */
      available: number | undefined;
      message: string;
    }
  /** Nothing was charged: the page could not be read, nobody is signed in, or the spend got no answer. */
  | { kind: 'failed'; code: ExtractFailureCode; message: string; page?: PageRef; at: number };
