/**
 * Import: a CSV or JSON file (typically a teammate's export) back into a list. Columns are matched to
 * fields by header name (custom labels, default labels, ids, common aliases); a bad row is reported with
 * its row number and reason, and every good row is saved — deduplicated against the list like a save,
 * in one transaction. A file that cannot be read at all is refused and writes nothing.
 */
import Papa from 'papaparse';
import type { LassoDb } from './db.ts';
import type { IncomingRow } from './dedup.ts';
import {
  type ColumnId,
  type ColumnSettings,
  columnForHeader,
  DEFAULT_COLUMN_SETTINGS,
} from './export/columns.ts';
import { unguardCell } from './export/formula-guard.ts';
import { JSON_EXPORT_SCHEMA_VERSION } from './export/json.ts';
import type { KnownLinks, ProfileInput } from './model.ts';
import { cleanProfile, cleanText, FIELD_MAX_CHARS } from './normalise.ts';
import { saveIncoming } from './rows.ts';
import { normaliseTagName } from './tags.ts';

/** One row the import could not take, and why. `row` counts as a spreadsheet does (the header is row 1);
 *  for JSON it is the 1-based position in the rows array. */
export interface ImportProblem {
  row: number;
  reason: string;
}

export interface ParsedImport {
  ok: true;
  rows: IncomingRow[];
  rejected: ImportProblem[];
  /** Headers (or JSON keys) that match no column; their values are not imported. */
  ignoredColumns: string[];
}

export type ImportRefusal = {
  ok: false;
  code: 'empty_file' | 'no_name_column' | 'invalid_json' | 'unknown_format' | 'newer_version';
  detail: string;
};

export type ImportResult =
  | { ok: true; added: number; merged: number; rejected: ImportProblem[]; ignoredColumns: string[] }
  | ImportRefusal
  | { ok: false; code: 'list_not_found' | 'quota_exceeded' };

/** Columns whose values an import reads into the row (savedAt/updatedAt are the import's own time). */
type Cells = Partial<Record<ColumnId, string>>;
const LINK_COLUMNS = ['linkedin', 'twitter', 'github', 'website'] as const;
const READ_BUT_UNUSED = new Set<ColumnId>(['savedAt', 'updatedAt']);

/** Splits a tags cell ("a, b; c") into stored tag names. */
export function splitTags(cell: string): string[] {
  return [
    ...new Set(
      cell
        .split(/[,;]/)
        .map(normaliseTagName)
        .filter((t): t is string => t !== undefined),
    ),
  ];
}

/** An incoming row from the cells of one record, or the reason it cannot be one. */
export function incomingFromCells(cells: Cells): IncomingRow | string {
  const links: Record<string, string> = {};
  for (const id of LINK_COLUMNS) if (cells[id]) links[id] = cells[id];
  const profile: ProfileInput = {
    name: cells.name ?? '',
    title: cells.title,
    company: cells.company,
    location: cells.location,
    email: cells.email,
    phone: cells.phone,
    profileUrl: cells.profileUrl,
    imageUrl: cells.imageUrl,
    links: links as KnownLinks,
  };
  if (cells.sourceUrl) profile.source = { url: cells.sourceUrl };
  const { sourceUrl, sourceMethod: _m, ...fields } = cleanProfile(profile);
  if (!fields.name) return 'no name';
  const item: IncomingRow = {
    fields,
    tags: splitTags(cells.tags ?? ''),
    note: cleanText(cells.note, FIELD_MAX_CHARS.note) ?? '',
  };
  if (sourceUrl) item.sourceUrl = sourceUrl;
  return item;
}

/** The delimiter of a CSV, judged from its header line: the most frequent of , ; tab outside quotes. */
export function detectDelimiter(text: string): ',' | ';' | '\t' {
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) break;
    else if (!quoted && char in counts) counts[char as keyof typeof counts] += 1;
  }
  const best = (Object.entries(counts) as Array<[',' | ';' | '\t', number]>).sort((a, b) => b[1] - a[1])[0]!;
  return best[1] > 0 ? best[0] : ',';
}

function quoteProblems(errors: Papa.ParseError[]): Map<number, string> {
  const out = new Map<number, string>();
  for (const error of errors) {
    if (error.type !== 'Quotes' || error.row === undefined || out.has(error.row)) continue;
    out.set(
      error.row,
      error.code === 'MissingQuotes'
        ? 'a quoted field is never closed, so the rest of the file could not be read'
        : 'a quote inside a field is not doubled',
    );
  }
  return out;
}

/** The cells of one CSV record by column (the first column of a name wins; guard quotes removed). */
function cellsOfRecord(record: readonly string[], mapping: ReadonlyArray<ColumnId | undefined>): Cells {
  const cells: Cells = {};
  mapping.forEach((id, j) => {
    if (id && !READ_BUT_UNUSED.has(id) && cells[id] === undefined) cells[id] = unguardCell(record[j] ?? '');
  });
  return cells;
}

/** Reads a CSV file into incoming rows, without touching the database. */
export function parseCsvImport(
  text: string,
  settings: ColumnSettings = DEFAULT_COLUMN_SETTINGS,
): ParsedImport | ImportRefusal {
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') return { ok: false, code: 'empty_file', detail: 'The file is empty.' };
  const parsed = Papa.parse<string[]>(body, {
    header: false,
    delimiter: detectDelimiter(body),
    skipEmptyLines: false,
  });
  const [header = [], ...records] = parsed.data;
  const mapping = header.map((name) => columnForHeader(unguardCell(name.trim()), settings));
  if (!mapping.includes('name')) {
    return {
      ok: false,
      code: 'no_name_column',
      detail: 'No column is called Name (or Full name), so no row has a name.',
    };
  }
  const ignoredColumns = header.filter((name, i) => mapping[i] === undefined && name.trim() !== '');
  const broken = quoteProblems(parsed.errors);
  const rows: IncomingRow[] = [];
  const rejected: ImportProblem[] = [];
  for (const [i, record] of records.entries()) {
    const rowNumber = i + 2;
    const problem = broken.get(i + 1);
    if (problem) {
      rejected.push({ row: rowNumber, reason: problem });
    } else if (record.length !== header.length && !record.every((cell) => cell.trim() === '')) {
      rejected.push({
        row: rowNumber,
        reason: `has ${record.length} fields where the header has ${header.length}`,
      });
    } else if (!record.every((cell) => cell.trim() === '')) {
      const item = incomingFromCells(cellsOfRecord(record, mapping));
      if (typeof item === 'string') rejected.push({ row: rowNumber, reason: item });
      else rows.push(item);
    }
  }
  return { ok: true, rows, rejected, ignoredColumns };
}

/** The rows array of a JSON file: a Lasso export, or a bare array of row or profile objects. */
function jsonRows(doc: unknown): unknown[] | ImportRefusal {
  if (Array.isArray(doc)) return doc;
  if (doc && typeof doc === 'object') {
    const object = doc as { format?: unknown; schemaVersion?: unknown; rows?: unknown };
    if (object.format === 'lasso-backup') {
      return {
        ok: false,
        code: 'unknown_format',
        detail: 'This is a Lasso backup: restore it from Settings.',
      };
    }
    if (typeof object.schemaVersion === 'number' && object.schemaVersion > JSON_EXPORT_SCHEMA_VERSION) {
      return {
        ok: false,
        code: 'newer_version',
        detail: `The file was written by a newer Lasso (schema ${object.schemaVersion}); update the extension.`,
      };
    }
    if (Array.isArray(object.rows)) return object.rows;
  }
  return { ok: false, code: 'unknown_format', detail: 'Expected an array of rows, or a Lasso JSON export.' };
}

/** The cells of one JSON row object, or why it cannot be read. */
function cellsFromObject(value: unknown, settings: ColumnSettings, ignored: Set<string>): Cells | string {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return 'is not an object';
  const cells: Cells = {};
  for (const [key, raw] of Object.entries(value)) {
    if (raw === null || raw === undefined) continue;
    if (key === 'links' && typeof raw === 'object' && !Array.isArray(raw)) {
      for (const [linkKey, url] of Object.entries(raw)) {
        if (typeof url !== 'string') return `link "${linkKey}" is not text`;
        const id = columnForHeader(linkKey, settings);
        if (id && (LINK_COLUMNS as readonly string[]).includes(id)) cells[id] ??= url;
      }
      continue;
    }
    if (key === 'source' && typeof raw === 'object' && !Array.isArray(raw)) {
      const url = (raw as { url?: unknown }).url;
      if (typeof url === 'string') cells.sourceUrl ??= url;
      continue;
    }
    const id = columnForHeader(key, settings);
    if (!id) {
      ignored.add(key);
      continue;
    }
    if (READ_BUT_UNUSED.has(id)) continue;
    if (id === 'tags' && Array.isArray(raw)) {
      if (!raw.every((t) => typeof t === 'string')) return 'tags are not all text';
      cells.tags = raw.join(',');
    } else if (typeof raw === 'string' || typeof raw === 'number') {
      cells[id] = String(raw);
    } else {
      return `field "${key}" is not text`;
    }
  }
  return cells;
}

/** Reads a JSON file into incoming rows, without touching the database. */
export function parseJsonImport(
  text: string,
  settings: ColumnSettings = DEFAULT_COLUMN_SETTINGS,
): ParsedImport | ImportRefusal {
  if (text.trim() === '') return { ok: false, code: 'empty_file', detail: 'The file is empty.' };
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return {
      ok: false,
      code: 'invalid_json',
      detail: `The file is not valid JSON: ${(error as Error).message}`,
    };
  }
  const items = jsonRows(doc);
  if (!Array.isArray(items)) return items;
  const ignored = new Set<string>();
  const rows: IncomingRow[] = [];
  const rejected: ImportProblem[] = [];
  items.forEach((value, i) => {
    const cells = cellsFromObject(value, settings, ignored);
    const item = typeof cells === 'string' ? cells : incomingFromCells(cells);
    if (typeof item === 'string') rejected.push({ row: i + 1, reason: item });
    else rows.push(item);
  });
  return { ok: true, rows, rejected, ignoredColumns: [...ignored] };
}

async function saveParsed(
  db: LassoDb,
  listId: string,
  parsed: ParsedImport | ImportRefusal,
  now: number | undefined,
): Promise<ImportResult> {
  if (!parsed.ok) return parsed;
  const saved = await saveIncoming(db, listId, parsed.rows, { now });
  if (!saved.ok) return saved;
  return {
    ok: true,
    added: saved.added,
    merged: saved.merged,
    rejected: parsed.rejected,
    ignoredColumns: parsed.ignoredColumns,
  };
}

/**
 * Imports a CSV file into a list.
 * @example const result = await importCsv(db, listId, await file.text(), { settings });
 */
export async function importCsv(
  db: LassoDb,
  listId: string,
  text: string,
  opts: { settings?: ColumnSettings; now?: number } = {},
): Promise<ImportResult> {
  return saveParsed(db, listId, parseCsvImport(text, opts.settings), opts.now);
}

/** Imports a JSON file (a Lasso export, or an array of rows or extracted profiles) into a list. */
export async function importJson(
  db: LassoDb,
  listId: string,
  text: string,
  opts: { settings?: ColumnSettings; now?: number } = {},
): Promise<ImportResult> {
  return saveParsed(db, listId, parseJsonImport(text, opts.settings), opts.now);
}
