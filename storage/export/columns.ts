/**
 * The columns a list can show and export, the user's column settings (which are visible, in what order,
 * and custom header labels — one global setting), and how a row becomes cells.
 */
import type { ProfileTextField, RowRecord } from '../model.ts';
import { foldText } from '../normalise.ts';

export const COLUMN_IDS = [
  'name',
  'title',
  'company',
  'location',
  'email',
  'phone',
  'profileUrl',
  'linkedin',
  'twitter',
  'github',
  'website',
  'imageUrl',
  'tags',
  'note',
  'sourceUrl',
  'savedAt',
  'updatedAt',
] as const;
export type ColumnId = (typeof COLUMN_IDS)[number];

export type ColumnKind = 'text' | 'url' | 'email' | 'tags' | 'date';

export interface ColumnDef {
  id: ColumnId;
  /** The header when the user has not set one. */
  label: string;
  kind: ColumnKind;
  /** A starting width, in characters, for spreadsheets. */
  widthChars: number;
  visibleByDefault: boolean;
  /** Other headers an imported file may use for this column. */
  aliases: readonly string[];
}

export const COLUMNS: Readonly<Record<ColumnId, ColumnDef>> = {
  name: col('name', 'Name', 'text', 24, true, ['full name', 'person', 'contact', 'contact name']),
  title: col('title', 'Title', 'text', 28, true, ['job title', 'position', 'role', 'headline']),
  company: col('company', 'Company', 'text', 22, true, [
    'organisation',
    'organization',
    'employer',
    'company name',
  ]),
  location: col('location', 'Location', 'text', 18, true, ['city', 'place', 'region']),
  email: col('email', 'Email', 'email', 28, true, ['e-mail', 'email address', 'mail']),
  phone: col('phone', 'Phone', 'text', 16, true, ['telephone', 'phone number', 'mobile', 'tel']),
  profileUrl: col('profileUrl', 'Profile URL', 'url', 36, true, ['profile', 'url', 'profile link']),
  linkedin: col('linkedin', 'LinkedIn', 'url', 32, true, ['linkedin url', 'linkedin profile']),
  twitter: col('twitter', 'X (Twitter)', 'url', 28, false, ['twitter', 'x', 'twitter url']),
  github: col('github', 'GitHub', 'url', 28, false, ['github url']),
  website: col('website', 'Website', 'url', 28, false, ['web', 'homepage', 'site', 'web site']),
  imageUrl: col('imageUrl', 'Photo URL', 'url', 28, false, [
    'photo',
    'image',
    'avatar',
    'picture',
    'image url',
  ]),
  tags: col('tags', 'Tags', 'tags', 20, true, ['tag', 'labels']),
  note: col('note', 'Note', 'text', 40, true, ['notes', 'comment', 'comments']),
  sourceUrl: col('sourceUrl', 'Source URL', 'url', 36, true, ['source', 'source page', 'page']),
  savedAt: col('savedAt', 'Saved at', 'date', 20, true, ['saved', 'date saved']),
  updatedAt: col('updatedAt', 'Updated at', 'date', 20, false, ['updated', 'last updated']),
};

function col(
  id: ColumnId,
  label: string,
  kind: ColumnKind,
  widthChars: number,
  visibleByDefault: boolean,
  aliases: readonly string[],
): ColumnDef {
  return { id, label, kind, widthChars, visibleByDefault, aliases };
}

export function isColumnId(value: unknown): value is ColumnId {
  return typeof value === 'string' && (COLUMN_IDS as readonly string[]).includes(value);
}

/** Column visibility and order, and custom export headers. */
export interface ColumnSettings {
  /** Visible columns, in display and export order. */
  visible: ColumnId[];
  /** Custom header labels; a column without one uses its default label. */
  headerLabels: Partial<Record<ColumnId, string>>;
}

export const HEADER_LABEL_MAX_CHARS = 100;

export const DEFAULT_COLUMN_SETTINGS: ColumnSettings = {
  visible: COLUMN_IDS.filter((id) => COLUMNS[id].visibleByDefault),
  headerLabels: {},
};

/** Any stored or submitted value as valid settings: unknown columns dropped, empty labels removed. */
export function normaliseColumnSettings(value: unknown): ColumnSettings {
  const input = (value && typeof value === 'object' ? value : {}) as {
    visible?: unknown;
    headerLabels?: unknown;
  };
  const visible = Array.isArray(input.visible) ? [...new Set(input.visible.filter(isColumnId))] : [];
  const headerLabels: Partial<Record<ColumnId, string>> = {};
  if (input.headerLabels && typeof input.headerLabels === 'object') {
    for (const [id, label] of Object.entries(input.headerLabels)) {
      if (!isColumnId(id) || typeof label !== 'string') continue;
      const clean = label.replace(/\s+/g, ' ').trim().slice(0, HEADER_LABEL_MAX_CHARS);
      if (clean && clean !== COLUMNS[id].label) headerLabels[id] = clean;
    }
  }
  return { visible: visible.length > 0 ? visible : [...DEFAULT_COLUMN_SETTINGS.visible], headerLabels };
}

export interface ExportColumn {
  id: ColumnId;
  header: string;
  kind: ColumnKind;
  widthChars: number;
}

/** The columns an export writes, in order, with their headers. */
export function exportColumns(settings: ColumnSettings = DEFAULT_COLUMN_SETTINGS): ExportColumn[] {
  return settings.visible.map((id) => ({
    id,
    header: settings.headerLabels[id] ?? COLUMNS[id].label,
    kind: COLUMNS[id].kind,
    widthChars: COLUMNS[id].widthChars,
  }));
}

/** The links that have a column of their own. */
type LinkColumn = 'linkedin' | 'twitter' | 'github' | 'website';

/**
 * What an export reads of a row: the fields behind the columns, plus the id and savedAt that order it.
 * Every RowRecord is one; the export chunks (export-chunks.ts) keep just this much of each row.
 */
export type ExportRow = Pick<
  RowRecord,
  'id' | 'tags' | 'note' | 'sourceUrl' | 'savedAt' | 'updatedAt' | ProfileTextField
> & { links?: Partial<Record<LinkColumn, string>> };

/** A timestamp as exports write it: ISO 8601 in UTC, e.g. 2025-03-01T09:30:00.000Z. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

/** A row's value for a column, typed: tags as an array, dates as epoch ms, the rest as text or undefined. */
export function columnValue(row: ExportRow, id: ColumnId): string | number | string[] | undefined {
  switch (id) {
    case 'linkedin':
    case 'twitter':
    case 'github':
    case 'website':
      return row.links?.[id];
    default:
      return row[id];
  }
}

/** A row's value for a column as one cell of text: tags joined with ", ", dates in ISO 8601, '' if none. */
export function cellText(row: ExportRow, column: Pick<ExportColumn, 'id' | 'kind'>): string {
  const value = columnValue(row, column.id);
  if (value === undefined) return '';
  if (Array.isArray(value)) return value.join(', ');
  if (typeof value === 'number') return isoTime(value);
  return value;
}

/**
 * A fast reader of one column's cell text, for exporting many rows: the same text as `cellText`.
 * Rows saved together share savedAt, so the last date formatted is remembered.
 */
export function cellReader(column: Pick<ExportColumn, 'id' | 'kind'>): (row: ExportRow) => string {
  const id = column.id;
  switch (id) {
    case 'linkedin':
    case 'twitter':
    case 'github':
    case 'website':
      return (row) => row.links?.[id] ?? '';
    case 'tags':
      return (row) => row.tags.join(', ');
    case 'savedAt':
    case 'updatedAt': {
      let lastMs = Number.NaN;
      let lastText = '';
      return (row) => {
        const ms = row[id];
        if (ms !== lastMs) {
          lastMs = ms;
          lastText = isoTime(ms);
        }
        return lastText;
      };
    }
    default:
      return (row) => row[id] ?? '';
  }
}

/** How a header compares with a column's names when importing: "Profile URL" = "profile_url" = "profileUrl". */
export function headerKey(header: string): string {
  return foldText(header).replace(/[^\p{L}\p{N}]+/gu, '');
}

/**
 * Which column an imported header means: its custom label, its default label, its id or an alias.
 * @example columnForHeader('E-mail address') // 'email'
 */
export function columnForHeader(
  header: string,
  settings: ColumnSettings = DEFAULT_COLUMN_SETTINGS,
): ColumnId | undefined {
  const key = headerKey(header);
  if (key === '') return undefined;
  for (const id of COLUMN_IDS) {
    const custom = settings.headerLabels[id];
    if (custom && headerKey(custom) === key) return id;
  }
  for (const id of COLUMN_IDS) {
    const def = COLUMNS[id];
    if ([def.label, def.id, ...def.aliases].some((name) => headerKey(name) === key)) return id;
  }
  return undefined;
}
