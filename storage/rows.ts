/**
 * Rows: the people saved in lists. Every function is one user action and one Dexie transaction:
 * save an extraction (deduplicated within the list), move, copy, delete (undoable), edit a field or a
 * note, add or remove tags in bulk. Dedup rules are in dedup.ts; field cleaning in normalise.ts.
 */
import { listRowCount } from './counts.ts';
import type { LassoDb } from './db.ts';
import { fillMissing, type IncomingRow, incomingKeys, type MergePlan, planMerge } from './dedup.ts';
import { newId } from './ids.ts';
import { rowsOfList } from './lists.ts';
import type { ProfileFields, ProfileInput, RowRecord } from './model.ts';
import { cleanLinks, cleanProfile, cleanText, cleanUrl, FIELD_MAX_CHARS, withDerived } from './normalise.ts';
import { reportingQuota } from './quota.ts';
import { ensureTags } from './tags.ts';
import { moveToTrash, type RestoreResult, restoreFromTrash } from './trash.ts';

export type {
  EmailFinding,
  Enrichment,
  KnownLinks,
  ProfileFields,
  ProfileInput,
  RowRecord,
  StoredRow,
} from './model.ts';

export type SaveResult =
  | {
      ok: true;
      added: number;
      /** Profiles that matched a row already in the list (or an earlier profile of the same save). */
      merged: number;
      /** Profiles dropped because they had no name. */
      skipped: number;
      /** For each saved profile (skipped ones left out), the id of its row. */
      rowIds: string[];
    }
  | { ok: false; code: 'list_not_found' | 'quota_exceeded' };

/** The profile fields of a row (what a move or copy carries into another list). */
function fieldsOf(row: RowRecord): ProfileFields {
  const fields: ProfileFields = { name: row.name };
  for (const key of ['title', 'company', 'location', 'email', 'phone', 'profileUrl', 'imageUrl'] as const) {
    if (row[key]) fields[key] = row[key];
  }
  if (row.links) fields.links = { ...row.links };
  return fields;
}

/**
 * Reading a whole list costs about a tenth of a key lookup per row (measured with fake-indexeddb; an
 * IndexedDB range read is likewise far cheaper per row than a separate get), so a save with many keys
 * against a small list reads the list, and a few keys against a big list look each key up.
 */
const LIST_READ_ROWS_PER_KEY = 10;

/** Rows of `listId` sharing a dedup key with any incoming row (and possibly others: planMerge decides). */
async function findCandidates(
  db: LassoDb,
  listId: string,
  incoming: readonly IncomingRow[],
): Promise<RowRecord[]> {
  // The counts table is in the scope of every readwrite transaction over rows (counts.ts).
  const listSize = await listRowCount(db, listId);
  if (listSize === 0) return [];
  const keys = incomingKeys(incoming);
  const keyCount = keys.keyUrl.size + keys.keyEmail.size + keys.keyNameCompany.size;
  if (keyCount === 0) return [];
  if (listSize <= keyCount * LIST_READ_ROWS_PER_KEY) return rowsOfList(db, listId).toArray();
  // One equality lookup per key: Dexie's anyOf() walks the index with cursor.continue(key), which
  // some IndexedDB implementations (fake-indexeddb) make linear per step.
  const lookups = (['keyUrl', 'keyEmail', 'keyNameCompany'] as const).flatMap((name) =>
    [...keys[name]].map((key) => db.rows.where(`[listId+${name}]`).equals([listId, key]).toArray()),
  );
  const byId = new Map<string, RowRecord>();
  for (const rows of await Promise.all(lookups)) for (const row of rows) byId.set(row.id, row);
  return [...byId.values()];
}

/** Dedups `incoming` against the list and writes the result. Call inside a rw transaction over rows and lists. */
async function bringIntoList(
  db: LassoDb,
  listId: string,
  incoming: IncomingRow[],
  now: number,
): Promise<MergePlan> {
  const candidates = await findCandidates(db, listId, incoming);
  const fresh = new Set<string>();
  const freshId = () => {
    const id = newId('row');
    fresh.add(id);
    return id;
  };
  const plan = planMerge(candidates, incoming, { listId, now, newId: freshId });
  // New rows are added rather than put: an add replaces nothing, so the row counts (counts.ts) need
  // not read what it replaces — a read per row, most of a big save.
  const added = plan.writes.filter((row) => fresh.has(row.id));
  const replaced = plan.writes.filter((row) => !fresh.has(row.id));
  if (added.length > 0) await db.rows.bulkAdd(added);
  if (replaced.length > 0) await db.rows.bulkPut(replaced);
  await db.lists.update(listId, { updatedAt: now });
  return plan;
}

/**
 * Saves an extraction to a list in one transaction: profiles already in the list (same profile URL,
 * email, or name + company) are merged into their row, filling only missing fields; `tags` and `note`
 * go on every saved row. A full disk answers `quota_exceeded`, and nothing of this save is written.
 */
export async function saveProfiles(
  db: LassoDb,
  listId: string,
  profiles: readonly ProfileInput[],
  opts: { tags?: readonly string[]; note?: string; now?: number } = {},
): Promise<SaveResult> {
  const now = opts.now ?? Date.now();
  const note = cleanText(opts.note, FIELD_MAX_CHARS.note) ?? '';
  const cleaned = profiles.map((p) => cleanProfile(p)).filter((p) => p.name !== '');
  return reportingQuota(() =>
    db.transaction('rw', [db.lists, db.rows, db.tags], async (): Promise<SaveResult> => {
      if (!(await db.lists.get(listId))) return { ok: false, code: 'list_not_found' };
      const tags = await ensureTags(db, opts.tags ?? [], now);
      const incoming = cleaned.map(({ sourceUrl, sourceMethod, ...fields }): IncomingRow => {
        const item: IncomingRow = { fields, tags, note };
        if (sourceUrl) item.sourceUrl = sourceUrl;
        if (sourceMethod) item.sourceMethod = sourceMethod;
        return item;
      });
      const plan = await bringIntoList(db, listId, incoming, now);
      return {
        ok: true,
        added: plan.added,
        merged: plan.merged,
        skipped: profiles.length - cleaned.length,
        rowIds: plan.rowIds,
      };
    }),
  );
}

/** Writes already-cleaned incoming rows (from an import) into a list; see import.ts. */
export async function saveIncoming(
  db: LassoDb,
  listId: string,
  incoming: readonly IncomingRow[],
  opts: { now?: number } = {},
): Promise<SaveResult> {
  const now = opts.now ?? Date.now();
  return reportingQuota(() =>
    db.transaction('rw', [db.lists, db.rows, db.tags], async (): Promise<SaveResult> => {
      if (!(await db.lists.get(listId))) return { ok: false, code: 'list_not_found' };
      const tagNames = [...new Set(incoming.flatMap((item) => item.tags))];
      const stored = await ensureTags(db, tagNames, now);
      const spelling = new Map(stored.map((name) => [name.toLowerCase(), name]));
      const items = incoming.map((item) => ({
        ...item,
        tags: item.tags.map((t) => spelling.get(t.toLowerCase()) ?? t),
      }));
      const plan = await bringIntoList(db, listId, items, now);
      return { ok: true, added: plan.added, merged: plan.merged, skipped: 0, rowIds: plan.rowIds };
    }),
  );
}

export type TransferResult =
  | { ok: true; added: number; merged: number }
  | { ok: false; code: 'list_not_found' | 'quota_exceeded' };

async function transferRows(
  db: LassoDb,
  ids: readonly string[],
  toListId: string,
  mode: 'move' | 'copy',
  now: number,
): Promise<TransferResult> {
  return reportingQuota(() =>
    db.transaction('rw', [db.lists, db.rows], async (): Promise<TransferResult> => {
      if (!(await db.lists.get(toListId))) return { ok: false, code: 'list_not_found' };
      const rows = (await db.rows.bulkGet([...ids])).filter(
        (row): row is RowRecord => row !== undefined && row.listId !== toListId,
      );
      const incoming = rows.map((row): IncomingRow => {
        const item: IncomingRow = { fields: fieldsOf(row), tags: row.tags, note: row.note };
        for (const key of [
          'sourceUrl',
          'sourceMethod',
          'enrichment',
          'emailFinding',
          'provenance',
        ] as const) {
          if (row[key] !== undefined) (item as unknown as Record<string, unknown>)[key] = row[key];
        }
        if (mode === 'move') {
          item.id = row.id;
          item.savedAt = row.savedAt;
        }
        return item;
      });
      const plan = await bringIntoList(db, toListId, incoming, now);
      if (mode === 'move') {
        // A moved row that joined a row already in the target list leaves its old list.
        const absorbed = rows.filter((row, i) => plan.rowIds[i] !== row.id).map((row) => row.id);
        await db.rows.bulkDelete(absorbed);
        const fromLists = [...new Set(rows.map((row) => row.listId))];
        await Promise.all(fromLists.map((id) => db.lists.update(id, { updatedAt: now })));
      }
      return { ok: true, added: plan.added, merged: plan.merged };
    }),
  );
}

/**
 * Moves rows to another list, keeping their ids, notes, tags and savedAt; a row whose person is
 * already in the target list is merged into that row. Rows already in the target are left alone.
 */
export function moveRows(
  db: LassoDb,
  ids: readonly string[],
  toListId: string,
  opts: { now?: number } = {},
): Promise<TransferResult> {
  return transferRows(db, ids, toListId, 'move', opts.now ?? Date.now());
}

/** Copies rows into another list as new rows (deduplicated against it, like a save). */
export function copyRows(
  db: LassoDb,
  ids: readonly string[],
  toListId: string,
  opts: { now?: number } = {},
): Promise<TransferResult> {
  return transferRows(db, ids, toListId, 'copy', opts.now ?? Date.now());
}

/** Deletes rows in one transaction; `undoDelete(undoToken)` puts them back as they were. */
export async function deleteRows(
  db: LassoDb,
  ids: readonly string[],
  opts: { now?: number } = {},
): Promise<{ deleted: number; undoToken: string }> {
  const now = opts.now ?? Date.now();
  return db.transaction('rw', [db.lists, db.rows, db.trash, db.trashRows], async () => {
    const rows = (await db.rows.bulkGet([...ids])).filter((row): row is RowRecord => row !== undefined);
    const undoToken = await moveToTrash(db, rows, { now });
    return { deleted: rows.length, undoToken };
  });
}

/** Undoes a `deleteRows` or a `deleteList` (see trash.ts). */
export function undoDelete(db: LassoDb, undoToken: string): Promise<RestoreResult> {
  return restoreFromTrash(db, undoToken);
}

/** An inline edit: a new value per field; '' or null clears it (the name cannot be cleared). */
export interface RowPatch {
  name?: string;
  title?: string | null;
  company?: string | null;
  location?: string | null;
  email?: string | null;
  phone?: string | null;
  profileUrl?: string | null;
  imageUrl?: string | null;
  /** Replaces the links; a key set to '' or null is removed. */
  links?: Record<string, string | null>;
  note?: string;
}

export type UpdateResult =
  | { ok: true; row: RowRecord }
  | { ok: false; code: 'row_not_found' | 'empty_name' | 'quota_exceeded' };

/** `row` with `patch` applied and cleaned, or 'empty_name'. Pure. */
export function applyPatch(row: RowRecord, patch: RowPatch, now: number): RowRecord | 'empty_name' {
  const next: RowRecord = { ...row, updatedAt: now };
  if (patch.name !== undefined) {
    const name = cleanText(patch.name, FIELD_MAX_CHARS.name);
    if (!name) return 'empty_name';
    next.name = name;
  }
  for (const field of ['title', 'company', 'location', 'email', 'phone'] as const) {
    if (!(field in patch)) continue;
    const value = cleanText(patch[field], FIELD_MAX_CHARS[field]);
    if (value === undefined) delete next[field];
    else next[field] = value;
  }
  for (const field of ['profileUrl', 'imageUrl'] as const) {
    if (!(field in patch)) continue;
    const value = cleanUrl(patch[field]);
    if (value === undefined) delete next[field];
    else next[field] = value;
  }
  if (patch.links !== undefined) {
    const links = cleanLinks({ ...row.links, ...patch.links });
    if (links) next.links = links;
    else delete next.links;
  }
  if (patch.note !== undefined) next.note = cleanText(patch.note, FIELD_MAX_CHARS.note) ?? '';
  return withDerived(next);
}

/** Edits fields of one row in place (no dedup: an edit never merges rows behind the user's back). */
export async function updateRow(
  db: LassoDb,
  id: string,
  patch: RowPatch,
  opts: { now?: number } = {},
): Promise<UpdateResult> {
  const now = opts.now ?? Date.now();
  return reportingQuota(() =>
    db.transaction('rw', db.rows, async (): Promise<UpdateResult> => {
      const row = await db.rows.get(id);
      if (!row) return { ok: false, code: 'row_not_found' };
      const next = applyPatch(row, patch, now);
      if (next === 'empty_name') return { ok: false, code: 'empty_name' };
      await db.rows.put(next);
      return { ok: true, row: next };
    }),
  );
}

/** Replaces a row's note. */
export function setNote(
  db: LassoDb,
  id: string,
  note: string,
  opts: { now?: number } = {},
): Promise<UpdateResult> {
  return updateRow(db, id, { note }, opts);
}

/** Gives each row `next(row.tags)` and writes the rows whose tags changed; returns how many did. */
async function rewriteTags(
  db: LassoDb,
  ids: readonly string[],
  next: (tags: string[]) => string[],
  now: number,
): Promise<number> {
  const rows = (await db.rows.bulkGet([...ids])).filter((row): row is RowRecord => row !== undefined);
  const changed: RowRecord[] = [];
  for (const row of rows) {
    const tags = next(row.tags);
    const same = tags.length === row.tags.length && tags.every((t, i) => t === row.tags[i]);
    if (!same) changed.push({ ...row, tags, updatedAt: now });
  }
  await db.rows.bulkPut(changed);
  return changed.length;
}

/** Adds tags to many rows at once (creating tags that do not exist); returns how many rows changed. */
export async function addTags(
  db: LassoDb,
  ids: readonly string[],
  tags: readonly string[],
  opts: { now?: number } = {},
): Promise<{ changed: number; tags: string[] }> {
  const now = opts.now ?? Date.now();
  return db.transaction('rw', db.rows, db.tags, async () => {
    const names = await ensureTags(db, tags, now);
    const changed = await rewriteTags(db, ids, (current) => [...new Set([...current, ...names])], now);
    return { changed, tags: names };
  });
}

/** Takes tags off many rows at once (the tags themselves stay); returns how many rows changed. */
export async function removeTags(
  db: LassoDb,
  ids: readonly string[],
  tags: readonly string[],
  opts: { now?: number } = {},
): Promise<{ changed: number }> {
  const now = opts.now ?? Date.now();
  const drop = new Set(tags);
  return db.transaction('rw', db.rows, async () => {
    const changed = await rewriteTags(db, ids, (current) => current.filter((t) => !drop.has(t)), now);
    return { changed };
  });
}

/**
 * Records an enrichment of one row: on success, fills the fields the row lacks from the page's profile
 * (never overwriting); on failure, notes the error. Returns the fields it filled.
 */
export async function applyEnrichment(
  db: LassoDb,
  id: string,
  outcome: { profile: ProfileInput } | { error: string },
  opts: { now?: number } = {},
): Promise<{ ok: true; fieldsAdded: string[] } | { ok: false; code: 'row_not_found' | 'quota_exceeded' }> {
  const now = opts.now ?? Date.now();
  return reportingQuota(() =>
    db.transaction('rw', db.rows, async () => {
      const row = await db.rows.get(id);
      if (!row) return { ok: false as const, code: 'row_not_found' as const };
      if ('error' in outcome) {
        const error = cleanText(outcome.error, 500) ?? 'unknown error';
        await db.rows.put({ ...row, enrichment: { status: 'failed', at: now, fieldsAdded: [], error } });
        return { ok: true as const, fieldsAdded: [] };
      }
      const { sourceUrl: _s, sourceMethod: _m, ...fields } = cleanProfile(outcome.profile);
      const { row: filled, filled: fieldsAdded } = fillMissing(row, fields);
      const enrichment = { status: 'enriched' as const, at: now, fieldsAdded };
      await db.rows.put(withDerived({ ...filled, enrichment, updatedAt: now }));
      return { ok: true as const, fieldsAdded };
    }),
  );
}

export function getRow(db: LassoDb, id: string): Promise<RowRecord | undefined> {
  return db.rows.get(id);
}
