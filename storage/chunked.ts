/**
 * Tables derived from the rows that pack what they need of each row into a few records per list, called
 * chunks: the search chunks (search-chunks.ts) and the export chunks (export-chunks.ts). Chromium's
 * IndexedDB pays about a millisecond per record it reads, so at 100k rows a few large records are read far
 * faster than the rows themselves.
 *
 * A row lives in chunk hash(id) mod `chunksPerList` of its list, so a write rewrites only the chunks of
 * the rows it changed: one for an edit, at most `chunksPerList` for a bulk save, none when nothing the
 * chunk holds of the row changed. Fewer chunks read faster; more chunks make an edit's rewrite smaller.
 */
import type { Derivation, RowChange } from './derived.ts';
import type { RowRecord } from './model.ts';

/** The key of a chunk record: [listId, chunk]. */
export interface ChunkKey {
  listId: string;
  chunk: number;
}

/** How one derived table packs its entries (E: what it holds of a row) into chunk records (R). */
export interface ChunkFormat<E extends { id: string }, R extends ChunkKey> {
  table: string;
  chunksPerList: number;
  /** What the chunk holds of a row. */
  entryOf(id: string, row: RowRecord): E;
  /** Whether what the chunk holds of a row is the same in both versions of it (then nothing is rewritten). */
  sameEntry(before: RowRecord, after: RowRecord): boolean;
  encode(listId: string, chunk: number, entries: readonly E[]): R;
  decode(record: R): E[];
}

/** Strings packed into one: the i-th ends at `ends[i]`. IndexedDB then clones one string, not thousands. */
export interface PackedStrings {
  text: string;
  ends: Uint32Array;
}

export function packStrings(strings: readonly string[]): PackedStrings {
  const ends = new Uint32Array(strings.length);
  let length = 0;
  strings.forEach((s, i) => {
    length += s.length;
    ends[i] = length;
  });
  return { text: strings.join(''), ends };
}

export function unpackStrings(text: string, ends: Uint32Array): string[] {
  const out: string[] = new Array(ends.length);
  let start = 0;
  for (let i = 0; i < ends.length; i++) {
    out[i] = text.slice(start, ends[i]);
    start = ends[i]!;
  }
  return out;
}

const NO_TAGS: readonly string[] = Object.freeze([]);

/** Each row's tags, packed as JSON of [position, tags] for the rows that have any (most have none). */
export function packTags(tagsOfRows: readonly (readonly string[])[]): string {
  const tagged: Array<[number, readonly string[]]> = [];
  tagsOfRows.forEach((tags, i) => {
    if (tags.length > 0) tagged.push([i, tags]);
  });
  return JSON.stringify(tagged);
}

/** Whether two versions of a row carry the same tags in the same order (the order is what packTags keeps). */
export function sameTags(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((tag, i) => tag === b[i]);
}

/** The tags of each of `count` rows, from packTags' JSON. */
export function unpackTags(json: string, count: number): Array<readonly string[]> {
  const tags: Array<readonly string[]> = new Array(count).fill(NO_TAGS);
  for (const [i, rowTags] of JSON.parse(json) as Array<[number, string[]]>) tags[i] = rowTags;
  return tags;
}

/** The chunk a row's entry lives in: FNV-1a of its id, mod `chunksPerList`. */
export function chunkIndex(id: string, chunksPerList: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % chunksPerList;
}

/** A chunk's entries with each of `edits` set (a row) or removed (null), in their order, new ones last. */
export function editEntries<E extends { id: string }>(
  format: Pick<ChunkFormat<E, ChunkKey>, 'entryOf'>,
  current: readonly E[],
  edits: ReadonlyMap<string, RowRecord | null>,
): E[] {
  const next: E[] = [];
  const present = new Set<string>();
  for (const entry of current) {
    present.add(entry.id);
    const edit = edits.get(entry.id);
    if (edit === undefined) next.push(entry);
    else if (edit !== null) next.push(format.entryOf(entry.id, edit));
  }
  for (const [id, edit] of edits) if (edit !== null && !present.has(id)) next.push(format.entryOf(id, edit));
  return next;
}

/** Per chunk of a list, the entries a batch of row changes sets or removes. */
function chunkEdits(format: ChunkFormat<{ id: string }, ChunkKey>, changes: readonly RowChange[]) {
  const edits = new Map<string, ChunkKey & { entries: Map<string, RowRecord | null> }>();
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
    if (before && after && before.listId === after.listId && format.sameEntry(before, after)) continue;
    const chunk = chunkIndex(id, format.chunksPerList);
    if (before) editsOf(before.listId, chunk).set(id, null);
    if (after) editsOf(after.listId, chunk).set(id, after);
  }
  return [...edits.values()];
}

/** The derivation (derived.ts) that keeps `format`'s table in step with the rows. */
export function chunkedDerivation<E extends { id: string }, R extends ChunkKey>(
  format: ChunkFormat<E, R>,
): Derivation {
  const generic = format as unknown as ChunkFormat<{ id: string }, ChunkKey>;
  return {
    table: format.table,
    async apply(table, trans, changes) {
      const edits = chunkEdits(generic, changes);
      if (edits.length === 0) return;
      const keys = edits.map((edit) => [edit.listId, edit.chunk]);
      const current = (await table.getMany({ trans, keys })) as (R | undefined)[];
      const puts: R[] = [];
      const deletes: unknown[] = [];
      edits.forEach((edit, i) => {
        const record = current[i];
        const entries = editEntries(format, record ? format.decode(record) : [], edit.entries);
        if (entries.length > 0) puts.push(format.encode(edit.listId, edit.chunk, entries));
        else deletes.push(keys[i]);
      });
      if (puts.length > 0) await table.mutate({ type: 'put', trans, values: puts });
      if (deletes.length > 0) await table.mutate({ type: 'delete', trans, keys: deletes });
    },
    fromRows(rows) {
      const edits = chunkEdits(
        generic,
        rows.map((row) => ({ id: row.id, before: undefined, after: row })),
      );
      return edits.map((edit) =>
        format.encode(edit.listId, edit.chunk, editEntries(format, [], edit.entries)),
      );
    },
  };
}
