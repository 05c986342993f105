/**
 * Search chunks: what a list's search index needs of each row (id, savedAt, searchText, tags), packed
 * into a few records per list — a table derived from the rows (derived.ts).
 * Building a list's in-memory index (search-index.ts) reads these instead of every row: at 100k rows,
 * CHUNKS_PER_LIST records rather than 100k whole rows, which IndexedDB reads about as slowly as it
 * counts them.
 *
 * A row lives in chunk hash(id) mod CHUNKS_PER_LIST of its list (chunked.ts), so a write rewrites only
 * the chunks of the rows it changed: one for an edit, none when nothing searchable changed.
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
import {
  type ChunkFormat,
  chunkedDerivation,
  packStrings,
  packTags,
  sameTags,
  unpackStrings,
  unpackTags,
} from './chunked.ts';
import type { LassoDb } from './db.ts';
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

/** Packs `entries` (in any order) into the record of chunk `chunk` of `listId`. */
export function encodeChunk(
  listId: string,
  chunk: number,
  entries: readonly ChunkEntry[],
): SearchChunkRecord {
  const ids = packStrings(entries.map((e) => e.id));
  const texts = packStrings(entries.map((e) => e.searchText));
  return {
    listId,
    chunk,
    ids: ids.text,
    idEnds: ids.ends,
    savedAt: Float64Array.from(entries, (e) => e.savedAt),
    searchText: texts.text,
    textEnds: texts.ends,
    tags: packTags(entries.map((e) => e.tags)),
  };
}

/** The entries a chunk record holds, in its order. */
export function decodeChunk(record: SearchChunkRecord): IndexEntry[] {
  const tags = unpackTags(record.tags, record.idEnds.length);
  const ids = unpackStrings(record.ids, record.idEnds);
  const texts = unpackStrings(record.searchText, record.textEnds);
  return ids.map((id, i) => ({
    id,
    listId: record.listId,
    savedAt: record.savedAt[i]!,
    searchText: texts[i]!,
    tags: tags[i]!,
  }));
}

const searchChunkFormat: ChunkFormat<ChunkEntry, SearchChunkRecord> = {
  table: SEARCH_CHUNKS_TABLE,
  chunksPerList: CHUNKS_PER_LIST,
  entryOf: (id, row) => ({ id, savedAt: row.savedAt, searchText: row.searchText, tags: [...row.tags] }),
  sameEntry: (a, b) => a.savedAt === b.savedAt && a.searchText === b.searchText && sameTags(a.tags, b.tags),
  encode: encodeChunk,
  decode: decodeChunk,
};

/** Keeps `searchChunks` in step with the rows (see derived.ts). */
export const searchChunks = chunkedDerivation(searchChunkFormat);

/** The search entries of a list, in no particular order, from its chunks (one read, outside any caller's transaction). */
export async function readSearchEntries(db: LassoDb, listId: string): Promise<IndexEntry[]> {
  const chunks = await Dexie.ignoreTransaction(() =>
    db.searchChunks.where('[listId+chunk]').between([listId, Dexie.minKey], [listId, Dexie.maxKey]).toArray(),
  );
  return chunks.flatMap(decodeChunk);
}
