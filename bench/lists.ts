/**
 * Local lists in Node: bulk save, re-save (all merged), first page, search, tag filter, and each export
 * format for 10k rows (and 100k unless quick), each beside a baseline measured in the same run — the
 * database called directly (Dexie bulkAdd / toArray) or the bare library on the same table (papaparse
 * unparse / exceljs writeBuffer / JSON.stringify) — and their ratio (STYLE.md §10).
 *
 * IndexedDB here is fake-indexeddb, a pure-JS implementation, so database figures are named `….node`
 * and are only comparable with each other; the targets are for Chromium (see the report).
 *
 * `runListsBench({ quick })` is called from bench/run.ts; `tsx bench/lists.ts [--quick]` runs it alone.
 */
import { PassThrough } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import Dexie from 'dexie';
import ExcelJS from 'exceljs';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import Papa from 'papaparse';
import { LassoDb } from '../storage/db.ts';
import { cellText, type ExportColumn, exportColumns } from '../storage/export/columns.ts';
import { exportCsv } from '../storage/export/csv.ts';
import { exportJson, type JsonRow, jsonRow } from '../storage/export/json.ts';
import { exportXlsx } from '../storage/export/xlsx.ts';
import { createList } from '../storage/lists.ts';
import type { ProfileInput, RowRecord } from '../storage/model.ts';
import { addTags, saveProfiles } from '../storage/rows.ts';
import { loadList, matchesQuery, searchRows, searchTerms } from '../storage/search.ts';
import { emit, log, ratio, round } from './lib/report.ts';

export interface ListsBenchOptions {
  /** 10k rows only (skips 100k). */
  quick: boolean;
  /** Row counts to measure instead (for a look at one size). */
  rowCounts?: number[];
}

/**
 * A full garbage collection before each measurement: without it, the garbage of the 100k-row database
 * phase is collected during whichever export runs next, and ratios swing by several times between runs.
 * `--expose-gc` is switched on here, so the figures do not depend on how the bench was launched.
 */
const collectGarbage: () => void = (() => {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) return exposed;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
})();

/** The live JS heap, for the progress lines. */
function heapMb(): string {
  collectGarbage();
  return `${Math.round(process.memoryUsage().heapUsed / 1e6)} MB heap`;
}

const TAG = 'shortlist';
/** One row in this many carries TAG. */
const TAG_EVERY = 10;
const PAGE = 100;

const FIRST = ['Ada', 'Grace', 'José', 'Zoë', 'محمد', 'Linus', 'Margaret', 'Katherine', 'Alan', 'Barbara'];
const LAST = [
  'Lovelace',
  'Hopper',
  'García',
  'Ångström',
  'علي',
  'Torvalds',
  'Hamilton',
  'Johnson',
  'Turing',
  'Liskov',
];
const TITLES = ['Staff Engineer', 'Head of Talent', 'Recruiter', 'Product Manager', 'Designer, UX', 'CTO'];

/** Realistic, distinct profiles: every one has a profile URL and most an email. */
function profiles(count: number): ProfileInput[] {
  return Array.from({ length: count }, (_, i) => ({
    name: `${FIRST[i % FIRST.length]} ${LAST[Math.floor(i / FIRST.length) % LAST.length]} ${i}`,
    title: TITLES[i % TITLES.length],
    company: `Company ${i % 997}`,
    location: i % 2 === 0 ? 'Berlin, Germany' : 'London, UK',
    email: i % 4 === 3 ? undefined : `person.${i}@company${i % 997}.example`,
    phone: i % 5 === 0 ? `+44 20 7946 ${String(i % 10_000).padStart(4, '0')}` : undefined,
    profileUrl: `https://www.linkedin.com/in/person-${i}/`,
    links: { linkedin: `https://www.linkedin.com/in/person-${i}/`, github: `https://github.com/person${i}` },
    source: { url: 'https://example.com/team?page=1', method: 'repeated-cards' },
  }));
}

function freshDb(): LassoDb {
  return new LassoDb('lasso-bench', { indexedDB: new IDBFactory(), IDBKeyRange });
}

async function newListIn(db: LassoDb): Promise<string> {
  const created = await createList(db, 'Bench');
  if (!created.ok) throw new Error(`createList: ${created.code}`);
  return created.list.id;
}

async function time<T>(work: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  collectGarbage();
  const started = performance.now();
  const value = await work();
  return { ms: performance.now() - started, value };
}

/** The fastest of `repeat` runs, each with fresh state from `setup`, released by `teardown` after it. */
async function fastest<S>(
  repeat: number,
  setup: () => Promise<S>,
  work: (state: S) => Promise<unknown>,
  teardown: (state: S) => void = () => {},
): Promise<number> {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < repeat; i++) {
    const state = await setup();
    best = Math.min(best, (await time(() => work(state))).ms);
    teardown(state);
  }
  return best;
}

/** Dexie keeps every open database reachable: close each one, or 100k-row copies pile up in memory. */
const closeDb = (state: LassoDb | { db: LassoDb }) => (state instanceof LassoDb ? state : state.db).close();

function figure(
  name: string,
  rows: number,
  ms: number,
  baselineMs?: number,
  extra: Record<string, number | string> = {},
) {
  const base: Record<string, number> =
    baselineMs === undefined ? {} : { baselineMs: round(baselineMs, 1), ratio: ratio(ms, baselineMs) };
  emit({ name, rows, ms: round(ms, 1), ...base, ...extra });
}

/** Save, re-save, first page, search and tag filter; returns the saved rows for the export figures. */
async function benchDatabase(count: number, repeat: number): Promise<RowRecord[]> {
  const input = profiles(count);
  log(`lists: saving ${count} rows (${heapMb()})`);
  const saveMs = await fastest(
    repeat,
    async () => {
      const db = freshDb();
      return { db, listId: await newListIn(db) };
    },
    ({ db, listId }) => saveProfiles(db, listId, input),
    closeDb,
  );
  // Baseline: the records a save writes, added straight through Dexie.
  const written = freshDb();
  const writtenList = await newListIn(written);
  await saveProfiles(written, writtenList, input);
  const records = await written.rows.toArray();
  written.close();
  const bulkAddMs = await fastest(
    repeat,
    async () => freshDb(),
    (db) => db.rows.bulkAdd(records),
    closeDb,
  );
  figure('lists.save.node', count, saveMs, bulkAddMs);

  const db = freshDb();
  const listId = await newListIn(db);
  const saved = await saveProfiles(db, listId, input);
  if (!saved.ok) throw new Error(`save: ${saved.code}`);
  const resave = await time(() => saveProfiles(db, listId, input));
  figure('lists.resave.node', count, resave.ms, undefined, {
    merged: resave.value.ok ? resave.value.merged : 0,
  });
  await addTags(
    db,
    saved.rowIds.filter((_, i) => i % TAG_EVERY === 0),
    [TAG],
  );

  // Baseline: the same index range read straight through Dexie.
  const newestFirst = () =>
    db.rows
      .where('[listId+savedAt+id]')
      .between([listId, Dexie.minKey, Dexie.minKey], [listId, Dexie.maxKey, Dexie.maxKey])
      .reverse();
  const firstPage = await fastest(
    repeat,
    async () => db,
    () => searchRows(db, { listId }, { limit: PAGE }),
  );
  const rawPage = await fastest(
    repeat,
    async () => db,
    () => newestFirst().limit(PAGE).toArray(),
  );
  figure('lists.firstPage.node', count, firstPage, rawPage);

  // A word only one row has: the search reads the whole list.
  const rare = { listId, text: `person.${count - 7}@` };
  const scanAll = await fastest(
    repeat,
    async () => db,
    () => newestFirst().toArray(),
  );
  const search = await fastest(
    repeat,
    async () => db,
    () => searchRows(db, rare, { limit: PAGE }),
  );
  figure('lists.search.node', count, search, scanAll, { query: 'one match, whole list read' });
  const frequent = await fastest(
    repeat,
    async () => db,
    () => searchRows(db, { listId, text: 'engineer' }, { limit: PAGE }),
  );
  figure('lists.searchFirstPage.node', count, frequent, rawPage, { query: 'first page of a frequent word' });

  const rows = await loadList(db, listId);
  const terms = searchTerms(rare.text);
  const inMemory = await fastest(
    repeat,
    async () => rows,
    (all) => Promise.resolve(all.filter((row) => matchesQuery(row, rare, terms))),
  );
  figure('lists.searchInMemory.node', count, inMemory);

  const tagged = await fastest(
    repeat,
    async () => db,
    () => searchRows(db, { listId, tag: TAG }, { limit: PAGE }),
  );
  const tagIndex = await fastest(
    repeat,
    async () => db,
    () => db.rows.where('tags').equals(TAG).toArray(),
  );
  figure('lists.tagFilter.node', count, tagged, tagIndex, { tagged: Math.ceil(count / TAG_EVERY) });
  db.close();
  return rows;
}

/** exceljs's streaming writer (Node build only: the browser build has no stream.xlsx), for comparison. */
async function streamingXlsx(header: string[], table: string[][]): Promise<number> {
  const sink = new PassThrough();
  let bytes = 0;
  sink.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
  });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: sink,
    useSharedStrings: false,
    useStyles: true,
  });
  const sheet = workbook.addWorksheet('Bench');
  sheet.addRow(header).commit();
  for (const cells of table) sheet.addRow(cells).commit();
  sheet.commit();
  await workbook.commit();
  return bytes;
}

/** The export table as plain strings (no guard): what the bare libraries get, built only when needed. */
function plainTable(rows: readonly RowRecord[], columns: readonly ExportColumn[]): string[][] {
  return rows.map((row) => columns.map((c) => cellText(row, c)));
}

/**
 * Ours first, then the bare library on input prepared afterwards (and dropped after): building the
 * baseline's input up front would leave 100k rows of garbage for ours to collect, skewing the ratio.
 */
async function benchExports(rows: RowRecord[], repeat: number): Promise<void> {
  const count = rows.length;
  const columns = exportColumns();
  const header = columns.map((c) => c.header);
  const again = (work: () => Promise<unknown>) => fastest(repeat - 1, async () => null, work);
  log(`exports: ${count} rows × ${columns.length} columns (${heapMb()})`);

  const csv = await time(() => exportCsv(rows, { columns }));
  const csvMs = Math.min(csv.ms, await again(() => exportCsv(rows, { columns })));
  const csvBytes = Buffer.byteLength(csv.value);
  let table: string[][] | undefined = plainTable(rows, columns);
  const unparseMs = await fastest(
    repeat,
    async () => table!,
    async (data) => Papa.unparse({ fields: header, data }),
  );
  table = undefined;
  figure('export.csv.node', count, csvMs, unparseMs, { bytes: csvBytes });

  const json = await time(() => exportJson(rows, { columns }));
  const jsonMs = Math.min(json.ms, await again(() => exportJson(rows, { columns })));
  const jsonBytes = Buffer.byteLength(json.value);
  let prepared: JsonRow[] | undefined = rows.map((row) => jsonRow(row, columns));
  const stringifyMs = await fastest(
    repeat,
    async () => prepared!,
    async (objects) => JSON.stringify({ schemaVersion: 1, rows: objects }, null, 2),
  );
  prepared = undefined;
  figure('export.json.node', count, jsonMs, stringifyMs, { bytes: jsonBytes });

  log('exports: xlsx (ours, then bare exceljs, then its streaming writer)');
  let progressEvents = 0;
  const xlsx = await time(() => exportXlsx(rows, { columns, onProgress: () => (progressEvents += 1) }));
  const xlsxBytes = xlsx.value.byteLength;
  table = plainTable(rows, columns);
  const data = table;
  const bare = await time(async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Bench');
    sheet.addRow(header);
    sheet.addRows(data);
    return (await workbook.xlsx.writeBuffer()).byteLength;
  });
  figure('export.xlsx.node', count, xlsx.ms, bare.ms, {
    bytes: xlsxBytes,
    baselineBytes: bare.value,
    progressEvents,
  });
  const stream = await time(() => streamingXlsx(header, data));
  figure('export.xlsx.streamWriter.node', count, stream.ms, bare.ms, { bytes: stream.value });
}

/** Prints the lists figures as JSON lines on stdout (progress on stderr). */
export async function runListsBench({ quick, rowCounts }: ListsBenchOptions): Promise<void> {
  for (const count of rowCounts ?? (quick ? [10_000] : [10_000, 100_000])) {
    const repeat = count <= 10_000 ? 3 : 1;
    const rows = await benchDatabase(count, repeat);
    await benchExports(rows, repeat);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const rows = process.argv.find((arg) => arg.startsWith('--rows='));
  await runListsBench({
    quick: process.argv.includes('--quick'),
    rowCounts: rows ? rows.slice('--rows='.length).split(',').map(Number) : undefined,
  });
}
