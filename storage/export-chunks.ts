/**
 * Export chunks: what an export reads of each row (export/columns.ts `ExportRow`), packed into a few
 * records per list — a table derived from the rows (derived.ts, chunked.ts). Exporting a whole list
 * reads these instead of every row.
 *
 * Why: at 100k rows Chromium took 3.5–4.8 s to read a list's rows out of IndexedDB, about four times
 * what papaparse then needs to write the CSV, while the same rows' export fields read out of their chunks
 * in 0.4–0.9 s (bench/README.md). The price: a second, smaller copy of each row on disk, and an edit
 * rewrites its row's chunk. With 100k rows, a one-row edit took a median 40–45 ms without export chunks,
 * 86–117 ms with 32 per list, and 59–65 ms with 64; reading 64 instead of 32 made no difference that
 * showed.
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
import { listRowCount } from './counts.ts';
import type { LassoDb } from './db.ts';
import type { ExportRow } from './export/columns.ts';
import { compareSaved } from './search.ts';

const EXPORT_CHUNKS_TABLE = 'exportChunks';
export const EXPORT_CHUNKS_PER_LIST = 64;

/**
 * The text fields of an ExportRow in the order a chunk packs them, then its links (`links.<network>`):
 * field f is bit f of `present`. decodeExportChunk reads them in this order, by position. This is the
 * stored format, so it is spelt out here rather than taken from the model's field lists: reordering it
 * needs a schema version that rebuilds the chunks.
 */
const TEXT_FIELDS = [
  'name',
  'title',
  'company',
  'location',
  'email',
  'phone',
  'profileUrl',
  'imageUrl',
  'note',
  'sourceUrl',
] as const;
const LINK_FIELDS = ['linkedin', 'twitter', 'github', 'website'] as const;

/**
 * One chunk, packed by column so that IndexedDB hands it back as a few strings and typed arrays, and
 * reading it back is slicing strings, not parsing JSON: 100k rows as JSON were 29 M characters and took
 * about as long to parse as to read (bench/README.md); packed by column they are 13.6 M.
 */
export interface ExportChunkRecord {
  listId: string;
  chunk: number;
  /** The rows' ids one after another; the i-th ends at `idEnds[i]`. */
  ids: string;
  idEnds: Uint32Array;
  savedAt: Float64Array;
  updatedAt: Float64Array;
  /** Per row, one bit per field of TEXT_FIELDS then LINK_FIELDS: set when the row has that field. */
  present: Uint16Array;
  /** The fields present, row after row, in field order; the k-th ends at `textEnds[k]`. */
  texts: string;
  textEnds: Uint32Array;
  /** JSON of [position, tags] for each row that has tags. */
  tags: string;
}

function fieldsOf(row: ExportRow): (string | undefined)[] {
  return [...TEXT_FIELDS.map((field) => row[field]), ...LINK_FIELDS.map((network) => row.links?.[network])];
}

export function encodeExportChunk(
  listId: string,
  chunk: number,
  rows: readonly ExportRow[],
): ExportChunkRecord {
  const savedAt = new Float64Array(rows.length);
  const updatedAt = new Float64Array(rows.length);
  const present = new Uint16Array(rows.length);
  const texts: string[] = [];
  rows.forEach((row, i) => {
    savedAt[i] = row.savedAt;
    updatedAt[i] = row.updatedAt;
    fieldsOf(row).forEach((text, f) => {
      if (text === undefined) return;
      present[i]! |= 1 << f;
      texts.push(text);
    });
  });
  const ids = packStrings(rows.map((row) => row.id));
  const packed = packStrings(texts);
  return {
    listId,
    chunk,
    ids: ids.text,
    idEnds: ids.ends,
    savedAt,
    updatedAt,
    present,
    texts: packed.text,
    textEnds: packed.ends,
    tags: packTags(rows.map((row) => row.tags)),
  };
}

/**
 * The rows a chunk holds, in its order. A field the row does not have is undefined (every row has every
 * key, so V8 gives them all one shape); exports treat it as absent.
 */
export function decodeExportChunk(record: ExportChunkRecord): ExportRow[] {
  const { texts, textEnds, present } = record;
  const tags = unpackTags(record.tags, record.idEnds.length);
  const ids = unpackStrings(record.ids, record.idEnds);
  const rows: ExportRow[] = new Array(ids.length);
  let k = 0;
  let start = 0;
  const next = (bits: number, f: number): string | undefined => {
    if ((bits & (1 << f)) === 0) return undefined;
    const text = texts.slice(start, textEnds[k]);
    start = textEnds[k++]!;
    return text;
  };
  for (let i = 0; i < ids.length; i++) {
    const bits = present[i]!;
    // Read in TEXT_FIELDS order, then LINK_FIELDS: `next` walks the packed fields one by one.
    const row: ExportRow = {
      id: ids[i]!,
      name: next(bits, 0) ?? '',
      title: next(bits, 1),
      company: next(bits, 2),
      location: next(bits, 3),
      email: next(bits, 4),
      phone: next(bits, 5),
      profileUrl: next(bits, 6),
      imageUrl: next(bits, 7),
      note: next(bits, 8) ?? '',
      sourceUrl: next(bits, 9),
      tags: tags[i] as string[],
      savedAt: record.savedAt[i]!,
      updatedAt: record.updatedAt[i]!,
    };
    if (bits >> TEXT_FIELDS.length !== 0) {
      row.links = {
        linkedin: next(bits, 10),
        twitter: next(bits, 11),
        github: next(bits, 12),
        website: next(bits, 13),
      };
    }
    rows[i] = row;
  }
  return rows;
}

/** Whether two versions of a row export the same cells (then their chunk is not rewritten). */
function sameExport(a: ExportRow, b: ExportRow): boolean {
  const fa = fieldsOf(a);
  const fb = fieldsOf(b);
  return (
    a.savedAt === b.savedAt &&
    a.updatedAt === b.updatedAt &&
    fa.every((text, f) => text === fb[f]) &&
    sameTags(a.tags, b.tags)
  );
}

const exportChunkFormat: ChunkFormat<ExportRow, ExportChunkRecord> = {
  table: EXPORT_CHUNKS_TABLE,
  chunksPerList: EXPORT_CHUNKS_PER_LIST,
  // The whole row: encoding keeps only its export fields.
  entryOf: (_, row) => row,
  sameEntry: sameExport,
  encode: encodeExportChunk,
  decode: decodeExportChunk,
};

/** Keeps `exportChunks` in step with the rows (see derived.ts). */
export const exportChunks = chunkedDerivation(exportChunkFormat);

/**
 * Reads a list's export chunks in one read-only transaction, so that they are the list as it was at one
 * moment, and hands each chunk's rows (in no particular order) to `each` as it arrives, while IndexedDB
 * reads the next: work done there overlaps the reading. `total` is the list's row count, read first.
 * Resolves to what `each` returned for every chunk.
 */
export async function eachExportChunk<T>(
  db: LassoDb,
  listId: string,
  each: (rows: ExportRow[], total: number) => T,
): Promise<T[]> {
  return Dexie.ignoreTransaction(() =>
    db.transaction('r', db.exportChunks, db.counts, async () => {
      // Requests run in the order made: the count is in before the first chunk.
      const total = listRowCount(db, listId);
      const chunks = Array.from({ length: EXPORT_CHUNKS_PER_LIST }, (_, chunk) =>
        db.exportChunks.get([listId, chunk]),
      );
      // Each chunk is handed on as soon as it and the count are in; no request is left unawaited.
      return Promise.all(
        chunks.map((read) =>
          Promise.all([total, read]).then(([n, record]) => each(record ? decodeExportChunk(record) : [], n)),
        ),
      );
    }),
  );
}

/** Every row of a list as an export reads it, oldest first (by savedAt, then id: the list's order). */
export async function readExportRows(db: LassoDb, listId: string): Promise<ExportRow[]> {
  return (await eachExportChunk(db, listId, (rows) => rows)).flat().sort(compareSaved);
}
