/**
 * The enrichment of one row (issue #9), as a RowTask for the bulk job runner: hold 1 credit, read the
 * row's page, find the person on it, fill what the row lacks, and capture — or release the hold when
 * anything went wrong, so a page that could not be read costs nothing.
 */
import { ApiError, NetworkError } from '../../api-client/errors.ts';
import type { RowRecord } from '../../storage/model.ts';
import type { RowTask, RowTaskContext, RowTaskOutcome } from '../jobs/row-task.ts';
import { fetchPage } from './fetch-page.ts';
import { mergeProfile } from './merge.ts';
import type { PersonRead, ReadPersonOptions } from './read-person.ts';
import { enrichmentTarget } from './target.ts';

export interface EnrichTaskDeps {
  /** Whether Lasso holds host access to the URL's origin (`chrome.permissions.contains`). */
  hasHostAccess(url: string): Promise<boolean>;
  fetch: typeof fetch;
  /** Parses the HTML and finds the person: in the offscreen document in the extension. */
  readPerson(html: string, options: ReadPersonOptions): Promise<PersonRead>;
  sleep(ms: number): Promise<void>;
  /** Default 20 s (fetch-page.ts). */
  timeoutMs?: number;
  /** Default 5 MB (fetch-page.ts). */
  bytesMax?: number;
  /** How long the offscreen document may take to read one page (default 30 s). */
  parseTimeoutMs?: number;
}

export const CANCELLED = 'Cancelled';
/** Release attempts when the API cannot be reached; the hold expires by itself server-side anyway (TTL). */
const RELEASE_ATTEMPTS = 3;
const RELEASE_RETRY_MS = 1000;
const PARSE_TIMEOUT_MS_DEFAULT = 30_000;
/** Holds one run of a row may place: the first, and renewals of a hold found gone at capture time. */
const HOLD_GENERATIONS_MAX = 3;

type Work = { ok: true; patch: Partial<RowRecord>; fieldsAdded: string[] } | { ok: false; reason: string };

/** A pending hold and the keys of its capture and release. */
interface Held {
  holdId: string;
  keys: HoldKeys;
}

interface HoldKeys {
  hold: string;
  capture: string;
  release: string;
}

/**
 * Creates the enrichment task with its I/O injected (chrome.permissions, fetch, the offscreen parser).
 * @example
 * const enrich = createEnrichTask({ hasHostAccess, fetch, readPerson: offscreen.readPerson, sleep });
 * const outcome = await enrich(row, { api, key, signal, now: Date.now });
 */
export function createEnrichTask(deps: EnrichTaskDeps): RowTask {
  return async (row, ctx) => {
    const target = enrichmentTarget(row, ctx.now());
    if ('skip' in target) return { status: 'skipped', reason: target.skip };
    const url = target.url;
    // Checked before anything is held: without access the fetch cannot succeed, and must cost nothing.
    if (!(await deps.hasHostAccess(url))) {
      return failed(`Lasso may not open ${new URL(url).hostname}: allow access when asked`, ctx);
    }
    if (ctx.signal.aborted) return { status: 'failed', reason: CANCELLED };

    const held = await placeHold(ctx, holdKeys(ctx, 1));
    if ('outcome' in held) return held.outcome;

    const work = await readAndMerge(deps, row, url, ctx);
    // A cancel wins over a result that arrived meanwhile: the user asked to stop spending. It leaves
    // the row's last enrichment as it was (no patch): nothing happened to this row.
    if (ctx.signal.aborted) {
      await releaseHold(ctx, held, deps.sleep);
      return { status: 'failed', reason: CANCELLED };
    }
    if (!work.ok) {
      await releaseHold(ctx, held, deps.sleep);
      return failed(work.reason, ctx);
    }
    return chargeFor(ctx, held, work, deps.sleep);
  };
}

/**
 * The keys of the `generation`th hold of this row: `hold`, `capture`, `release`, then `hold:2`…
 * Each is stable, so a row run again replays what already happened instead of doing it twice.
 */
function holdKeys(ctx: RowTaskContext, generation: number): HoldKeys {
  const key = (purpose: string) => ctx.key(generation === 1 ? purpose : `${purpose}:${generation}`);
  return { hold: key('hold'), capture: key('capture'), release: key('release') };
}

/** Holds 1 enrichment credit: the hold, or the outcome that ends the row (402, API unreachable…). */
async function placeHold(ctx: RowTaskContext, keys: HoldKeys): Promise<Held | { outcome: RowTaskOutcome }> {
  try {
    const { holdId } = await ctx.api.hold({ action: 'enrichment', quantity: 1 }, keys.hold);
    return { holdId, keys };
  } catch (error) {
    if (error instanceof ApiError && error.code === 'insufficient_credits') {
      return { outcome: { status: 'out_of_credits' } };
    }
    // A hold whose answer was lost may stand on the server: it expires by itself (TTL), and a retry
    // of this row sends the same key, so it gets that same hold back rather than a second one.
    return { outcome: failed(billingReason(error, 'hold'), ctx) };
  }
}

/** Fetch → parse in the offscreen document → merge: what the row would gain, or why not. */
async function readAndMerge(
  deps: EnrichTaskDeps,
  row: RowRecord,
  url: string,
  ctx: RowTaskContext,
): Promise<Work> {
  const page = await fetchPage(url, {
    fetch: deps.fetch,
    signal: ctx.signal,
    ...(deps.timeoutMs !== undefined && { timeoutMs: deps.timeoutMs }),
    ...(deps.bytesMax !== undefined && { bytesMax: deps.bytesMax }),
  });
  if (!page.ok) return page;
  const read = await readWithin(
    () => deps.readPerson(page.html, { url: page.finalUrl, name: row.name }),
    deps.parseTimeoutMs ?? PARSE_TIMEOUT_MS_DEFAULT,
    ctx.signal,
  );
  if (!read.ok) return read;
  const { patch, fieldsAdded } = mergeProfile(row, read.profile, { url: page.finalUrl, at: ctx.now() });
  return { ok: true, patch, fieldsAdded };
}

/**
 * The offscreen document's answer, unless it takes longer than `timeoutMs` or the job is cancelled
 * first: a page that hangs the parser must not hold the row (and its credit) forever.
 */
async function readWithin(
  read: () => Promise<PersonRead>,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<PersonRead> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onAbort: (() => void) | undefined;
  const late = new Promise<PersonRead>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, reason: 'The page took too long to read' }), timeoutMs);
    onAbort = () => resolve({ ok: false, reason: CANCELLED });
    signal.addEventListener('abort', onAbort, { once: true });
  });
  const answer = read().catch(
    (error: unknown): PersonRead => ({
      ok: false,
      reason: `The page could not be read (${error instanceof Error ? error.message : String(error)})`,
    }),
  );
  try {
    return await Promise.race([answer, late]);
  } finally {
    clearTimeout(timer);
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
}

/**
 * Captures the hold for the page read. A hold found no longer pending was released or expired (a row
 * run again after a failure, or after the worker was stopped past the hold's TTL): our capture key
 * would have replayed a capture that went through, so nothing was charged, and a renewed hold is
 * placed under the next keys.
 */
async function chargeFor(
  ctx: RowTaskContext,
  first: Held,
  work: Extract<Work, { ok: true }>,
  sleep: EnrichTaskDeps['sleep'],
): Promise<RowTaskOutcome> {
  let held = first;
  for (let generation = 1; ; generation += 1) {
    const outcome = await captureHold(ctx, held, work, sleep);
    if (outcome !== 'gone') return outcome;
    if (generation === HOLD_GENERATIONS_MAX) {
      return failed('The credit hold expired before the page was read; nothing was charged', ctx);
    }
    const renewed = await placeHold(ctx, holdKeys(ctx, generation + 1));
    if ('outcome' in renewed) return renewed.outcome;
    held = renewed;
  }
}

/** `done` with the API's charge, a failure, or `gone` when the hold is no longer pending. */
async function captureHold(
  ctx: RowTaskContext,
  held: Held,
  work: Extract<Work, { ok: true }>,
  sleep: EnrichTaskDeps['sleep'],
): Promise<RowTaskOutcome | 'gone'> {
  try {
    const capture = await ctx.api.capture(held.holdId, {}, held.keys.capture);
    const detail =
      work.fieldsAdded.length > 0 ? `Added ${work.fieldsAdded.join(', ')}` : 'Nothing new on that page';
    return {
      status: 'done',
      patch: work.patch,
      charge: { credits: capture.charged, breakdown: capture.breakdown },
      detail,
    };
  } catch (error) {
    if (error instanceof NetworkError) {
      // The capture may have gone through with its answer lost: releasing now could not undo it. The
      // row is retried with the same capture key (a replay, never a second charge), or the hold expires.
      return failed('The billing API did not confirm the charge; try this row again', ctx);
    }
    if (error instanceof ApiError && error.code === 'hold_not_pending') return 'gone';
    await releaseHold(ctx, held, sleep);
    return failed(billingReason(error, 'capture'), ctx);
  }
}

/**
 * Gives the held credit back, retrying with the same key while the API cannot be reached. If it never
 * can, the hold still expires server-side at its `expiresAt` (2 minutes by default), credits returned.
 */
async function releaseHold(ctx: RowTaskContext, held: Held, sleep: EnrichTaskDeps['sleep']): Promise<void> {
  for (let attempt = 1; attempt <= RELEASE_ATTEMPTS; attempt += 1) {
    try {
      await ctx.api.release(held.holdId, held.keys.release);
      return;
    } catch (error) {
      // Not pending any more: already released (an earlier attempt whose answer was lost) or expired.
      if (error instanceof ApiError && error.code === 'hold_not_pending') return;
      if (!(error instanceof NetworkError) || attempt === RELEASE_ATTEMPTS) {
        console.warn(`lasso: could not release hold ${held.holdId}; it expires by itself`, error);
        return;
      }
      await sleep(RELEASE_RETRY_MS * attempt);
    }
  }
}

function failed(reason: string, ctx: RowTaskContext): RowTaskOutcome {
  return {
    status: 'failed',
    reason,
    patch: { enrichment: { status: 'failed', at: ctx.now(), fieldsAdded: [], error: reason } },
  };
}

function billingReason(error: unknown, step: 'hold' | 'capture'): string {
  if (error instanceof NetworkError) return 'The billing API could not be reached; nothing was charged';
  if (error instanceof ApiError && error.status === 401) return 'Signed out: sign in again to enrich';
  if (error instanceof ApiError)
    return `The billing API refused the ${step} (${error.code}); nothing was charged`;
  throw error;
}
