import { describe, expect, it } from 'vitest';
import { extractCandidates, extractProfiles, toPublicProfile } from '../../../extract/index.ts';
import { loadFixture, parse } from './helpers.ts';

describe('extractProfiles', () => {
  it('stamps each profile with the page URL and the strategy that found it', () => {
    const fixture = loadFixture('cards-team');

    const [first] = extractProfiles(parse(fixture.html, fixture.url), { url: fixture.url });

    expect(first?.source).toEqual({ url: fixture.url, method: 'repeated-cards' });
    expect(first?.provenance.name).toBeDefined();
  });

  it('cuts the answer to the limit', () => {
    const fixture = loadFixture('flat-headings');

    const profiles = extractProfiles(parse(fixture.html, fixture.url), { url: fixture.url, limit: 3 });

    expect(profiles).toHaveLength(3);
  });

  it('merges a person found by structured data and on the page into one profile', () => {
    const fixture = loadFixture('json-ld-team');

    const kenji = extractProfiles(parse(fixture.html, fixture.url), { url: fixture.url }).filter(
      (p) => p.name === 'Kenji Watanabe',
    );

    expect(kenji).toHaveLength(1);
    expect(kenji[0]).toMatchObject({ title: 'CTO', location: 'Tokyo, Japan' });
    expect(kenji[0]?.provenance).toMatchObject({ title: 'structured-data', location: 'card-text' });
  });

  it('returns nothing for an empty page or a page without people', () => {
    expect(extractProfiles(parse(''), { url: 'https://example.org/' })).toEqual([]);
    expect(
      extractProfiles(parse('<h1>Pricing</h1><p>Plans start at $9.</p>'), { url: 'https://example.org/' }),
    ).toEqual([]);
  });

  it('drops source and provenance for the public shape', () => {
    const fixture = loadFixture('table-staff');

    const [first] = extractProfiles(parse(fixture.html, fixture.url), { url: fixture.url }).map(
      toPublicProfile,
    );

    expect(Object.keys(first ?? {})).not.toContain('provenance');
    expect(Object.keys(first ?? {})).not.toContain('source');
  });
});

describe('extractCandidates', () => {
  it('offers the combined answer first, then each list alone', () => {
    const fixture = loadFixture('flat-headings');

    const candidates = extractCandidates(parse(fixture.html, fixture.url), { url: fixture.url });

    expect(candidates[0]?.id).toBe('combined');
    expect(candidates[0]?.profiles).toHaveLength(11);
    expect(candidates.length).toBeGreaterThan(2);
    expect(new Set(candidates.map((c) => c.id)).size).toBe(candidates.length);
  });

  it('keeps rejected lists as alternatives without putting them in the answer', () => {
    const fixture = loadFixture('testimonials');

    const candidates = extractCandidates(parse(fixture.html, fixture.url), { url: fixture.url });

    expect(candidates.find((c) => c.id === 'combined')).toBeUndefined();
    expect(candidates.flatMap((c) => c.profiles.map((p) => p.name))).toContain('Anna Berg');
  });
});
