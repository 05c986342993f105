import { describe, expect, it } from 'vitest';
import { hCard } from '../../../../extract/strategies/h-card.ts';
import { contextOf, loadFixture } from '../helpers.ts';

describe('hCard', () => {
  it('reads microformats2 and classic hCards, not post authors', () => {
    const fixture = loadFixture('h-card-people');

    const [group] = hCard(contextOf(fixture.html, fixture.url));

    expect(group?.profiles.map((p) => p.name)).toEqual(['Inês Costa', 'Tomás Novák', 'Yusuf Demir']);
    expect(group?.profiles[0]).toMatchObject({
      title: 'Product Manager',
      company: 'Farfetch',
      location: 'Porto, Portugal',
    });
    expect(group?.profiles[2]?.profileUrl).toBe('https://yusuf.example.com/');
  });
});
