import { describe, expect, it } from 'vitest';
import { exportColumns } from '../../../storage/export/columns.ts';
import { exportCsv } from '../../../storage/export/csv.ts';
import { exportJson } from '../../../storage/export/json.ts';
import { detectDelimiter, importCsv, importJson, parseCsvImport } from '../../../storage/import.ts';
import { countRows } from '../../../storage/lists.ts';
import { saveProfiles } from '../../../storage/rows.ts';
import { loadList } from '../../../storage/search.ts';
import { TRICKY_ROWS } from './fixtures/tricky-rows.ts';
import { allRows, freshDb, newList, profile } from './test-db.ts';

describe('importCsv', () => {
  it('maps headers by name, keeps the good rows and reports each bad one with its row number', async () => {
    const db = freshDb();
    const list = await newList(db);
    const csv = [
      'Full name,E-mail,Job title,Shoe size,Tags,Notes',
      'Ada Lovelace,ada@example.com,Analyst,38,"vip, math",Met in London',
      ',nobody@example.com,No name,40,,',
      'Grace Hopper,grace@example.com,Admiral,39',
      'Linus,linus@example.com,Kernel,44,,"two, lines',
      '',
      'Margaret Hamilton,margaret@example.com,Director,37,apollo,',
    ].join('\r\n');

    const result = await importCsv(db, list.id, csv, { now: 5 });

    expect(result).toEqual({
      ok: true,
      added: 1,
      merged: 0,
      rejected: [
        { row: 3, reason: 'no name' },
        { row: 4, reason: 'has 4 fields where the header has 6' },
        { row: 5, reason: 'a quoted field is never closed, so the rest of the file could not be read' },
      ],
      ignoredColumns: ['Shoe size'],
    });
    const [ada] = await loadList(db, list.id);
    expect(ada).toMatchObject({
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      title: 'Analyst',
      tags: ['vip', 'math'],
      note: 'Met in London',
      savedAt: 5,
    });
    expect((await db.tags.toArray()).map((t) => t.name).sort()).toEqual(['math', 'vip']);
  });

  it('reads semicolon files, strips a BOM, and merges rows already in the list', async () => {
    const db = freshDb();
    const list = await newList(db);
    await saveProfiles(db, list.id, [profile('Ada', { email: 'ada@example.com' })]);

    const result = await importCsv(
      db,
      list.id,
      '\uFEFFName;Email;Company\nAda L.;ADA@example.com;Engines\nBob;;\n',
    );

    expect(result).toMatchObject({ ok: true, added: 1, merged: 1, rejected: [] });
    expect(await countRows(db, list.id)).toBe(2);
  });

  it.each([
    ['an empty file', '  \n', 'empty_file'],
    ['a file without a name column', 'Email,Phone\na@example.com,1\n', 'no_name_column'],
  ])('refuses %s and writes nothing', async (_, csv, code) => {
    const db = freshDb();
    const list = await newList(db);
    await saveProfiles(db, list.id, [profile('Kept')]);
    const before = await allRows(db);

    const result = await importCsv(db, list.id, csv);

    expect(result).toMatchObject({ ok: false, code });
    expect(await allRows(db)).toEqual(before);
  });

  it('gives back the exported text on CSV export → import, formula guard removed', async () => {
    const db = freshDb();
    const list = await newList(db);
    const csv = await exportCsv(TRICKY_ROWS);

    const result = await importCsv(db, list.id, csv);

    expect(result).toMatchObject({ ok: true, added: 5, rejected: [] });
    const rows = await loadList(db, list.id);
    const byName = new Map(rows.map((r) => [r.name, r]));
    expect(byName.get('=HYPERLINK("https://evil.example","click")')).toMatchObject({
      title: '+1+1',
      phone: '+44 20 7946 0000',
      note: 'starts with a tab',
      tags: ['=tag'],
    });
    expect(byName.get('Smith, John')).toMatchObject({
      title: 'He said "hello", then left',
      note: 'Line one\nLine two\r\nLine three, with "quotes"',
      tags: ['Hot lead', 'Backend'],
      links: { linkedin: 'https://www.linkedin.com/in/john-smith/' },
    });
    expect(byName.get('محمد عبد الله')).toMatchObject({ company: 'שלום בע"מ' });
    expect(byName.get('Zoë 👩🏽‍💻 Ångström')).toMatchObject({ tags: ['émoji 🎉'] });
  });
});

describe('parseCsvImport', () => {
  it('reports a row whose quotes are broken and keeps the rows around it', () => {
    const parsed = parseCsvImport('Name,Title\nAda,"Ana"lyst\nGrace,Admiral\n');

    expect(parsed).toMatchObject({ ok: true, rejected: [{ row: 2 }] });
  });

  it.each([
    ['a,b;c\n', ','],
    ['a;b;c,d\n', ';'],
    ['a\tb\n', '\t'],
    ['"x;y;z",b\n', ','],
    ['single\n', ','],
  ])('detects the delimiter of %j as %j', (text, delimiter) => {
    expect(detectDelimiter(text)).toBe(delimiter);
  });
});

describe('importJson', () => {
  it('imports a Lasso JSON export, reporting rows that are not rows', async () => {
    const db = freshDb();
    const list = await newList(db);
    const doc = JSON.parse(await exportJson(TRICKY_ROWS.slice(0, 2), { columns: exportColumns() }));
    doc.rows.push(
      'not an object',
      { title: 'no name' },
      { name: 'Bad tags', tags: [1, 2] },
      { name: 'Nested', title: {} },
    );

    const result = await importJson(db, list.id, JSON.stringify(doc));

    expect(result).toEqual({
      ok: true,
      added: 2,
      merged: 0,
      ignoredColumns: [],
      rejected: [
        { row: 3, reason: 'is not an object' },
        { row: 4, reason: 'no name' },
        { row: 5, reason: 'tags are not all text' },
        { row: 6, reason: 'field "title" is not text' },
      ],
    });
    const rows = await loadList(db, list.id);
    expect(rows[0]).toMatchObject({
      name: 'Smith, John',
      note: 'Line one\nLine two\r\nLine three, with "quotes"',
    });
  });

  it('imports the extraction engine’s profiles (links and source included)', async () => {
    const db = freshDb();
    const list = await newList(db);
    const profiles = [
      {
        name: 'Ada',
        links: { github: 'https://github.com/ada', mastodon: 'https://m.example/@ada' },
        source: { url: 'https://example.com/team', method: 'json-ld' },
        provenance: { name: 'structured-data' },
      },
    ];

    const result = await importJson(db, list.id, JSON.stringify(profiles));

    expect(result).toMatchObject({ ok: true, added: 1, ignoredColumns: ['provenance'] });
    expect((await loadList(db, list.id))[0]).toMatchObject({
      links: { github: 'https://github.com/ada' },
      sourceUrl: 'https://example.com/team',
    });
  });

  it.each([
    ['broken JSON', '{"rows": [', 'invalid_json'],
    ['an object without rows', '{"people": []}', 'unknown_format'],
    ['a backup file', '{"format": "lasso-backup", "rows": []}', 'unknown_format'],
    ['a newer export', '{"format": "lasso-rows", "schemaVersion": 99, "rows": []}', 'newer_version'],
    ['nothing', '', 'empty_file'],
  ])('refuses %s and writes nothing', async (_, text, code) => {
    const db = freshDb();
    const list = await newList(db);
    await saveProfiles(db, list.id, [profile('Kept')]);
    const before = await allRows(db);

    const result = await importJson(db, list.id, text);

    expect(result).toMatchObject({ ok: false, code });
    expect(await allRows(db)).toEqual(before);
  });

  it('answers list_not_found for a missing list', async () => {
    const db = freshDb();

    expect(await importJson(db, 'list_gone', '[{"name":"Ada"}]')).toEqual({
      ok: false,
      code: 'list_not_found',
    });
  });
});
