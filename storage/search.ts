/**
 * Finding rows: words across name, title, company, email and note (case- and accent-insensitive, every
 * word must appear), a tag, a list — paged newest or oldest first by [listId+savedAt+id], with a cursor
 * that stays exact when many rows share one savedAt.
 */
import Dexie from 'dexie';
import { listRowCount, tagRowCount } from './counts.ts';
import type { LassoDb } from './db.ts';
import type { RowRecord } from './model.ts';
import { foldText } from './normalise.ts';
import { listIndex } from './search-index.ts';

export interface RowQuery {
  /** Only this list; all lists when omitted. */
  listId?: string;
  /** Words that must all appear in the name, title, company, email or note. */
  text?: string;
  /** Only rows carrying this tag. */
  tag?: string;
  /** By savedAt; newest first unless told. */
  order?: 'newest' | 'oldest';
}

/** Where a page ended: the next page starts after this row. */
export interface PageCursor {
  savedAt: number;
  id: string;
}

export interface RowPage {
  rows: RowRecord[];
  /** Present when more rows may match. */
  next?: PageCursor;
}

export const PAGE_SIZE_DEFAULT = 100;
const SCAN_BATCH = 4000;

/** The folded words of a search box. */
export function searchTerms(text: string | undefined): string[] {
  return text ? foldText(text).split(/\s+/).filter(Boolean) : [];
}

/** Whether a row matches a query (for filtering rows already in memory, as the table does). */
export function matchesQuery(row: RowRecord, query: RowQuery, terms = searchTerms(query.text)): boolean {
  if (query.listId !== undefined && row.listId !== query.listId) return false;
  if (query.tag !== undefined && !row.tags.includes(query.tag)) return false;
  return terms.every((term) => row.searchText.includes(term));
}

/** Orders rows by (savedAt, id), the order of the list index. */
export function compareSaved(
  a: Pick<RowRecord, 'savedAt' | 'id'>,
  b: Pick<RowRecord, 'savedAt' | 'id'>,
): number {
  return a.savedAt - b.savedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function isAfter(row: RowRecord, cursor: PageCursor | undefined, order: 'newest' | 'oldest'): boolean {
  if (!cursor) return true;
  const c = compareSaved(row, cursor);
  return order === 'newest' ? c < 0 : c > 0;
}

/** The list's rows strictly after `cursor`, in `order`. */
function listRangeAfter(db: LassoDb, listId: string, order: 'newest' | 'oldest', cursor?: PageCursor) {
  const index = db.rows.where('[listId+savedAt+id]');
  const lowest = [listId, Dexie.minKey, Dexie.minKey];
  const highest = [listId, Dexie.maxKey, Dexie.maxKey];
  const at = cursor ? [listId, cursor.savedAt, cursor.id] : undefined;
  return order === 'newest'
    ? index.between(lowest, at ?? highest, true, !at).reverse()
    : index.between(at ?? lowest, highest, !at, true);
}

/**
 * Reads one list in batches until `limit + 1` rows matched (or the list ended). The first batch is just
 * big enough for an unfiltered page; later ones double, up to SCAN_BATCH, for searches that match rarely.
 */
async function scanList(
  db: LassoDb,
  query: RowQuery & { listId: string },
  order: 'newest' | 'oldest',
  after: PageCursor | undefined,
  limit: number,
): Promise<RowRecord[]> {
  const terms = searchTerms(query.text);
  const out: RowRecord[] = [];
  let cursor = after;
  let batchSize = Math.min(SCAN_BATCH, limit + 1);
  for (;;) {
    const batch = await listRangeAfter(db, query.listId, order, cursor).limit(batchSize).toArray();
    for (const row of batch) {
      if (matchesQuery(row, query, terms)) out.push(row);
      if (out.length > limit) return out;
    }
    const last = batch[batch.length - 1];
    if (!last || batch.length < batchSize) return out;
    cursor = { savedAt: last.savedAt, id: last.id };
    batchSize = Math.min(SCAN_BATCH, batchSize * 2);
  }
}

/** Every row a query can match, unordered: through the tag index when there is a tag, else all rows. */
async function candidatesWithoutList(db: LassoDb, query: RowQuery): Promise<RowRecord[]> {
  if (query.tag !== undefined) return db.rows.where('tags').equals(query.tag).toArray();
  return db.rows.toArray();
}

/** Text or a tag within one list: answered from the list's in-memory index rather than by reading rows. */
function usesIndex(query: RowQuery): boolean {
  return query.tag !== undefined || searchTerms(query.text).length > 0;
}

/** The first position in `sorted` (oldest first) that comes after `cursor` in `order`. */
function startAfter(
  sorted: readonly { savedAt: number; id: string }[],
  cursor: PageCursor | undefined,
  order: 'newest' | 'oldest',
): number {
  if (!cursor) return 0;
  // Binary search for the count of entries ordered at or before the cursor.
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compareSaved(sorted[mid]!, cursor) <= 0) lo = mid + 1;
    else hi = mid;
  }
  // Newest first walks the array from its end: what comes after the cursor is what sorts before it.
  return order === 'oldest'
    ? lo
    : sorted.length - lo + (lo > 0 && compareSaved(sorted[lo - 1]!, cursor) === 0 ? 1 : 0);
}

async function indexedPage(
  db: LassoDb,
  query: RowQuery & { listId: string },
  order: 'newest' | 'oldest',
  after: PageCursor | undefined,
  limit: number,
): Promise<RowPage> {
  const index = await listIndex(db, query.listId);
  const oldestFirst = index.matches(searchTerms(query.text), query.tag);
  const from = startAfter(oldestFirst, after, order);
  const n = oldestFirst.length;
  const ids: string[] = [];
  for (let k = from; k < n && ids.length <= limit; k++) {
    ids.push(oldestFirst[order === 'oldest' ? k : n - 1 - k]!.id);
  }
  const found = await db.rows.bulkGet(ids);
  const rows = found.filter((row): row is RowRecord => row !== undefined).slice(0, limit);
  if (ids.length <= limit) return { rows };
  const last = rows[rows.length - 1]!;
  return { rows, next: { savedAt: last.savedAt, id: last.id } };
}

/**
 * One page of the rows matching `query`. Pass the page's `next` as `after` to get the following page.
 * @example const first = await searchRows(db, { listId, text: 'ada' }, { limit: 50 });
 *          const second = await searchRows(db, { listId, text: 'ada' }, { limit: 50, after: first.next });
 */
export async function searchRows(
  db: LassoDb,
  query: RowQuery,
  page: { limit?: number; after?: PageCursor } = {},
): Promise<RowPage> {
  const limit = page.limit ?? PAGE_SIZE_DEFAULT;
  const order = query.order ?? 'newest';
  let matched: RowRecord[];
  if (query.listId !== undefined && usesIndex(query)) {
    return indexedPage(db, { ...query, listId: query.listId }, order, page.after, limit);
  }
  if (query.listId !== undefined && query.tag === undefined) {
    matched = await scanList(db, { ...query, listId: query.listId }, order, page.after, limit);
  } else {
    // A tag is usually on far fewer rows than a list holds, so its index is the cheaper way in.
    const terms = searchTerms(query.text);
    const sign = order === 'newest' ? -1 : 1;
    matched = (await candidatesWithoutList(db, query))
      .filter((row) => matchesQuery(row, query, terms) && isAfter(row, page.after, order))
      .sort((a, b) => sign * compareSaved(a, b));
  }
  if (matched.length <= limit) return { rows: matched };
  const rows = matched.slice(0, limit);
  const last = rows[rows.length - 1]!;
  return { rows, next: { savedAt: last.savedAt, id: last.id } };
}

/**
 * The ids of the rows a list query matches, in its order, from the list's in-memory index without
 * reading a row; undefined for a query the index does not answer (no list, or neither text nor tag).
 */
export async function matchingIds(db: LassoDb, query: RowQuery): Promise<string[] | undefined> {
  if (query.listId === undefined || !usesIndex(query)) return undefined;
  const index = await listIndex(db, query.listId);
  const ids = index.matches(searchTerms(query.text), query.tag).map((entry) => entry.id);
  return (query.order ?? 'newest') === 'newest' ? ids.reverse() : ids;
}

/** Every row matching `query`, in its order: what "export the filtered view" writes. */
export async function findRows(db: LassoDb, query: RowQuery): Promise<RowRecord[]> {
  const page = await searchRows(db, query, { limit: Number.MAX_SAFE_INTEGER - 1 });
  return page.rows;
}

/** How many rows match `query` (a stored count when there is no text to look for, see counts.ts). */
export async function countMatches(db: LassoDb, query: RowQuery): Promise<number> {
  if (query.listId !== undefined && usesIndex(query)) {
    // A read of the list's range (one key of it), so that a liveQuery around this re-runs on any change
    // to the list's rows: an edit can change what matches without changing how many rows there are.
    await listRangeAfter(db, query.listId, 'oldest').limit(1).primaryKeys();
    const index = await listIndex(db, query.listId);
    return index.matches(searchTerms(query.text), query.tag).length;
  }
  if (searchTerms(query.text).length === 0) {
    if (query.tag === undefined && query.listId !== undefined) return listRowCount(db, query.listId);
    if (query.tag !== undefined && query.listId === undefined) return tagRowCount(db, query.tag);
  }
  return (await findRows(db, query)).length;
}

/**
 * Builds the search index of a list in the background (the dashboard calls this once a list's first
 * rows are shown), so the first keystroke does not wait for it. A failure here is retried by the search.
 */
export function warmSearchIndex(db: LassoDb, listId: string): void {
  listIndex(db, listId).catch(() => undefined);
}

/** All rows of a list, oldest first, in one read of the rows table (a whole-list export reads the list's export chunks instead). */
export function loadList(db: LassoDb, listId: string): Promise<RowRecord[]> {
  return listRangeAfter(db, listId, 'oldest').toArray();
}
