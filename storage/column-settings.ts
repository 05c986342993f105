/**
 * The column settings (visibility, order, custom export headers): one global setting, as users expect,
 * kept in the `settings` table so backups carry it.
 */
import type { LassoDb } from './db.ts';
import { type ColumnSettings, normaliseColumnSettings } from './export/columns.ts';

export const COLUMN_SETTINGS_KEY = 'columns';

/** The stored column settings, or the defaults. */
export async function getColumnSettings(db: LassoDb): Promise<ColumnSettings> {
  const record = await db.settings.get(COLUMN_SETTINGS_KEY);
  return normaliseColumnSettings(record?.value);
}

/** Changes part of the column settings; returns them as stored (cleaned). */
export async function saveColumnSettings(
  db: LassoDb,
  patch: Partial<ColumnSettings>,
): Promise<ColumnSettings> {
  return db.transaction('rw', db.settings, async () => {
    const current = await getColumnSettings(db);
    const next = normaliseColumnSettings({ ...current, ...patch });
    await db.settings.put({ key: COLUMN_SETTINGS_KEY, value: next });
    return next;
  });
}

/** Back to the default columns and headers. */
export async function resetColumnSettings(db: LassoDb): Promise<ColumnSettings> {
  await db.settings.delete(COLUMN_SETTINGS_KEY);
  return normaliseColumnSettings(undefined);
}
