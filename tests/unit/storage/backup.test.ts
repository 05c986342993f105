import { describe, expect, it } from 'vitest';
import { backupFileName, exportBackup, restoreBackup } from '../../../storage/backup.ts';
import { saveColumnSettings } from '../../../storage/column-settings.ts';
import { DB_VERSION, type LassoDb } from '../../../storage/db.ts';
import { addTags, saveProfiles, setNote } from '../../../storage/rows.ts';
import { setTagColour } from '../../../storage/tags.ts';
import { allRows, freshDb, manyProfiles, newList, profile } from './test-db.ts';

async function everything(db: LassoDb) {
  const byKey =
    <T>(key: keyof T) =>
    (a: T, b: T) =>
      String(a[key]) < String(b[key]) ? -1 : 1;
  return {
    lists: (await db.lists.toArray()).sort(byKey('id')),
    rows: await allRows(db),
    tags: (await db.tags.toArray()).sort(byKey('name')),
    settings: await db.settings.toArray(),
  };
}

async function populated(): Promise<LassoDb> {
  const db = freshDb();
  const a = await newList(db, 'Acme');
  const b = await newList(db, 'שלום 🚀');
  const saved = await saveProfiles(db, a.id, [
    profile('Zoë, "the" 👩‍💻', {
      email: 'zoe@example.com',
      links: { github: 'https://github.com/z', mastodon: 'https://m.example/@z' },
    }),
    profile('=1+2', { title: '@risky' }),
  ]);
  await saveProfiles(db, b.id, manyProfiles(40));
  const ids = saved.ok ? saved.rowIds : [];
  await setNote(db, ids[0]!, 'multi\nline, note');
  await addTags(db, ids, ['vip']);
  await setTagColour(db, 'vip', '#abcdef');
  await saveColumnSettings(db, { visible: ['name', 'email'], headerLabels: { name: 'Candidate' } });
  return db;
}

describe('backup and restore', () => {
  it('restores a backup into an empty database exactly as it was', async () => {
    const source = await populated();
    const backup = JSON.parse(JSON.stringify(await exportBackup(source, { now: 0 })));
    const target = freshDb();

    const result = await restoreBackup(target, backup);

    expect(backup).toMatchObject({ format: 'lasso-backup', schemaVersion: DB_VERSION });
    expect(result).toEqual({ ok: true, lists: 2, rows: 42, tags: 1 });
    expect(await everything(target)).toEqual(await everything(source));
  });

  it('keeps what an enrichment recorded: each field’s provenance and the page’s final URL', async () => {
    const source = await populated();
    const [row] = await allRows(source);
    const provenance = {
      company: { url: 'https://e.example/ada', method: 'single-profile/card-text', at: 7 },
    };
    const enrichment = {
      status: 'enriched' as const,
      at: 7,
      fieldsAdded: ['company'],
      finalUrl: 'https://e.example/ada',
    };
    await source.rows.update(row!.id, { provenance, enrichment });
    const backup = JSON.parse(JSON.stringify(await exportBackup(source, { now: 0 })));
    const target = freshDb();

    await restoreBackup(target, backup);

    expect(await target.rows.get(row!.id)).toMatchObject({ provenance, enrichment });
  });

  it('does not put derived fields in the file', async () => {
    const backup = await exportBackup(await populated());

    expect(backup.rows[0]).not.toHaveProperty('searchText');
    expect(backup.rows[0]).not.toHaveProperty('keyEmail');
  });

  it('refuses to restore over existing lists unless told to replace them', async () => {
    const backup = await exportBackup(await populated());
    const target = freshDb();
    await saveProfiles(target, (await newList(target, 'Mine')).id, [profile('Mine')]);
    const before = await everything(target);

    const refused = await restoreBackup(target, backup);

    expect(refused).toMatchObject({ ok: false, code: 'not_empty' });
    expect(await everything(target)).toEqual(before);

    const replaced = await restoreBackup(target, backup, { replace: true });

    expect(replaced).toMatchObject({ ok: true, rows: 42 });
    expect((await target.lists.toArray()).map((l) => l.name).sort()).toEqual(['Acme', 'שלום 🚀']);
  });

  it.each<[string, (b: Record<string, unknown>) => unknown, string]>([
    ['a file that is not a backup', () => ({ hello: 'world' }), 'invalid_backup'],
    [
      'a row without a name',
      (b) => ({ ...b, rows: [{ ...(b.rows as object[])[0], name: '' }] }),
      'invalid_backup',
    ],
    ['a row in no list', (b) => ({ ...b, lists: [] }), 'invalid_backup'],
    ['a newer schema', (b) => ({ ...b, schemaVersion: DB_VERSION + 1 }), 'newer_version'],
  ])('refuses %s and changes nothing', async (_, corrupt, code) => {
    const backup = (await exportBackup(await populated())) as unknown as Record<string, unknown>;
    const target = await populated();
    const before = await everything(target);

    const result = await restoreBackup(target, corrupt(backup), { replace: true });

    expect(result).toMatchObject({ ok: false, code });
    expect(await everything(target)).toEqual(before);
  });

  it('names the file by date', () => {
    expect(backupFileName(new Date(2025, 0, 9))).toBe('lasso-backup-2025-01-09.json');
  });
});
