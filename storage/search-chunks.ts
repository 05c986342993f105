/**
 * Search chunks: what a list's search index needs of each row (id, savedAt, searchText, tags), packed
 * into a few records per list — a table derived from the rows (derived.ts).
 * Building a list's in-memory index (search-index.ts) reads these instead of every row: at 100k rows,
 * CHUNKS_PER_LIST records rather than 100k whole rows, which IndexedDB reads about as slowly as it
 * counts them.
 *
 * A row lives in chunk hash(id) mod CHUNKS_PER_LIST of its list, so a write rewrites only the chunks of
 * the rows it changed: one for an edit, at most CHUNKS_PER_LIST for a bulk save, none when nothing
 * searchable changed.
 *
 * Few large records read faster than many small ones: Chromium pays about a millisecond per record.
 * Soon after a 100k-row save, reading the same 100k rows' chunks (10 MB) took 122–535 ms as 64
 * records, 91–157 ms as 16 and 99–190 ms as 8; the first search after such a save went from
 * 451–661 ms with 64 chunks to 312–463 ms (median 389) with 16 (bench/README.md). The price is the
 * size of a rewrite: an edit rewrites its row's chunk, 1/16 of the list's search text (some 600 kB at
 * 100k rows). A one-row edit in a 100k-row list took 32–48 ms with 16 chunks, 55–85 ms with 8 and
 * 15–32 ms with 64.
 */
import Dexie from 'dexie';
import type { LassoDb } from './db.ts';
import type { Derivation, RowChange } from './derived.ts';
import type { RowRecord } from './model.ts';
import type { IndexEntry } from './search-index.ts';

export const SEARCH_CHUNKS_TABLE = 'searchChunks';
export const CHUNKS_PER_LIST = 16;

/**
 * One chunk, packed so that IndexedDB hands it back as a few strings and typed arrays rather than four
 * values per row: reading a 100k-row list's chunks then costs a few copies, not 400k deserialised values.
 */
export interface SearchChunkRecord {
  listId: string;
  chunk: number;
  /** The rows' ids one after another; the i-th ends at `idEnds[i]`. */
  ids: string;
  idEnds: Uint32Array;
  savedAt: Float64Array;
  /** The rows' searchText one after another (it may hold newlines); the i-th ends at `textEnds[i]`. */
  searchText: string;
  textEnds: Uint32Array;
  /** JSON of [position, tags] for each row that has tags. */
  tags: string;
}

/** What a chunk holds of one row (its list is the chunk's). */
export type ChunkEntry = Omit<IndexEntry, 'listId'>;

const NO_TAGS: readonly string[] = Object.freeze([]);

/** Packs `entries` (in any order) into the record of chunk `chunk` of `listId`. */
export function encodeChunk(
  listId: string,
  chunk: number,
  entries: readonly ChunkEntry[],
): SearchChunkRecord {
  const idEnds = new Uint32Array(entries.length);
  const textEnds = new Uint32Array(entries.length);
  const savedAt = new Float64Array(entries.length);
  const tagged: Array<[number, readonly string[]]> = [];
  let idLength = 0;
  let textLength = 0;
  entries.forEach((entry, i) => {
    idLength += entry.id.length;
    textLength += entry.searchText.length;
    idEnds[i] = idLength;
    textEnds[i] = textLength;
    savedAt[i] = entry.savedAt;
    if (entry.tags.length > 0) tagged.push([i, entry.tags]);
  });
  return {
    listId,
    chunk,
    ids: entries.map((e) => e.id).join(''),
    idEnds,
    savedAt,
    searchText: entries.map((e) => e.searchText).join(''),
    textEnds,
    tags: JSON.stringify(tagged),
  };
}

/** The entries a chunk record holds, in its order. */
export function decodeChunk(record: SearchChunkRecord): IndexEntry[] {
  const tags: Array<readonly string[]> = new Array(record.idEnds.length).fill(NO_TAGS);
  for (const [i, rowTags] of JSON.parse(record.tags) as Array<[number, string[]]>) tags[i] = rowTags;
  const entries: IndexEntry[] = new Array(record.idEnds.length);
  let idStart = 0;
  let textStart = 0;
  for (let i = 0; i < entries.length; i++) {
    const idEnd = record.idEnds[i]!;
    const textEnd = record.textEnds[i]!;
    entries[i] = {
      id: record.ids.slice(idStart, idEnd),
      listId: record.listId,
      savedAt: record.savedAt[i]!,
      searchText: record.searchText.slice(textStart, textEnd),
      tags: tags[i]!,
    };
    idStart = idEnd;
    textStart = textEnd;
  }
  return entries;
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

/** `chunk`'s entries with each of `edits` set (a row) or removed (null), packed again. */
export function editChunk(
  listId: string,
  chunk: number,
  current: readonly ChunkEntry[],
  edits: ReadonlyMap<string, Searchable | null>,
): SearchChunkRecord {
  const next: ChunkEntry[] = [];
  const entryOf = (id: string, row: Searchable): ChunkEntry => ({
    id,
    savedAt: row.savedAt,
    searchText: row.searchText,
    tags: [...row.tags],
  });
  const present = new Set<string>();
  for (const entry of current) {
    present.add(entry.id);
    const edit = edits.get(entry.id);
    if (edit === undefined) next.push(entry);
    else if (edit !== null) next.push(entryOf(entry.id, edit));
  }
  for (const [id, edit] of edits) if (edit !== null && !present.has(id)) next.push(entryOf(id, edit));
  return encodeChunk(listId, chunk, next);
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
      const record = current[i];
      const next = editChunk(edit.listId, edit.chunk, record ? decodeChunk(record) : [], edit.entries);
      if (next.idEnds.length > 0) puts.push(next);
      else deletes.push(keys[i]);
    });
    if (puts.length > 0) await table.mutate({ type: 'put', trans, values: puts });
    if (deletes.length > 0) await table.mutate({ type: 'delete', trans, keys: deletes });
  },
  fromRows(rows) {
    const edits = chunkEdits(rows.map((row) => ({ id: row.id, before: undefined, after: row })));
    return edits.map((edit) => editChunk(edit.listId, edit.chunk, [], edit.entries));
  },
};

/** The search entries of a list, in no particular order, from its chunks (one read, outside any caller's transaction). */
export async function readSearchEntries(db: LassoDb, listId: string): Promise<IndexEntry[]> {
  const chunks = await Dexie.ignoreTransaction(() =>
    db.searchChunks.where('[listId+chunk]').between([listId, Dexie.minKey], [listId, Dexie.maxKey]).toArray(),
  );
  return chunks.flatMap(decodeChunk);
}
