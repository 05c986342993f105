import { beforeAll, describe, expect, it } from 'vitest';
import type { LassoDb } from '../../../storage/db.ts';
import { addTags, saveProfiles, setNote } from '../../../storage/rows.ts';
import {
  countMatches,
  findRows,
  loadList,
  matchesQuery,
  type PageCursor,
  type RowQuery,
  searchRows,
} from '../../../storage/search.ts';
import { freshDb, manyProfiles, newList, profile } from './test-db.ts';

let db: LassoDb;
let listId: string;
let otherListId: string;

beforeAll(async () => {
  db = freshDb();
  listId = (await newList(db, 'Main')).id;
  otherListId = (await newList(db, 'Other')).id;
  const saved = await saveProfiles(
    db,
    listId,
    [
      profile('José García', { title: 'Staff Engineer', company: 'Acme', email: 'jose@acme.example' }),
      profile('Zoë Smith', { title: 'Head of Talent', company: 'Globex' }),
      profile('محمد علي', { title: 'Engineer', company: 'Initech' }),
    ],
    { now: 1_000 },
  );
  const ids = saved.ok ? saved.rowIds : [];
  await setNote(db, ids[1]!, 'Knows the Berlin team');
  await addTags(db, [ids[0]!, ids[2]!], ['backend']);
  // 250 more rows saved in one go: they share one savedAt, so paging must break the tie by id.
  await saveProfiles(db, listId, manyProfiles(250), { now: 2_000 });
  await saveProfiles(db, otherListId, [profile('Jose Other', { title: 'Engineer' })], {
    now: 3_000,
    tags: ['backend'],
  });
});

describe('searchRows', () => {
  it.each<[string, RowQuery, string[]]>([
    ['a name without its accent', { listId: 'MAIN', text: 'jose' }, ['José García']],
    ['a name in another script', { listId: 'MAIN', text: 'محمد' }, ['محمد علي']],
    ['an accented query on plain text', { listId: 'MAIN', text: 'ZOË' }, ['Zoë Smith']],
    ['words from two fields', { listId: 'MAIN', text: 'engineer acme' }, ['José García']],
    ['an email', { listId: 'MAIN', text: '@acme.example' }, ['José García']],
    ['a note', { listId: 'MAIN', text: 'berlin' }, ['Zoë Smith']],
    ['a tag in one list', { listId: 'MAIN', tag: 'backend' }, ['محمد علي', 'José García']],
    ['a tag across lists', { tag: 'backend' }, ['Jose Other', 'محمد علي', 'José García']],
    ['a tag and a word', { tag: 'backend', text: 'initech' }, ['محمد علي']],
    ['words across lists', { text: 'jose' }, ['Jose Other', 'José García']],
  ])('finds rows by %s', async (_, query, names) => {
    const resolved = { ...query, listId: query.listId === 'MAIN' ? listId : query.listId };

    const page = await searchRows(db, resolved);

    expect(page.rows.map((r) => r.name)).toEqual(names);
    expect(page.next).toBeUndefined();
  });

  it('pages through a list newest first without skipping or repeating a row', async () => {
    const seen: string[] = [];
    let after: PageCursor | undefined;
    let pages = 0;

    do {
      const page = await searchRows(db, { listId }, { limit: 40, after });
      seen.push(...page.rows.map((r) => r.id));
      after = page.next;
      pages += 1;
    } while (after);

    const all = await loadList(db, listId);
    expect(seen).toEqual(all.map((r) => r.id).reverse());
    expect(new Set(seen).size).toBe(253);
    expect(pages).toBe(7);
  });

  it('pages oldest first, and pages a filtered search', async () => {
    const first = await searchRows(db, { listId, order: 'oldest', text: 'person 1' }, { limit: 5 });
    const second = await searchRows(
      db,
      { listId, order: 'oldest', text: 'person 1' },
      { limit: 5, after: first.next },
    );

    expect(first.rows.map((r) => r.name)).toEqual([
      'Person 1',
      'Person 10',
      'Person 11',
      'Person 12',
      'Person 13',
    ]);
    expect(second.rows[0]?.name).toBe('Person 14');
  });

  it('pages a tag filter', async () => {
    const first = await searchRows(db, { tag: 'backend' }, { limit: 2 });
    const second = await searchRows(db, { tag: 'backend' }, { limit: 2, after: first.next });

    expect([...first.rows, ...second.rows].map((r) => r.name)).toEqual([
      'Jose Other',
      'محمد علي',
      'José García',
    ]);
    expect(second.next).toBeUndefined();
  });
});

describe('countMatches and findRows', () => {
  it('counts a list, a tag and a search', async () => {
    expect(await countMatches(db, { listId })).toBe(253);
    expect(await countMatches(db, { tag: 'backend' })).toBe(3);
    expect(await countMatches(db, { listId, text: 'recruiter' })).toBe(166);
    expect((await findRows(db, { listId, text: 'recruiter' })).length).toBe(166);
  });

  it('matchesQuery filters rows in memory the same way', async () => {
    const rows = await loadList(db, listId);

    const inMemory = rows.filter((row) => matchesQuery(row, { text: 'engineer' })).length;

    expect(inMemory).toBe(await countMatches(db, { listId, text: 'engineer' }));
  });
});
