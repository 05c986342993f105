/**
 * Search chunks: what a list's search index needs of each row (id, savedAt, searchText, tags), stored
 * as parallel arrays in a few dozen records per list — a table derived from the rows (derived.ts).
 * Building a list's in-memory index (search-index.ts) reads these instead of every row: at 100k rows,
 * CHUNKS_PER_LIST records rather than 100k whole rows, which IndexedDB reads about as slowly as it
 * counts them.
 *
 * A row lives in chunk hash(id) mod CHUNKS_PER_LIST of its list, so a write rewrites only the chunks of
 * the rows it changed: one for an edit, at most CHUNKS_PER_LIST for a bulk save, none when nothing
 * searchable changed.
 */
import Dexie from 'dexie';
import type { LassoDb } from './db.ts';
import type { Derivation, RowChange } from './derived.ts';
import type { RowRecord } from './model.ts';
import type { IndexEntry } from './search-index.ts';

export const SEARCH_CHUNKS_TABLE = 'searchChunks';
export const CHUNKS_PER_LIST = 64;

export interface SearchChunkRecord {
  listId: string;
  chunk: number;
  /** Parallel arrays, one item per row, in no particular order. */
  ids: string[];
  savedAt: number[];
  searchText: string[];
  tags: string[][];
}

/** The chunk a row's entry lives in (FNV-1a of its id). */
export function chunkOf(id: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % CHUNKS_PER_LIST;
}

type Searchable = Pick<RowRecord, 'listId' | 'savedAt' | 'searchText' | 'tags'>;

function sameSearchable(a: Searchable, b: Searchable): boolean {
  return (
    a.listId === b.listId &&
    a.savedAt === b.savedAt &&
    a.searchText === b.searchText &&
    a.tags.length === b.tags.length &&
    a.tags.every((tag, i) => tag === b.tags[i])
  );
}

function emptyChunk(listId: string, chunk: number): SearchChunkRecord {
  return { listId, chunk, ids: [], savedAt: [], searchText: [], tags: [] };
}

/** `chunk` with each entry of `edits` set (a row) or removed (null). */
export function editChunk(
  chunk: SearchChunkRecord,
  edits: ReadonlyMap<string, Searchable | null>,
): SearchChunkRecord {
  const next = emptyChunk(chunk.listId, chunk.chunk);
  const push = (id: string, row: Searchable) => {
    next.ids.push(id);
    next.savedAt.push(row.savedAt);
    next.searchText.push(row.searchText);
    next.tags.push([...row.tags]);
  };
  chunk.ids.forEach((id, i) => {
    const edit = edits.get(id);
    if (edit === undefined) {
      next.ids.push(id);
      next.savedAt.push(chunk.savedAt[i]!);
      next.searchText.push(chunk.searchText[i]!);
      next.tags.push(chunk.tags[i]!);
    } else if (edit !== null) push(id, edit);
  });
  const present = new Set(chunk.ids);
  for (const [id, edit] of edits) if (edit !== null && !present.has(id)) push(id, edit);
  return next;
}

/** Per chunk of a list, the entries a batch of row changes sets or removes. */
function chunkEdits(changes: readonly RowChange[]) {
  const edits = new Map<string, { listId: string; chunk: number; entries: Map<string, Searchable | null> }>();
  const editsOf = (listId: string, chunk: number) => {
    const key = JSON.stringify([listId, chunk]);
    let edit = edits.get(key);
    if (!edit) {
      edit = { listId, chunk, entries: new Map() };
      edits.set(key, edit);
    }
    return edit.entries;
  };
  for (const { id, before, after } of changes) {
    if (before && after && sameSearchable(before, after)) continue;
    const chunk = chunkOf(id);
    if (before) editsOf(before.listId, chunk).set(id, null);
    if (after) editsOf(after.listId, chunk).set(id, after);
  }
  return [...edits.values()];
}

/** Keeps `searchChunks` in step with the rows (see derived.ts). */
export const searchChunks: Derivation = {
  table: SEARCH_CHUNKS_TABLE,
  async apply(table, trans, changes) {
    const edits = chunkEdits(changes);
    if (edits.length === 0) return;
    const keys = edits.map((edit) => [edit.listId, edit.chunk]);
    const current = (await table.getMany({ trans, keys })) as (SearchChunkRecord | undefined)[];
    const puts: SearchChunkRecord[] = [];
    const deletes: unknown[] = [];
    edits.forEach((edit, i) => {
      const next = editChunk(current[i] ?? emptyChunk(edit.listId, edit.chunk), edit.entries);
      if (next.ids.length > 0) puts.push(next);
      else deletes.push(keys[i]);
    });
    if (puts.length > 0) await table.mutate({ type: 'put', trans, values: puts });
    if (deletes.length > 0) await table.mutate({ type: 'delete', trans, keys: deletes });
  },
  fromRows(rows) {
    const edits = chunkEdits(rows.map((row) => ({ id: row.id, before: undefined, after: row })));
    return edits.map((edit) => editChunk(emptyChunk(edit.listId, edit.chunk), edit.entries));
  },
};

/** The search entries of a list, oldest first, from its chunks (one read, outside any caller's transaction). */
export async function readSearchEntries(db: LassoDb, listId: string): Promise<IndexEntry[]> {
  const chunks = await Dexie.ignoreTransaction(() =>
    db.searchChunks.where('[listId+chunk]').between([listId, Dexie.minKey], [listId, Dexie.maxKey]).toArray(),
  );
  const entries: IndexEntry[] = [];
  for (const chunk of chunks) {
    chunk.ids.forEach((id, i) => {
      entries.push({
        id,
        listId,
        savedAt: chunk.savedAt[i]!,
        searchText: chunk.searchText[i]!,
        tags: chunk.tags[i]!,
      });
    });
  }
  return entries;
}
