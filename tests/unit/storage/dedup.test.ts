import { describe, expect, it } from 'vitest';
import { type IncomingRow, planMerge } from '../../../storage/dedup.ts';
import type { ProfileFields, RowRecord } from '../../../storage/model.ts';
import {
  cleanProfile,
  nameCompanyKey,
  normaliseEmail,
  normaliseProfileUrl,
} from '../../../storage/normalise.ts';
import { row } from './test-db.ts';

describe('dedup keys', () => {
  it.each([
    ['https://www.linkedin.com/in/ada-lovelace/', 'linkedin.com/in/ada-lovelace'],
    [
      'http://LinkedIn.com/in/Ada-Lovelace?trk=public_profile&utm_source=x#about',
      'linkedin.com/in/ada-lovelace',
    ],
    ['https://github.com/ada', 'github.com/ada'],
    ['https://example.com/profile.php?id=42&ref=nav', 'example.com/profile.php?id=42'],
    ['https://example.com/p?b=2&a=1', 'example.com/p?a=1&b=2'],
    ['https://example.com:8443/team/ada', 'example.com:8443/team/ada'],
    ['not a url', 'not a url'],
    ['   ', undefined],
  ])('normalises the profile URL %j to %j', (input, expected) => {
    expect(normaliseProfileUrl(input)).toBe(expected);
  });

  it.each([
    [' Ada@Example.COM ', 'ada@example.com'],
    ['mailto:ada@example.com', 'ada@example.com'],
    ['not-an-email', undefined],
    ['two words@example.com', undefined],
  ])('normalises the email %j to %j', (input, expected) => {
    expect(normaliseEmail(input)).toBe(expected);
  });

  it.each([
    ['José  García', 'Acme, Inc.', 'jose garcia|acme'],
    ['JOSE GARCIA', 'ACME', 'jose garcia|acme'],
    ['Zoë O’Brien', 'Globex GmbH', 'zoe o brien|globex'],
    ['محمد علي', 'شركة', 'محمد علي|شركة'],
    ['Ada Lovelace', undefined, undefined],
    [undefined, 'Acme', undefined],
    ['Ada', '!!!', undefined],
  ])('keys name %j at company %j as %j', (name, company, expected) => {
    expect(nameCompanyKey(name, company)).toBe(expected);
  });
});

describe('planMerge', () => {
  const ctx = {
    listId: 'list_a',
    now: 5_000,
    newId: (() => {
      let n = 0;
      return () => `row_new${n++}`;
    })(),
  };
  const incoming = (fields: ProfileFields, extra: Partial<IncomingRow> = {}): IncomingRow => ({
    fields,
    tags: [],
    note: '',
    ...extra,
  });
  const existing: RowRecord = row(
    {
      id: 'row_old',
      listId: 'list_a',
      name: 'Ada Lovelace',
      title: 'Analyst',
      company: 'Analytical Engines Ltd',
      profileUrl: 'https://www.linkedin.com/in/ada/',
      email: 'ada@engines.example',
      tags: ['vip'],
      note: 'Met at the conference',
    },
    1,
  );

  it.each<[string, ProfileFields]>([
    ['the same profile URL', { name: 'A. Lovelace', profileUrl: 'http://linkedin.com/in/ADA?trk=x' }],
    ['the same email', { name: 'Augusta Ada King', email: 'ADA@engines.example' }],
    ['the same name and company', { name: 'ada lovelace', company: 'Analytical Engines' }],
  ])('merges a profile with %s into the existing row', (_, fields) => {
    const plan = planMerge([existing], [incoming(fields)], ctx);

    expect(plan).toMatchObject({ added: 0, merged: 1, rowIds: ['row_old'] });
  });

  it.each<[string, ProfileFields]>([
    ['the same name at another company', { name: 'Ada Lovelace', company: 'Babbage & Co' }],
    ['the same name and no company', { name: 'Ada Lovelace' }],
    ['another profile URL', { name: 'Ada Lovelace', profileUrl: 'https://linkedin.com/in/ada-2' }],
  ])('adds a profile with %s as a new row', (_, fields) => {
    const plan = planMerge([existing], [incoming(fields)], ctx);

    expect(plan).toMatchObject({ added: 1, merged: 0 });
    expect(plan.rowIds[0]).not.toBe('row_old');
  });

  it('fills only missing fields, keeping the note and tags and adding new tags', () => {
    const plan = planMerge(
      [existing],
      [
        incoming(
          {
            name: 'Someone Else',
            title: 'Countess',
            location: 'London',
            phone: '+44 20 7946 0000',
            email: 'ada@engines.example',
            links: { github: 'https://github.com/ada' },
          },
          { tags: ['vip', 'math'], note: '' },
        ),
      ],
      ctx,
    );

    const merged = plan.writes[0]!;
    expect(merged).toMatchObject({
      id: 'row_old',
      name: 'Ada Lovelace',
      title: 'Analyst',
      location: 'London',
      phone: '+44 20 7946 0000',
      links: { github: 'https://github.com/ada' },
      tags: ['vip', 'math'],
      note: 'Met at the conference',
      savedAt: existing.savedAt,
      updatedAt: 5_000,
    });
  });

  it('writes nothing when the merge changes nothing', () => {
    const plan = planMerge(
      [existing],
      [incoming({ name: 'Ada Lovelace', email: 'ada@engines.example' })],
      ctx,
    );

    expect(plan.writes).toEqual([]);
    expect(plan.merged).toBe(1);
  });

  it('merges duplicates within one extraction, including through a key the first one brought', () => {
    const plan = planMerge(
      [],
      [
        incoming({
          name: 'Grace Hopper',
          profileUrl: 'https://example.com/grace',
          email: 'grace@navy.example',
        }),
        incoming({ name: 'G. Hopper', email: 'grace@navy.example', title: 'Rear Admiral' }),
        incoming({ name: 'Grace Hopper', profileUrl: 'https://example.com/grace/' }),
      ],
      ctx,
    );

    expect(plan).toMatchObject({ added: 1, merged: 2 });
    expect(new Set(plan.rowIds).size).toBe(1);
    expect(plan.writes).toHaveLength(1);
    expect(plan.writes[0]).toMatchObject({ name: 'Grace Hopper', title: 'Rear Admiral' });
  });

  it('prefers the profile URL match when URL and email point at different rows', () => {
    const other = row({ id: 'row_other', listId: 'list_a', name: 'Other', email: 'x@example.com' }, 2);

    const plan = planMerge(
      [existing, other],
      [incoming({ name: 'Ada', profileUrl: 'https://linkedin.com/in/ada', email: 'x@example.com' })],
      ctx,
    );

    expect(plan.rowIds).toEqual(['row_old']);
  });

  it('appends an incoming note unless the row already has it', () => {
    const plan = planMerge(
      [existing],
      [
        incoming({ name: 'Ada', email: 'ada@engines.example' }, { note: 'Prefers email' }),
        incoming({ name: 'Ada', email: 'ada@engines.example' }, { note: 'Prefers email' }),
      ],
      ctx,
    );

    expect(plan.writes[0]!.note).toBe('Met at the conference\n\nPrefers email');
  });
});

describe('cleanProfile', () => {
  it('trims, caps long text, and drops URLs too long to keep whole', () => {
    const cleaned = cleanProfile({
      name: `  ${'N'.repeat(600)}  `,
      title: '  Head of Talent ',
      email: '',
      profileUrl: `https://example.com/${'x'.repeat(3000)}`,
      links: { github: ' https://github.com/x ', weird: 42 as unknown as string },
      source: { url: 'https://example.com/team', method: 'tables' },
    });

    expect(cleaned.name).toHaveLength(500);
    expect(cleaned.title).toBe('Head of Talent');
    expect(cleaned).not.toHaveProperty('email');
    expect(cleaned).not.toHaveProperty('profileUrl');
    expect(cleaned.links).toEqual({ github: 'https://github.com/x' });
    expect(cleaned.sourceUrl).toBe('https://example.com/team');
  });

  it('never splits an emoji when capping', () => {
    const cleaned = cleanProfile({ name: `${'a'.repeat(499)}😀` });

    expect(cleaned.name).toBe('a'.repeat(499));
  });
});
