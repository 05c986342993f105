import Dexie from 'dexie';
import { describe, expect, expectTypeOf, it, vi } from 'vitest';
import type { Profile } from '../../../extract/profile.ts';
import { countRows } from '../../../storage/lists.ts';
import type { ProfileInput } from '../../../storage/model.ts';
import {
  addTags,
  applyEnrichment,
  copyRows,
  deleteRows,
  getRow,
  moveRows,
  removeTags,
  saveProfiles,
  setNote,
  undoDelete,
  updateRow,
} from '../../../storage/rows.ts';
import { allRows, freshDb, manyProfiles, newList, profile } from './test-db.ts';

describe('saveProfiles', () => {
  it('accepts the extraction engine’s Profile as it is', () => {
    expectTypeOf<Profile>().toExtend<ProfileInput>();
  });

  it('adds new profiles and merges those already in the list', async () => {
    const db = freshDb();
    const list = await newList(db);
    await saveProfiles(db, list.id, [profile('Ada Lovelace', { email: 'ada@example.com' })], { now: 2_000 });

    const result = await saveProfiles(
      db,
      list.id,
      [
        profile('Ada L.', { email: 'ADA@example.com', title: 'Analyst' }),
        profile('Grace Hopper', { company: 'Navy' }),
        profile('   '),
      ],
      { now: 3_000 },
    );

    expect(result).toMatchObject({ ok: true, added: 1, merged: 1, skipped: 1 });
    const rows = await allRows(db);
    expect(rows).toHaveLength(2);
    expect(rows.find((r) => r.name === 'Ada Lovelace')).toMatchObject({
      title: 'Analyst',
      savedAt: 2_000,
      updatedAt: 3_000,
      sourceUrl: 'https://example.com/team',
      sourceMethod: 'repeated-cards',
    });
  });

  it('keeps the note and tags of a row when the same person is saved again', async () => {
    const db = freshDb();
    const list = await newList(db);
    const first = await saveProfiles(db, list.id, [profile('Ada', { profileUrl: 'https://x.example/ada' })]);
    const id = first.ok ? first.rowIds[0]! : '';
    await setNote(db, id, 'Call back in May');
    await addTags(db, [id], ['Hot lead']);

    await saveProfiles(
      db,
      list.id,
      [profile('Ada', { profileUrl: 'https://x.example/ada/', phone: '555' })],
      {
        tags: ['Conference'],
      },
    );

    expect(await getRow(db, id)).toMatchObject({
      note: 'Call back in May',
      tags: ['Hot lead', 'Conference'],
      phone: '555',
    });
  });

  it('does not dedup across lists', async () => {
    const db = freshDb();
    const a = await newList(db, 'A');
    const b = await newList(db, 'B');
    const ada = profile('Ada', { email: 'ada@example.com' });

    await saveProfiles(db, a.id, [ada]);
    const result = await saveProfiles(db, b.id, [ada]);

    expect(result).toMatchObject({ ok: true, added: 1, merged: 0 });
    expect(await db.rows.where('email').equals('ada@example.com').count()).toBe(2);
  });

  it('answers list_not_found and writes nothing for a missing list', async () => {
    const db = freshDb();

    const result = await saveProfiles(db, 'list_missing', [profile('Ada')]);

    expect(result).toEqual({ ok: false, code: 'list_not_found' });
    expect(await db.rows.count()).toBe(0);
  });

  it('saves 10,000 profiles in one transaction', async () => {
    const db = freshDb();
    const list = await newList(db);
    const transactions = new Set<unknown>();
    db.rows.hook('creating', (_key, _obj, tx) => {
      transactions.add(tx);
    });

    const result = await saveProfiles(db, list.id, manyProfiles(10_000), { now: 9_000 });

    expect(result).toMatchObject({ ok: true, added: 10_000, merged: 0 });
    expect(transactions.size).toBe(1);
    expect(await countRows(db, list.id)).toBe(10_000);
  });

  it('dedups a second save of the same 10,000 profiles against the list', async () => {
    const db = freshDb();
    const list = await newList(db);
    await saveProfiles(db, list.id, manyProfiles(10_000));

    const result = await saveProfiles(db, list.id, manyProfiles(10_000));

    expect(result).toMatchObject({ ok: true, added: 0, merged: 10_000 });
    expect(await countRows(db, list.id)).toBe(10_000);
  });

  it('reports a full disk and keeps every row saved before', async () => {
    const db = freshDb();
    const list = await newList(db);
    await saveProfiles(db, list.id, [profile('Already saved')]);
    const before = await allRows(db);
    vi.spyOn(db.rows, 'bulkAdd').mockRejectedValueOnce(new Dexie.QuotaExceededError('disk full'));

    const result = await saveProfiles(db, list.id, manyProfiles(50));

    expect(result).toEqual({ ok: false, code: 'quota_exceeded' });
    expect(await allRows(db)).toEqual(before);
    expect(await db.tags.count()).toBe(0);
  });
});

describe('moveRows and copyRows', () => {
  async function twoLists() {
    const db = freshDb();
    const from = await newList(db, 'From');
    const to = await newList(db, 'To');
    const saved = await saveProfiles(
      db,
      from.id,
      [profile('Ada', { email: 'ada@example.com' }), profile('Grace', { email: 'grace@example.com' })],
      { now: 2_000, tags: ['from'] },
    );
    await saveProfiles(db, to.id, [profile('Ada Lovelace', { email: 'ada@example.com', title: 'Analyst' })], {
      now: 2_500,
    });
    const ids = saved.ok ? saved.rowIds : [];
    return { db, from, to, ids };
  }

  it('moves rows, keeping id, savedAt, note and tags, and merges one already in the target', async () => {
    const { db, from, to, ids } = await twoLists();
    await setNote(db, ids[1]!, 'Grace’s note');

    const result = await moveRows(db, ids, to.id, { now: 3_000 });

    expect(result).toEqual({ ok: true, added: 1, merged: 1 });
    expect(await countRows(db, from.id)).toBe(0);
    expect(await countRows(db, to.id)).toBe(2);
    expect(await getRow(db, ids[1]!)).toMatchObject({
      listId: to.id,
      savedAt: 2_000,
      note: 'Grace’s note',
      tags: ['from'],
    });
    expect(await getRow(db, ids[0]!)).toBeUndefined();
    const ada = await db.rows.where('email').equals('ada@example.com').first();
    expect(ada).toMatchObject({ name: 'Ada Lovelace', title: 'Analyst', tags: ['from'], listId: to.id });
  });

  it('copies rows as new rows and leaves the source list as it was', async () => {
    const { db, from, to, ids } = await twoLists();
    const before = await db.rows.where('listId').equals(from.id).toArray();

    const result = await copyRows(db, ids, to.id, { now: 3_000 });

    expect(result).toEqual({ ok: true, added: 1, merged: 1 });
    expect(await db.rows.where('listId').equals(from.id).toArray()).toEqual(before);
    const grace = await db.rows.where('[listId+keyEmail]').equals([to.id, 'grace@example.com']).first();
    expect(grace).toMatchObject({ savedAt: 3_000, tags: ['from'] });
    expect(grace!.id).not.toBe(ids[1]);
  });

  it('moves and copies a row with the provenance of its enriched fields', async () => {
    const { db, to, ids } = await twoLists();
    const provenance = {
      title: { url: 'https://e.example/grace', method: 'json-ld/structured-data', at: 9 },
    };
    await db.rows.update(ids[1]!, { title: 'Rear Admiral', provenance });

    await copyRows(db, [ids[1]!], to.id, { now: 3_000 });
    const copy = await db.rows.where('[listId+keyEmail]').equals([to.id, 'grace@example.com']).first();
    await db.rows.delete(copy!.id);
    await moveRows(db, [ids[1]!], to.id, { now: 3_000 });

    expect(copy?.provenance).toEqual(provenance);
    expect((await getRow(db, ids[1]!))?.provenance).toEqual(provenance);
  });

  it('carries provenance into a row it merges with, for the fields it filled only', async () => {
    const { db, to, ids } = await twoLists();
    const mine = { title: { url: 'https://old.example/ada', method: 'h-card/structured-data', at: 1 } };
    const ada = await db.rows.where('[listId+keyEmail]').equals([to.id, 'ada@example.com']).first();
    await db.rows.update(ada!.id, { provenance: mine });
    const theirs = {
      title: { url: 'https://e.example/ada', method: 'single-profile/card-text', at: 9 },
      location: { url: 'https://e.example/ada', method: 'single-profile/card-text', at: 9 },
    };
    await db.rows.update(ids[0]!, { title: 'Countess', location: 'London', provenance: theirs });

    await moveRows(db, [ids[0]!], to.id, { now: 3_000 });

    expect(await getRow(db, ada!.id)).toMatchObject({
      title: 'Analyst',
      location: 'London',
      provenance: { title: mine.title, location: theirs.location },
    });
  });

  it('refuses a missing target list and moves nothing', async () => {
    const { db, from, ids } = await twoLists();

    const result = await moveRows(db, ids, 'list_gone');

    expect(result).toEqual({ ok: false, code: 'list_not_found' });
    expect(await countRows(db, from.id)).toBe(2);
  });
});

describe('deleteRows and undoDelete', () => {
  it('deletes rows and puts them back exactly as they were', async () => {
    const db = freshDb();
    const list = await newList(db);
    const saved = await saveProfiles(db, list.id, manyProfiles(5), { tags: ['t'], note: 'n' });
    const ids = saved.ok ? saved.rowIds : [];
    const before = await allRows(db);

    const deleted = await deleteRows(db, ids.slice(0, 3), { now: 10_000 });

    expect(deleted.deleted).toBe(3);
    expect(await countRows(db, list.id)).toBe(2);

    const restored = await undoDelete(db, deleted.undoToken);

    expect(restored).toEqual({ ok: true, restored: 3 });
    expect(await allRows(db)).toEqual(before);
    expect(await db.trashRows.count()).toBe(0);
  });

  it('answers undo_expired for a token used twice or emptied from the trash', async () => {
    const db = freshDb();
    const list = await newList(db);
    const saved = await saveProfiles(db, list.id, manyProfiles(2));
    const ids = saved.ok ? saved.rowIds : [];
    const first = await deleteRows(db, [ids[0]!], { now: 1_000 });
    await undoDelete(db, first.undoToken);
    const old = await deleteRows(db, [ids[1]!], { now: 2_000 });

    await deleteRows(db, [ids[0]!], { now: 2_000 + 25 * 60 * 60 * 1000 });

    expect(await undoDelete(db, first.undoToken)).toEqual({ ok: false, code: 'undo_expired' });
    expect(await undoDelete(db, old.undoToken)).toEqual({ ok: false, code: 'undo_expired' });
  });
});

describe('updateRow', () => {
  it('edits fields inline, clears a field with empty text, and keeps dedup keys in step', async () => {
    const db = freshDb();
    const list = await newList(db);
    const saved = await saveProfiles(db, list.id, [profile('Ada', { email: 'old@example.com', title: 'x' })]);
    const id = saved.ok ? saved.rowIds[0]! : '';

    const result = await updateRow(
      db,
      id,
      { email: ' new@example.com ', title: '', company: 'Acme' },
      { now: 7 },
    );

    expect(result).toMatchObject({
      ok: true,
      row: { email: 'new@example.com', company: 'Acme', updatedAt: 7 },
    });
    const row = await getRow(db, id);
    expect(row).not.toHaveProperty('title');
    expect(row).toMatchObject({ keyEmail: 'new@example.com', keyNameCompany: 'ada|acme' });
  });

  it('refuses an empty name and changes nothing', async () => {
    const db = freshDb();
    const list = await newList(db);
    const saved = await saveProfiles(db, list.id, [profile('Ada')]);
    const id = saved.ok ? saved.rowIds[0]! : '';
    const before = await getRow(db, id);

    const result = await updateRow(db, id, { name: '   ' });

    expect(result).toEqual({ ok: false, code: 'empty_name' });
    expect(await getRow(db, id)).toEqual(before);
  });
});

describe('tags in bulk', () => {
  it('adds tags to many rows, reusing an existing tag’s spelling, and removes them', async () => {
    const db = freshDb();
    const list = await newList(db);
    const saved = await saveProfiles(db, list.id, manyProfiles(4), { tags: ['Java'] });
    const ids = saved.ok ? saved.rowIds : [];

    const added = await addTags(db, ids.slice(0, 3), ['java', 'Remote, EU']);

    expect(added).toEqual({ changed: 3, tags: ['Java', 'Remote EU'] });
    expect(await db.rows.where('tags').equals('Remote EU').count()).toBe(3);

    const removed = await removeTags(db, ids, ['Java']);

    expect(removed).toEqual({ changed: 4 });
    expect(await db.rows.where('tags').equals('Java').count()).toBe(0);
    expect(await db.tags.get('Java')).toBeDefined();
  });
});

describe('applyEnrichment', () => {
  it('fills missing fields from the enriched profile and records what it added', async () => {
    const db = freshDb();
    const list = await newList(db);
    const saved = await saveProfiles(db, list.id, [profile('Ada', { title: 'Analyst' })]);
    const id = saved.ok ? saved.rowIds[0]! : '';

    const result = await applyEnrichment(
      db,
      id,
      {
        profile: profile('Ada King', {
          title: 'Countess',
          location: 'London',
          links: { github: 'https://github.com/a' },
        }),
      },
      { now: 50 },
    );

    expect(result).toEqual({ ok: true, fieldsAdded: ['location', 'links.github'] });
    expect(await getRow(db, id)).toMatchObject({
      name: 'Ada',
      title: 'Analyst',
      location: 'London',
      enrichment: { status: 'enriched', at: 50, fieldsAdded: ['location', 'links.github'] },
    });
  });
});
