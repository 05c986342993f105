/**
 * Dedup within a list, as pure functions: which incoming profile is which existing row, and what the
 * merged row looks like. rows.ts looks the candidates up and writes the plan in one transaction.
 *
 * Two rows are one person when they share a profile URL, an email, or a normalised name + company
 * (normalise.ts), tried in that order. A merge only fills what the row lacks: it never overwrites a
 * field, keeps the row's note and tags, and adds the incoming ones.
 */
import type {
  EmailFinding,
  Enrichment,
  FieldProvenance,
  ProfileFields,
  RowRecord,
  StoredRow,
} from './model.ts';
import { PROFILE_TEXT_FIELDS } from './model.ts';
import { type DedupKeys, dedupKeys, FIELD_MAX_CHARS, withDerived } from './normalise.ts';

/** A row arriving in a list: from an extraction, an import, a move or a copy. */
export interface IncomingRow {
  fields: ProfileFields;
  sourceUrl?: string;
  sourceMethod?: string;
  tags: string[];
  note: string;
  /** A move keeps the row's id and savedAt; everything else gets a new id and `now`. */
  id?: string;
  savedAt?: number;
  enrichment?: Enrichment;
  emailFinding?: EmailFinding;
  provenance?: Record<string, FieldProvenance>;
}

export interface MergePlan {
  /** New and changed rows, to put in one go. */
  writes: RowRecord[];
  added: number;
  /** Incoming rows that were merged into an existing row or into an earlier incoming one. */
  merged: number;
  /** For each incoming row, the id of the row it became or joined. */
  rowIds: string[];
}

type Keys = DedupKeys;
const KEY_NAMES = ['keyUrl', 'keyEmail', 'keyNameCompany'] as const;

// Keys are computed once per incoming profile, though both the lookup and the plan need them.
const keyCache = new WeakMap<ProfileFields, Keys>();

/** The dedup keys of incoming fields (memoised per fields object). */
function keysOf(fields: ProfileFields): Keys {
  let keys = keyCache.get(fields);
  if (!keys) {
    keys = dedupKeys(fields);
    keyCache.set(fields, keys);
  }
  return keys;
}

/** The rows of one list by dedup key; later rows never take a key from an earlier one. */
class KeyIndex {
  readonly rows = new Map<string, RowRecord>();
  private readonly byKey = {
    keyUrl: new Map<string, string>(),
    keyEmail: new Map(),
    keyNameCompany: new Map(),
  };

  put(row: RowRecord): void {
    this.rows.set(row.id, row);
    for (const name of KEY_NAMES) {
      const key = row[name];
      if (key && !this.byKey[name].has(key)) this.byKey[name].set(key, row.id);
    }
  }

  find(keys: Keys): RowRecord | undefined {
    for (const name of KEY_NAMES) {
      const key = keys[name];
      const id = key ? this.byKey[name].get(key) : undefined;
      if (id) return this.rows.get(id);
    }
    return undefined;
  }
}

/**
 * Plans bringing `incoming` into list `listId`, whose rows matching any incoming key are `candidates`.
 * @example planMerge([], [{ fields: { name: 'Ada' }, tags: [], note: '' }], ctx) // { added: 1, merged: 0, … }
 */
export function planMerge(
  candidates: readonly RowRecord[],
  incoming: readonly IncomingRow[],
  ctx: { listId: string; now: number; newId: () => string },
): MergePlan {
  const index = new KeyIndex();
  for (const row of candidates) index.put(row);
  const writes = new Map<string, RowRecord>();
  const rowIds: string[] = [];
  let added = 0;
  let merged = 0;
  for (const item of incoming) {
    const keys = keysOf(item.fields);
    const target = index.find(keys);
    if (target) {
      const next = mergeRow(target, item, ctx.now);
      if (next !== target) {
        index.put(next);
        writes.set(next.id, next);
      }
      merged += 1;
      rowIds.push(target.id);
    } else {
      const row = newRow(item, keys, ctx);
      index.put(row);
      writes.set(row.id, row);
      added += 1;
      rowIds.push(row.id);
    }
  }
  return { writes: [...writes.values()], added, merged, rowIds };
}

function newRow(
  item: IncomingRow,
  keys: Keys,
  ctx: { listId: string; now: number; newId: () => string },
): RowRecord {
  const row: StoredRow = {
    ...item.fields,
    id: item.id ?? ctx.newId(),
    listId: ctx.listId,
    tags: [...new Set(item.tags)],
    note: item.note,
    savedAt: item.savedAt ?? ctx.now,
    updatedAt: ctx.now,
  };
  if (item.sourceUrl) row.sourceUrl = item.sourceUrl;
  if (item.sourceMethod) row.sourceMethod = item.sourceMethod;
  if (item.enrichment) row.enrichment = item.enrichment;
  if (item.emailFinding) row.emailFinding = item.emailFinding;
  if (item.provenance) row.provenance = item.provenance;
  return withDerived(row, keys);
}

/**
 * `fields` added to `row` where the row has no value yet (links key by key); returns the filled row
 * and the names of the fields it filled. Never overwrites.
 */
export function fillMissing<T extends ProfileFields>(
  row: T,
  fields: ProfileFields,
): { row: T; filled: string[] } {
  const next = { ...row };
  const filled: string[] = [];
  for (const field of PROFILE_TEXT_FIELDS) {
    const value = fields[field];
    if (value && !next[field]) {
      next[field] = value;
      filled.push(field);
    }
  }
  for (const [key, url] of Object.entries(fields.links ?? {})) {
    if (next.links?.[key]) continue;
    next.links = { ...next.links, [key]: url };
    filled.push(`links.${key}`);
  }
  return { row: next, filled };
}

/** Appends `extra` to `note` unless the note already says it. */
export function joinNotes(note: string, extra: string): string {
  if (!extra || note.includes(extra)) return note;
  const joined = note ? `${note}\n\n${extra}` : extra;
  return joined.slice(0, FIELD_MAX_CHARS.note);
}

/** `row` with `item` merged in, or `row` itself when nothing changed. */
export function mergeRow(row: RowRecord, item: IncomingRow, now: number): RowRecord {
  const { row: next, filled } = fillMissing(row, item.fields);
  let changed = filled.length > 0;
  const tags = [...new Set([...row.tags, ...item.tags])];
  if (tags.length !== row.tags.length) {
    next.tags = tags;
    changed = true;
  }
  const note = joinNotes(row.note, item.note);
  if (note !== row.note) {
    next.note = note;
    changed = true;
  }
  for (const field of ['sourceUrl', 'sourceMethod', 'enrichment', 'emailFinding'] as const) {
    if (item[field] !== undefined && next[field] === undefined) {
      (next as unknown as Record<string, unknown>)[field] = item[field];
      changed = true;
    }
  }
  // The provenance of each field travels with the value: only for the fields this merge filled.
  const origins = filled.flatMap((field) => {
    const origin = item.provenance?.[field];
    return origin ? [[field, origin] as const] : [];
  });
  if (origins.length > 0) next.provenance = { ...row.provenance, ...Object.fromEntries(origins) };
  return changed ? withDerived({ ...next, updatedAt: now }) : row;
}

/** Every dedup key of the incoming rows, per kind: what to look up among the list's rows. */
export function incomingKeys(
  incoming: readonly IncomingRow[],
): Record<(typeof KEY_NAMES)[number], Set<string>> {
  const out = { keyUrl: new Set<string>(), keyEmail: new Set<string>(), keyNameCompany: new Set<string>() };
  for (const item of incoming) {
    const keys = keysOf(item.fields);
    for (const name of KEY_NAMES) {
      const key = keys[name];
      if (key) out[name].add(key);
    }
  }
  return out;
}
