import { describe, expect, it } from 'vitest';
import { addTags, getRow, saveProfiles } from '../../../storage/rows.ts';
import {
  createTag,
  defaultTagColour,
  deleteTag,
  listTags,
  normaliseTagName,
  renameTag,
  setTagColour,
  TAG_PALETTE,
} from '../../../storage/tags.ts';
import { freshDb, newList, profile } from './test-db.ts';

describe('normaliseTagName', () => {
  it.each([
    ['  Hot   lead ', 'Hot lead'],
    ['a,b', 'a b'],
    ['שלום 🚀', 'שלום 🚀'],
    [' , ', undefined],
    ['x'.repeat(80), 'x'.repeat(50)],
  ])('stores %j as %j', (input, expected) => {
    expect(normaliseTagName(input)).toBe(expected);
  });

  it('gives a name the same palette colour every time', () => {
    expect(defaultTagColour('Java')).toBe(defaultTagColour('java'));
    expect(TAG_PALETTE).toContain(defaultTagColour('Java'));
  });
});

async function taggedRows() {
  const db = freshDb();
  const list = await newList(db);
  const saved = await saveProfiles(db, list.id, [profile('Ada'), profile('Grace'), profile('Linus')]);
  const ids = saved.ok ? saved.rowIds : [];
  await addTags(db, ids.slice(0, 2), ['Java']);
  await addTags(db, ids.slice(1), ['Remote']);
  return { db, ids };
}

describe('tags', () => {
  it('creates a tag once, whatever its case', async () => {
    const db = freshDb();

    const first = await createTag(db, 'Java', { colour: '#000000', now: 3 });
    const again = await createTag(db, 'JAVA');

    expect(first).toEqual({ ok: true, tag: { name: 'Java', colour: '#000000', createdAt: 3 } });
    expect(again).toEqual({ ok: false, code: 'tag_exists' });
  });

  it('lists tags with the number of rows carrying each', async () => {
    const { db } = await taggedRows();

    const tags = await listTags(db);

    expect(tags.map((t) => [t.name, t.rowCount])).toEqual([
      ['Java', 2],
      ['Remote', 2],
    ]);
  });

  it('renames a tag on every row, and merges it into a tag that has the new name', async () => {
    const { db, ids } = await taggedRows();

    await renameTag(db, 'Java', 'Kotlin');
    const merged = await renameTag(db, 'Kotlin', 'remote');

    expect(merged).toMatchObject({ ok: true, tag: { name: 'Remote' } });
    expect((await getRow(db, ids[1]!))?.tags).toEqual(['Remote']);
    expect((await getRow(db, ids[0]!))?.tags).toEqual(['Remote']);
    expect((await db.tags.toArray()).map((t) => t.name)).toEqual(['Remote']);
  });

  it('deletes a tag and takes it off every row', async () => {
    const { db, ids } = await taggedRows();

    const removedFrom = await deleteTag(db, 'Java');

    expect(removedFrom).toBe(2);
    expect((await getRow(db, ids[1]!))?.tags).toEqual(['Remote']);
    expect(await db.tags.get('Java')).toBeUndefined();
  });

  it('changes a tag’s colour, and answers tag_not_found for an unknown tag', async () => {
    const { db } = await taggedRows();

    expect(await setTagColour(db, 'Java', '#123456')).toMatchObject({ ok: true, tag: { colour: '#123456' } });
    expect(await setTagColour(db, 'Nope', '#123456')).toEqual({ ok: false, code: 'tag_not_found' });
  });
});
