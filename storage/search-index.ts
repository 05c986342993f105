/**
 * An in-memory search index per list: each row's searchText, tags and (savedAt, id), built on first use
 * from the list's search chunks (search-chunks.ts, a few dozen records per list) and kept current by a
 * DBCore middleware that sees every write to the rows table. A keystroke then costs one pass over compact strings (shared by the count and every page of the
 * same query) instead of reading the whole list out of IndexedDB again.
 *
 * Writes reach the index after IndexedDB accepted them; should their transaction then abort, every index
 * of that database is dropped and rebuilt on next use, so the index never keeps a write that did not land.
 */
import type Dexie from 'dexie';
import type { DBCore, DBCoreMutateRequest, DBCoreMutateResponse, Middleware } from 'dexie';
import type { LassoDb } from './db.ts';
import type { RowRecord } from './model.ts';
import { readSearchEntries } from './search-chunks.ts';

/** What the index keeps of a row. */
export interface IndexEntry {
  id: string;
  listId: string;
  savedAt: number;
  searchText: string;
  tags: readonly string[];
}

function entryOf(row: RowRecord): IndexEntry {
  return { id: row.id, listId: row.listId, savedAt: row.savedAt, searchText: row.searchText, tags: row.tags };
}

function compareEntries(a: IndexEntry, b: IndexEntry): number {
  return a.savedAt - b.savedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** One list's entries, and the matches of the last query asked (the count and the pages share them). */
export class ListIndex {
  /** Every entry of the list, in no particular order. */
  private readonly entries: IndexEntry[];
  /**
   * Where each id sits in `entries`: made on the first write or lookup, not when the index is built, so
   * that the first search after opening a list does not wait for a map of 100k ids.
   */
  private positions: Map<string, number> | undefined;
  private last: { key: string; matches: IndexEntry[] } | undefined;

  /** `entries` must hold each id once (a list's search chunks do); the index keeps the array. */
  constructor(entries: IndexEntry[]) {
    this.entries = entries;
  }

  private positionOf(id: string): number | undefined {
    if (!this.positions) {
      this.positions = new Map(this.entries.map((entry, i) => [entry.id, i]));
    }
    return this.positions.get(id);
  }

  has(id: string): boolean {
    return this.positionOf(id) !== undefined;
  }

  put(entry: IndexEntry): void {
    const at = this.positionOf(entry.id);
    if (at === undefined) {
      this.positions!.set(entry.id, this.entries.length);
      this.entries.push(entry);
    } else {
      this.entries[at] = entry;
    }
    this.changed();
  }

  remove(id: string): void {
    const at = this.positionOf(id);
    if (at === undefined) return;
    // The last entry takes the removed one's place: the order is the matches' sort's business.
    const moved = this.entries.pop()!;
    this.positions!.delete(id);
    if (at < this.entries.length) {
      this.entries[at] = moved;
      this.positions!.set(moved.id, at);
    }
    this.changed();
  }

  /** The entries carrying every term in their searchText (and `tag`, when given), oldest first. */
  matches(terms: readonly string[], tag: string | undefined): IndexEntry[] {
    const key = JSON.stringify([terms, tag ?? null]);
    if (this.last?.key === key) return this.last.matches;
    // Filtered first, then sorted: a search usually matches few of a list's rows, and sorting 100k
    // entries would be most of the first keystroke's time.
    const matches = this.entries
      .filter(
        (e) => (tag === undefined || e.tags.includes(tag)) && terms.every((t) => e.searchText.includes(t)),
      )
      .sort(compareEntries);
    this.last = { key, matches };
    return matches;
  }

  private changed(): void {
    this.last = undefined;
  }
}

interface DbIndexes {
  built: Map<string, ListIndex>;
  /** Builds under way; a write to the rows table while one runs makes it start over (`stale`). */
  building: Map<string, { promise: Promise<ListIndex>; stale: boolean }>;
}

/**
 * What a committed transaction wrote to rows, told to the extension's other pages and workers: the
 * popup saves, the background enriches, and an index built here would not see those writes otherwise.
 * `ids: null` means anything may have changed.
 */
interface RowsWritten {
  ids: string[] | null;
  listIds: string[];
}

/** Beyond this many rows, one transaction's message just says "anything". */
const WRITTEN_IDS_MAX = 1000;

const indexesOf = new WeakMap<Dexie, DbIndexes>();

function stateOf(db: Dexie): DbIndexes {
  let state = indexesOf.get(db);
  if (!state) {
    state = { built: new Map(), building: new Map() };
    indexesOf.set(db, state);
  }
  return state;
}

/** The index of `listId`, built from the list's search chunks the first time it is asked for. */
export function listIndex(db: LassoDb, listId: string): Promise<ListIndex> {
  const state = stateOf(db);
  const built = state.built.get(listId);
  if (built) return Promise.resolve(built);
  const pending = state.building.get(listId);
  if (pending) return pending.promise;
  const job = { promise: undefined as unknown as Promise<ListIndex>, stale: false };
  job.promise = (async () => {
    for (;;) {
      job.stale = false;
      const entries = await readSearchEntries(db, listId);
      if (job.stale) continue;
      const index = new ListIndex(entries);
      state.building.delete(listId);
      state.built.set(listId, index);
      return index;
    }
  })();
  job.promise.catch(() => state.building.delete(listId));
  state.building.set(listId, job);
  return job.promise;
}

/**
 * Starts the index of a list just created in this context, empty. Every row the list gets from then on
 * is either written here, and applied to the index, or announced by another context, which drops the
 * index: so it stays exact without ever being read. A list filled right after it was created (an import)
 * is then searched at once, without reading its search chunks while IndexedDB is still busy with the save.
 */
export function startEmptyIndex(db: LassoDb, listId: string): void {
  const state = stateOf(db);
  if (!state.built.has(listId) && !state.building.has(listId)) state.built.set(listId, new ListIndex([]));
}

function forgetAll(state: DbIndexes): void {
  state.built.clear();
  for (const job of state.building.values()) job.stale = true;
}

/** Drops the indexes another context's write may have made stale; they are rebuilt on next use. */
function forgetWritten(state: DbIndexes, written: RowsWritten): void {
  if (written.ids === null) {
    forgetAll(state);
    return;
  }
  for (const job of state.building.values()) job.stale = true;
  const listIds = new Set(written.listIds);
  for (const [listId, index] of state.built) {
    if (listIds.has(listId) || written.ids.some((id) => index.has(id))) state.built.delete(listId);
  }
}

/** Gathers what one transaction writes to rows, to tell the other contexts once it committed. */
function noteWritten(
  req: DBCoreMutateRequest,
  into: { ids: Set<string> | null; listIds: Set<string> },
): void {
  if (req.type === 'deleteRange') into.ids = null;
  const ids =
    req.type === 'delete'
      ? req.keys
      : req.type === 'deleteRange'
        ? []
        : req.values.map((v) => (v as RowRecord).id);
  if (req.type === 'add' || req.type === 'put')
    for (const v of req.values) into.listIds.add((v as RowRecord).listId);
  if (into.ids && into.ids.size + ids.length > WRITTEN_IDS_MAX) into.ids = null;
  for (const id of ids) into.ids?.add(id as string);
}

/** Applies a write the rows table accepted to every index it concerns. */
function applyWrite(state: DbIndexes, req: DBCoreMutateRequest, res: DBCoreMutateResponse): void {
  for (const job of state.building.values()) job.stale = true;
  const failed = (i: number) => res.failures[i] !== undefined;
  if (req.type === 'add' || req.type === 'put') {
    req.values.forEach((value, i) => {
      if (failed(i)) return;
      const row = value as RowRecord;
      for (const [listId, index] of state.built) {
        if (listId === row.listId) index.put(entryOf(row));
        else index.remove(row.id); // moved to another list
      }
    });
  } else if (req.type === 'delete') {
    req.keys.forEach((key, i) => {
      if (failed(i)) return;
      for (const index of state.built.values()) index.remove(key as string);
    });
  } else {
    state.built.clear(); // deleteRange: rare (clearing the table); rebuild on next use
  }
}

/**
 * The DBCore middleware that keeps the indexes of `db` current; LassoDb installs it. Writes made here
 * are applied to the indexes as they happen; writes other contexts made arrive on a BroadcastChannel
 * once committed, and drop the indexes they touch (a channel object never receives its own messages).
 */
export function searchIndexMiddleware(db: Dexie): Middleware<DBCore> {
  const channel =
    typeof BroadcastChannel === 'function'
      ? new BroadcastChannel(`lasso-rows-written:${db.name}`)
      : undefined;
  // Node (the unit tests) would otherwise stay alive for the channel.
  (channel as unknown as { unref?: () => void } | undefined)?.unref?.();
  if (channel)
    channel.onmessage = (event: MessageEvent<RowsWritten>) => forgetWritten(stateOf(db), event.data);
  const writes = new WeakMap<object, { ids: Set<string> | null; listIds: Set<string> }>();
  return {
    stack: 'dbcore',
    name: 'lassoSearchIndex',
    create: (down) => ({
      ...down,
      table: (name) => {
        const table = down.table(name);
        if (name !== 'rows') return table;
        return {
          ...table,
          mutate: async (req) => {
            const res = await table.mutate(req);
            const state = stateOf(db);
            applyWrite(state, req, res);
            const trans = req.trans as unknown as Partial<EventTarget>;
            let written = writes.get(req.trans);
            if (!written) {
              const gathered = { ids: new Set<string>() as Set<string> | null, listIds: new Set<string>() };
              written = gathered;
              writes.set(req.trans, gathered);
              trans.addEventListener?.('abort', () => forgetAll(state));
              trans.addEventListener?.('complete', () => {
                const message: RowsWritten = {
                  ids: gathered.ids ? [...gathered.ids] : null,
                  listIds: [...gathered.listIds],
                };
                channel?.postMessage(message);
              });
            }
            noteWritten(req, written);
            return res;
          },
        };
      },
    }),
  };
}
