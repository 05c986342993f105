import { describe, expect, it } from 'vitest';
import { jsonLd, parseJsonLd } from '../../../../extract/strategies/json-ld.ts';
import { contextOf, loadFixture } from '../helpers.ts';

describe('jsonLd', () => {
  it('reads employees, @graph people and repairs a trailing comma', () => {
    const fixture = loadFixture('json-ld-team');

    const [group] = jsonLd(contextOf(fixture.html, fixture.url));

    expect(group?.profiles.map((p) => p.name)).toEqual([
      'Sofia Alvarez',
      'Kenji Watanabe',
      'Priya Raman',
      'Broken Json',
    ]);
    expect(group?.profiles[1]).toMatchObject({
      title: 'CTO',
      company: 'Lumen Labs',
      profileUrl: 'https://kenji.example.dev/',
    });
    expect(group?.profiles[0]?.provenance.email).toBe('structured-data');
  });

  it('skips the page author referenced from @graph', () => {
    const fixture = loadFixture('json-ld-team');

    const names = jsonLd(contextOf(fixture.html, fixture.url)).flatMap((g) => g.profiles.map((p) => p.name));

    expect(names).not.toContain('Walter Webmaster');
  });

  it('ignores a script that is not JSON and a BlogPosting without people', () => {
    const html = `<script type="application/ld+json">{ not json</script>
      <script type="application/ld+json">{"@type":"BlogPosting","author":{"@type":"Person","name":"Ann Author"}}</script>`;

    expect(jsonLd(contextOf(html))).toEqual([]);
  });

  it('parses a script wrapped in an HTML comment', () => {
    expect(parseJsonLd('<!-- {"@type":"Person","name":"A B"} -->')).toEqual({
      '@type': 'Person',
      name: 'A B',
    });
  });
});
