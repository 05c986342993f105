import type { SpendResponse } from '../api-client/contract/billing.ts';
import { ApiError, NetworkError } from '../api-client/errors.ts';
import type { CandidateGroup } from '../extract/profile.ts';
import type { Extraction, PageRef } from '../messaging/extraction.ts';
import { balanceCacheItem } from '../storage/session.ts';
import { type BackoffPolicy, backoffDelayMs } from './backoff.ts';
import { lastExtractionItem, type SpendRecords, spendRecordsItem } from './extraction-items.ts';
import { extractionKey } from './extraction-key.ts';
import type { PageResult } from './extractor-injection.ts';
import { failureOf, type Session, type SessionService } from './session.ts';

/** Attempts at the page's spend when no answer arrives; every attempt sends the same Idempotency-Key. */
export const SPEND_ATTEMPTS = 3;
const SPEND_BACKOFF: BackoffPolicy = { initialMs: 500, maxMs: 4_000 };
/** Spends remembered to recognise a replay: longer than the API keeps a key (24 h at least, 48 h at most). */
const SPEND_RECORD_TTL_MS = 48 * 60 * 60 * 1000;
/** How long a failed extraction is still worth showing to a popup that opens. */
const FAILURE_SHOWN_MS = 60_000;

export interface ExtractionDeps {
  session: Pick<SessionService, 'current' | 'storeBalance'>;
  /** Runs the extractor in the tab (entrypoints/extractor.content.ts), each list cut to `limit`. */
  readPage(tabId: number, limit: number): Promise<PageResult>;
  now(): number;
  sleep(ms: number): Promise<void>;
}

export interface ExtractionService {
  /**
   * Extracts the people on the tab's page and pays for it: one `page_scrape` credit when at least one
   * profile was found, nothing on an empty page or a failure. The result is also kept for `last`.
   * A second call for a tab while one runs gets the same answer.
   */
  run(tabId: number): Promise<Extraction>;
  /**
   * The tab's latest extraction (waiting for one still running), or null; a result for another page
   * than `url` (the tab navigated since) is not the tab's any more.
   */
  last(tabId: number, url?: string): Promise<Extraction | null>;
}

/**
 * The background's side of "Extract profiles": read the page, charge the page once, return what the
 * popup shows. Charging is keyed by the result (services/extraction-key.ts), so extracting the same
 * page again with the same result within 24 h is replayed by the API and not charged again.
 */
export function createExtractionService(deps: ExtractionDeps): ExtractionService {
  const running = new Map<number, Promise<Extraction>>();

  async function extract(tabId: number): Promise<Extraction> {
    const at = deps.now();
    const session = await deps.session.current();
    if (!session) {
      return { kind: 'failed', code: 'signed_out', message: 'Sign in to Lasso to extract profiles.', at };
    }
    let limit: number;
    try {
      limit = await profilesPerPage(session);
    } catch (error) {
      const failure = failureOf(error);
      return { kind: 'failed', code: failure.code, message: unchargedMessage(failure.code, error), at };
    }
    const read = await deps.readPage(tabId, limit);
    if (!read.ok) return { kind: 'failed', code: read.code, message: read.message, at };
    const page: PageRef = { tabId, url: read.url, title: read.title };
    const groups = read.groups;
    // No profile, no charge (issue #7). The engine's answer is its `combined` list (extractProfiles); the
    // other lists are alternatives to it, and may be ones it judged not to be people (testimonials, say).
    const best = groups.find((group) => group.id === 'combined');
    if (!best) return { kind: 'empty', page, at };

    return payForPage(session, page, groups, best, at);
  }

  /** Spends the page's credit; what the popup may show depends on the answer. */
  async function payForPage(
    session: Session,
    page: PageRef,
    groups: CandidateGroup[],
    best: CandidateGroup,
    at: number,
  ): Promise<Extraction> {
    const key = await extractionKey(page.url, groups);
    let response: SpendResponse;
    try {
      response = await spendWithRetry(session, key);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'insufficient_credits') {
        await refreshBalance(session);
        // The people stay here: a locked result carries their count only.
        return {
          kind: 'locked',
          page,
          at,
          found: best.profiles.length,
          groupCount: groups.length,
          available: error.body?.available,
          message: 'Extracting a page costs 1 credit, and you have none to spend.',
        };
      }
      const failure = failureOf(error);
      return { kind: 'failed', code: failure.code, message: unchargedMessage(failure.code, error), page, at };
    }

    const { userId } = session.token;
    if (await isReplay(userId, key, response.spendId)) {
      // A replay answers with the balance of the first spend, which may be old by now.
      const balance = (await refreshBalance(session)) ?? response.balance;
      return {
        kind: 'preview',
        page,
        at,
        groups,
        charge: { kind: 'replayed', spendId: response.spendId },
        balance,
      };
    }
    const balance = (await deps.session.storeBalance(userId, response.balance))?.balance ?? response.balance;
    const { spendId, charged, breakdown } = response;
    return {
      kind: 'preview',
      page,
      at,
      groups,
      charge: { kind: 'charged', spendId, charged, breakdown },
      balance,
    };
  }

  /** The plan's profiles per page, from the cached balance when it is this user's, else from the API. */
  async function profilesPerPage(session: Session): Promise<number> {
    const cached = await balanceCacheItem.getValue();
    if (cached?.userId === session.token.userId) return cached.balance.limits.profilesPerPage;
    const balance = await session.api.balance();
    await deps.session.storeBalance(session.token.userId, balance);
    return balance.limits.profilesPerPage;
  }

  /**
   * The spend, sent again with the same key while no answer arrives (the first may have been charged
   * with its answer lost on the way: the API then replays it). ky already retries a refused connection
   * a couple of times; this also covers timeouts and longer outages.
   */
  async function spendWithRetry(session: Session, key: string): Promise<SpendResponse> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await session.api.spend({ action: 'page_scrape', quantity: 1 }, key);
      } catch (error) {
        if (!(error instanceof NetworkError) || attempt + 1 >= SPEND_ATTEMPTS) throw error;
        await deps.sleep(backoffDelayMs(attempt, SPEND_BACKOFF));
      }
    }
  }

  /** Whether the API answered with a spend this browser already saw for the same key (a replay). */
  async function isReplay(userId: string, key: string, spendId: string): Promise<boolean> {
    const now = deps.now();
    const records = await spendRecordsItem.getValue();
    const id = `${userId} ${key}`;
    if (records[id]?.spendId === spendId) return true;
    const kept: SpendRecords = {};
    for (const [other, record] of Object.entries(records)) {
      if (now - record.at < SPEND_RECORD_TTL_MS) kept[other] = record;
    }
    kept[id] = { spendId, at: now };
    await spendRecordsItem.setValue(kept);
    return false;
  }

  async function refreshBalance(session: Session) {
    try {
      const balance = await session.api.balance();
      return (await deps.session.storeBalance(session.token.userId, balance))?.balance ?? balance;
    } catch (error) {
      failureOf(error);
      return undefined;
    }
  }

  return {
    run(tabId) {
      const inFlight = running.get(tabId);
      if (inFlight) return inFlight;
      const result = extract(tabId).then(async (extraction) => {
        await lastExtractionItem.setValue({ tabId, extraction });
        return extraction;
      });
      running.set(tabId, result);
      const forget = () => running.delete(tabId);
      result.then(forget, forget);
      return result;
    },

    async last(tabId, url) {
      const inFlight = running.get(tabId);
      if (inFlight) return inFlight;
      const stored = await lastExtractionItem.getValue();
      if (stored?.tabId !== tabId) return null;
      const { extraction } = stored;
      // A failure is news only to the popup that opens right after the shortcut or the menu entry.
      if (extraction.kind === 'failed' && deps.now() - extraction.at > FAILURE_SHOWN_MS) return null;
      if (url !== undefined && extraction.kind !== 'failed' && extraction.page.url !== url) return null;
      return extraction;
    },
  };
}

/** What to tell the user when the charge could not be made or confirmed. */
function unchargedMessage(code: string, error: unknown): string {
  switch (code) {
    case 'unreachable':
    case 'timeout':
      return "Couldn't reach the billing API, so nothing is shown yet. Try again: the same page is never charged twice.";
    case 'unauthorized':
      return 'Your session has ended. Sign in again, then extract: nothing was charged.';
    case 'rate_limited':
      return 'Too many requests just now. Wait a moment and try again: nothing was charged.';
    default:
      return `The billing API answered with an error (${error instanceof ApiError ? (error.detail ?? error.code) : code}). Try again: the same page is never charged twice.`;
  }
}
