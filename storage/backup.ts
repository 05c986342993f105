/**
 * Backup and restore: everything (lists, rows with their notes and tags, tags, settings) as one JSON
 * object stamped with the database schema version. A backup from an older version is upgraded with the
 * same record rewrites the database migrations use (db.ts); a newer one is refused. Restore checks the
 * whole file first and writes it in one transaction, so a bad file changes nothing.
 */
import { z } from 'zod';
import { DB_VERSION, type LassoDb, SCHEMA_VERSIONS, type TableName } from './db.ts';
import { isoDate } from './export/file-name.ts';
import type { ListRecord, SettingRecord, StoredRow, TagRecord } from './model.ts';
import { storedRow, withDerived } from './normalise.ts';
import { reportingQuota } from './quota.ts';
import { defaultTagColour } from './tags.ts';

export const BACKUP_FORMAT = 'lasso-backup';

export interface Backup {
  format: typeof BACKUP_FORMAT;
  /** The database schema version the records are in (db.ts DB_VERSION when written). */
  schemaVersion: number;
  exportedAt: string;
  lists: ListRecord[];
  rows: StoredRow[];
  tags: TagRecord[];
  settings: SettingRecord[];
}

const optionalText = z.string().optional();
const ListSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  nameKey: z.string().min(1),
  createdAt: z.number(),
  updatedAt: z.number(),
});
const RowSchema = z.object({
  id: z.string().min(1),
  listId: z.string().min(1),
  name: z.string().min(1),
  title: optionalText,
  company: optionalText,
  location: optionalText,
  email: optionalText,
  phone: optionalText,
  profileUrl: optionalText,
  imageUrl: optionalText,
  links: z.record(z.string(), z.string()).optional(),
  tags: z.array(z.string()),
  note: z.string(),
  sourceUrl: optionalText,
  sourceMethod: optionalText,
  savedAt: z.number(),
  updatedAt: z.number(),
  enrichment: z
    .object({
      status: z.enum(['enriched', 'failed']),
      at: z.number(),
      fieldsAdded: z.array(z.string()),
      error: optionalText,
      finalUrl: optionalText,
    })
    .optional(),
  emailFinding: z
    .object({
      status: z.enum(['valid', 'invalid', 'unknown']),
      at: z.number(),
      verificationId: optionalText,
      email: optionalText,
      checks: z
        .object({ syntax: z.boolean(), mx: z.boolean(), disposable: z.boolean(), role: z.boolean() })
        .optional(),
      reason: optionalText,
    })
    .optional(),
  provenance: z
    .record(z.string(), z.object({ url: z.string(), method: z.string(), at: z.number() }))
    .optional(),
});
const TagSchema = z.object({ name: z.string().min(1), colour: z.string(), createdAt: z.number() });
const SettingSchema = z.object({ key: z.string().min(1), value: z.unknown() });
const BackupSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  schemaVersion: z.number().int().min(1),
  exportedAt: z.string(),
  lists: z.array(ListSchema),
  rows: z.array(RowSchema),
  tags: z.array(TagSchema),
  settings: z.array(SettingSchema),
});

/** Everything in the database, as one object (JSON.stringify it to save the file). */
export async function exportBackup(db: LassoDb, opts: { now?: number } = {}): Promise<Backup> {
  return db.transaction('r', [db.lists, db.rows, db.tags, db.settings], async () => {
    const [lists, rows, tags, settings] = await Promise.all([
      db.lists.toArray(),
      db.rows.toArray(),
      db.tags.toArray(),
      db.settings.toArray(),
    ]);
    return {
      format: BACKUP_FORMAT,
      schemaVersion: DB_VERSION,
      exportedAt: new Date(opts.now ?? Date.now()).toISOString(),
      lists,
      rows: rows.map(storedRow),
      tags,
      settings,
    };
  });
}

/** `lasso-backup-<yyyy-mm-dd>.json` */
export function backupFileName(date: Date): string {
  return `lasso-backup-${isoDate(date)}.json`;
}

export type RestoreBackupResult =
  | { ok: true; lists: number; rows: number; tags: number }
  | { ok: false; code: 'invalid_backup' | 'newer_version' | 'not_empty'; detail: string }
  | { ok: false; code: 'quota_exceeded' };

const UPGRADED_TABLES: Record<string, TableName> = {
  lists: 'lists',
  rows: 'rows',
  tags: 'tags',
  settings: 'settings',
};

/** Applies the record rewrites of every schema version after `from` to a parsed backup. */
export function upgradeBackupRecords(doc: Record<string, unknown>, from: number): Record<string, unknown> {
  const out = { ...doc };
  for (const schema of SCHEMA_VERSIONS) {
    if (schema.version <= from || !schema.upgradeRecords) continue;
    for (const [key, table] of Object.entries(UPGRADED_TABLES)) {
      const rewrite = schema.upgradeRecords[table];
      if (rewrite && Array.isArray(out[key])) out[key] = (out[key] as Record<string, unknown>[]).map(rewrite);
    }
  }
  return { ...out, schemaVersion: DB_VERSION };
}

function invalid(detail: string): RestoreBackupResult {
  return { ok: false, code: 'invalid_backup', detail };
}

/** Checks a parsed backup file, upgrading older versions; the backup or why it cannot be restored. */
export function checkBackup(data: unknown): Backup | RestoreBackupResult {
  if (!data || typeof data !== 'object') return invalid('The file is not a Lasso backup.');
  const version = (data as { schemaVersion?: unknown }).schemaVersion;
  if (typeof version === 'number' && version > DB_VERSION) {
    return {
      ok: false,
      code: 'newer_version',
      detail: `The backup was written by a newer Lasso (schema ${version}, this one reads up to ${DB_VERSION}).`,
    };
  }
  const upgraded =
    typeof version === 'number' ? upgradeBackupRecords(data as Record<string, unknown>, version) : data;
  const parsed = BackupSchema.safeParse(upgraded);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return invalid(`The file is not a valid Lasso backup (${issue?.path.join('.')}: ${issue?.message}).`);
  }
  const backup = parsed.data as Backup;
  const listIds = new Set(backup.lists.map((list) => list.id));
  if (listIds.size !== backup.lists.length) return invalid('Two lists share an id.');
  if (new Set(backup.lists.map((list) => list.nameKey)).size !== backup.lists.length) {
    return invalid('Two lists share a name.');
  }
  const orphan = backup.rows.find((row) => !listIds.has(row.listId));
  if (orphan) return invalid(`Row ${orphan.id} belongs to no list in the backup.`);
  if (new Set(backup.rows.map((row) => row.id)).size !== backup.rows.length)
    return invalid('Two rows share an id.');
  return backup;
}

/**
 * Restores a backup. Into an empty database by default; with `replace: true` it first deletes
 * everything (lists, rows, tags, settings, trash) — in the same transaction, so a failure keeps the old data.
 */
export async function restoreBackup(
  db: LassoDb,
  data: unknown,
  opts: { replace?: boolean; now?: number } = {},
): Promise<RestoreBackupResult> {
  const backup = checkBackup(data);
  if ('ok' in backup) return backup;
  const now = opts.now ?? Date.now();
  const tables = [db.lists, db.rows, db.tags, db.settings, db.trash, db.trashRows];
  return reportingQuota(() =>
    db.transaction('rw', tables, async (): Promise<RestoreBackupResult> => {
      if (opts.replace) {
        await Promise.all(tables.map((table) => table.clear()));
      } else if ((await db.lists.count()) > 0 || (await db.rows.count()) > 0) {
        return {
          ok: false,
          code: 'not_empty',
          detail: 'This browser already has lists: replace them, or restore elsewhere.',
        };
      }
      // Tags named on rows but missing from the tag table are created, so every tag can be shown.
      const known = new Set(backup.tags.map((tag) => tag.name));
      const missing = [...new Set(backup.rows.flatMap((row) => row.tags))].filter((name) => !known.has(name));
      const tags = [
        ...backup.tags,
        ...missing.map((name) => ({ name, colour: defaultTagColour(name), createdAt: now })),
      ];
      await db.lists.bulkAdd(backup.lists);
      await db.rows.bulkAdd(backup.rows.map((row) => withDerived(row)));
      await db.tags.bulkPut(tags);
      await db.settings.bulkPut(backup.settings);
      return { ok: true, lists: backup.lists.length, rows: backup.rows.length, tags: tags.length };
    }),
  );
}
