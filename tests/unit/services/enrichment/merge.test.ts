import { describe, expect, it } from 'vitest';
import {
  type FoundProfile,
  keepingCurrentValues,
  mergeProfile,
} from '../../../../services/enrichment/merge.ts';
import type { StoredRow } from '../../../../storage/model.ts';

const AT = Date.UTC(2026, 10, 25, 12);
const URL_FINAL = 'https://people.example.org/ada';

function row(fields: Partial<StoredRow> = {}): StoredRow {
  return {
    id: 'row_1',
    listId: 'list_1',
    name: 'Ada Lovelace',
    tags: [],
    note: '',
    savedAt: 1,
    updatedAt: 1,
    ...fields,
  };
}

const found: FoundProfile = {
  name: 'Ada Lovelace',
  title: 'Analyst',
  company: 'Analytical Engines Ltd',
  location: 'London',
  email: 'ada@example.org',
  phone: '+44 20 7946 0000',
  imageUrl: 'https://people.example.org/ada.jpg',
  links: { github: 'https://github.com/ada', twitter: 'https://twitter.com/ada' },
  source: { url: URL_FINAL, method: 'single-profile' },
  provenance: {
    title: 'card-text',
    company: 'card-text',
    location: 'card-text',
    email: 'contact-link',
    phone: 'text-pattern',
    imageUrl: 'image',
    links: 'contact-link',
  },
};

describe('mergeProfile', () => {
  it('fills every empty field and records where each came from', () => {
    const { patch, fieldsAdded } = mergeProfile(row(), found, { url: URL_FINAL, at: AT });

    expect(fieldsAdded).toEqual([
      'title',
      'company',
      'location',
      'email',
      'phone',
      'imageUrl',
      'links.github',
      'links.twitter',
    ]);
    expect(patch).toMatchObject({
      title: 'Analyst',
      company: 'Analytical Engines Ltd',
      phone: '+44 20 7946 0000',
    });
    expect(patch.provenance?.title).toEqual({ url: URL_FINAL, method: 'single-profile/card-text', at: AT });
    expect(patch.provenance?.['links.github']).toEqual({
      url: URL_FINAL,
      method: 'single-profile/contact-link',
      at: AT,
    });
    expect(patch.enrichment).toEqual({ status: 'enriched', at: AT, fieldsAdded, finalUrl: URL_FINAL });
  });

  it('never overwrites what the row already holds, and leaves those fields out of the patch', () => {
    const mine = row({
      title: 'Countess',
      email: 'me@lovelace.example',
      links: { github: 'https://github.com/me' },
    });

    const { patch, fieldsAdded } = mergeProfile(mine, found, { url: URL_FINAL, at: AT });

    expect(fieldsAdded).not.toContain('title');
    expect(fieldsAdded).not.toContain('email');
    expect(fieldsAdded).not.toContain('links.github');
    expect('title' in patch).toBe(false);
    expect('email' in patch).toBe(false);
    expect(patch.provenance?.title).toBeUndefined();
  });

  it('merges links network by network, keeping the row’s own', () => {
    const mine = row({ links: { github: 'https://github.com/me', website: 'https://me.example' } });

    const { patch } = mergeProfile(mine, found, { url: URL_FINAL, at: AT });

    expect(patch.links).toEqual({
      github: 'https://github.com/me',
      website: 'https://me.example',
      twitter: 'https://twitter.com/ada',
    });
  });

  it('keeps the provenance of fields filled by an earlier enrichment', () => {
    const earlier = { url: 'https://old.example/ada', method: 'json-ld/structured-data', at: 5 };
    const mine = row({ title: 'Analyst', provenance: { title: earlier } });

    const { patch } = mergeProfile(mine, found, { url: URL_FINAL, at: AT });

    expect(patch.provenance?.title).toEqual(earlier);
    expect(patch.provenance?.company?.url).toBe(URL_FINAL);
  });

  it('adds nothing and says so when the row already has everything the page shows', () => {
    const { source: _s, provenance: _p, links, ...fields } = found;
    const full = row({ ...fields, links: { github: links!.github!, twitter: links!.twitter! } });

    const { patch, fieldsAdded } = mergeProfile(full, found, { url: URL_FINAL, at: AT });

    expect(fieldsAdded).toEqual([]);
    expect(patch).toEqual({
      enrichment: { status: 'enriched', at: AT, fieldsAdded: [], finalUrl: URL_FINAL },
    });
  });

  it('caps hostile page text like any other stored profile', () => {
    const huge = { ...found, title: 'x'.repeat(10_000), imageUrl: `https://e.example/${'a'.repeat(5000)}` };

    const { patch } = mergeProfile(row(), huge, { url: URL_FINAL, at: AT });

    expect(patch.title).toHaveLength(500);
    // A truncated URL points elsewhere: it is dropped, not cut.
    expect(patch.imageUrl).toBeUndefined();
  });
});

describe('keepingCurrentValues', () => {
  it('drops what the user typed while the page was being read, and its provenance', () => {
    const { patch } = mergeProfile(row(), found, { url: URL_FINAL, at: AT });
    const typedMeanwhile = row({ title: 'Countess', links: { twitter: 'https://twitter.com/me' } });

    const safe = keepingCurrentValues(typedMeanwhile, patch);

    expect('title' in safe).toBe(false);
    expect(safe.provenance?.title).toBeUndefined();
    expect(safe.links).toEqual({ twitter: 'https://twitter.com/me', github: 'https://github.com/ada' });
    expect(safe.company).toBe('Analytical Engines Ltd');
    expect(safe.enrichment?.fieldsAdded).toEqual([
      'company',
      'location',
      'email',
      'phone',
      'imageUrl',
      'links.github',
    ]);
  });

  it('leaves a patch alone when the row did not change', () => {
    const { patch } = mergeProfile(row(), found, { url: URL_FINAL, at: AT });

    expect(keepingCurrentValues(row(), patch)).toEqual(patch);
  });

  it('passes a failure through as it is', () => {
    const failure = {
      enrichment: { status: 'failed' as const, at: AT, fieldsAdded: [], error: 'The page answered 404' },
    };

    expect(keepingCurrentValues(row({ title: 'x' }), failure)).toEqual(failure);
  });
});
