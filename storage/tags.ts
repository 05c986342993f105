/**
 * Tags: a name and a colour. Rows carry tag names (a multi-entry index filters by them), so renaming or
 * deleting a tag rewrites the rows that carry it, in the same transaction.
 */
import { allCounts, tagCountKey } from './counts.ts';
import type { LassoDb } from './db.ts';
import type { TagRecord } from './model.ts';

export const TAG_MAX_CHARS = 50;

/** Colours given to new tags in turn (readable with dark text and with light text). */
export const TAG_PALETTE = [
  '#2563eb',
  '#16a34a',
  '#d97706',
  '#dc2626',
  '#7c3aed',
  '#0891b2',
  '#db2777',
  '#65a30d',
  '#475569',
  '#ea580c',
] as const;

/**
 * The tag name as stored: trimmed, spaces collapsed, no commas (exports write tags as a comma list),
 * at most 50 characters; undefined when nothing is left.
 */
export function normaliseTagName(name: string): string | undefined {
  const cleaned = name
    .replace(/[,\s]+/g, ' ')
    .trim()
    .slice(0, TAG_MAX_CHARS)
    .trim();
  return cleaned === '' ? undefined : cleaned;
}

/** The palette colour for a new tag name (stable: a name always starts with the same colour). */
export function defaultTagColour(name: string): string {
  let hash = 0;
  for (const char of name.toLowerCase()) hash = (hash * 31 + char.codePointAt(0)!) >>> 0;
  return TAG_PALETTE[hash % TAG_PALETTE.length]!;
}

/**
 * The stored spelling of each tag name, creating the tags that do not exist yet. "java" finds an
 * existing "Java". Call it inside a transaction that includes `db.tags`.
 */
export async function ensureTags(db: LassoDb, names: readonly string[], now: number): Promise<string[]> {
  const wanted = names.map(normaliseTagName).filter((n): n is string => n !== undefined);
  if (wanted.length === 0) return [];
  const existing = await db.tags.toArray();
  const byLower = new Map(existing.map((tag) => [tag.name.toLowerCase(), tag.name]));
  const created: TagRecord[] = [];
  const out: string[] = [];
  for (const name of wanted) {
    let stored = byLower.get(name.toLowerCase());
    if (!stored) {
      stored = name;
      byLower.set(name.toLowerCase(), name);
      created.push({ name, colour: defaultTagColour(name), createdAt: now });
    }
    if (!out.includes(stored)) out.push(stored);
  }
  if (created.length > 0) await db.tags.bulkAdd(created);
  return out;
}

export type TagResult =
  | { ok: true; tag: TagRecord }
  | { ok: false; code: 'empty_name' | 'tag_exists' | 'tag_not_found' };

/** Creates a tag (or answers `tag_exists` when one with that name, in any case, exists). */
export async function createTag(
  db: LassoDb,
  name: string,
  opts: { colour?: string; now?: number } = {},
): Promise<TagResult> {
  const clean = normaliseTagName(name);
  if (!clean) return { ok: false, code: 'empty_name' };
  return db.transaction('rw', db.tags, async () => {
    const all = await db.tags.toArray();
    if (all.some((tag) => tag.name.toLowerCase() === clean.toLowerCase()))
      return { ok: false, code: 'tag_exists' };
    const tag: TagRecord = {
      name: clean,
      colour: opts.colour ?? defaultTagColour(clean),
      createdAt: opts.now ?? Date.now(),
    };
    await db.tags.add(tag);
    return { ok: true, tag };
  });
}

/** Every tag with the number of rows that carry it (across all lists), by name. */
export async function listTags(db: LassoDb): Promise<Array<TagRecord & { rowCount: number }>> {
  return db.transaction('r', db.tags, db.counts, async () => {
    const tags = await db.tags.toArray();
    const counts = await allCounts(db);
    return tags
      .map((tag) => ({ ...tag, rowCount: counts.get(tagCountKey(tag.name)) ?? 0 }))
      .sort((a, b) => a.name.localeCompare(b.name));
  });
}

/** Sets a tag's colour. */
export async function setTagColour(db: LassoDb, name: string, colour: string): Promise<TagResult> {
  return db.transaction('rw', db.tags, async () => {
    const tag = await db.tags.get(name);
    if (!tag) return { ok: false, code: 'tag_not_found' };
    const next = { ...tag, colour };
    await db.tags.put(next);
    return { ok: true, tag: next };
  });
}

/** Renames a tag on every row that carries it; renaming onto another tag's name merges the two. */
export async function renameTag(
  db: LassoDb,
  from: string,
  to: string,
  opts: { now?: number } = {},
): Promise<TagResult> {
  const clean = normaliseTagName(to);
  if (!clean) return { ok: false, code: 'empty_name' };
  const now = opts.now ?? Date.now();
  return db.transaction('rw', db.tags, db.rows, async () => {
    const tag = await db.tags.get(from);
    if (!tag) return { ok: false, code: 'tag_not_found' };
    const others = (await db.tags.toArray()).filter((t) => t.name !== from);
    const target = others.find((t) => t.name.toLowerCase() === clean.toLowerCase());
    const next: TagRecord = target ?? { ...tag, name: clean };
    await db.tags.delete(from);
    await db.tags.put(next);
    await db.rows
      .where('tags')
      .equals(from)
      .modify((row) => {
        row.tags = [...new Set(row.tags.map((t) => (t === from ? next.name : t)))];
        row.updatedAt = now;
      });
    return { ok: true, tag: next };
  });
}

/** Deletes a tag and takes it off every row; returns how many rows carried it. */
export async function deleteTag(db: LassoDb, name: string, opts: { now?: number } = {}): Promise<number> {
  const now = opts.now ?? Date.now();
  return db.transaction('rw', db.tags, db.rows, async () => {
    await db.tags.delete(name);
    return db.rows
      .where('tags')
      .equals(name)
      .modify((row) => {
        row.tags = row.tags.filter((t) => t !== name);
        row.updatedAt = now;
      });
  });
}
