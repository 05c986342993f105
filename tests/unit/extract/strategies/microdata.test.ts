import { describe, expect, it } from 'vitest';
import { microdata } from '../../../../extract/strategies/microdata.ts';
import { contextOf, loadFixture } from '../helpers.ts';

describe('microdata', () => {
  it('reads Person items with nested organisations and addresses, not the article author', () => {
    const fixture = loadFixture('microdata-people');

    const [group] = microdata(contextOf(fixture.html, fixture.url));

    expect(group?.profiles.map((p) => p.name)).toEqual(['Mei Lin', 'Omar Haddad', 'Zoë Müller']);
    expect(group?.profiles[0]).toMatchObject({
      company: 'Stripe',
      links: { github: 'https://github.com/meilin' },
    });
    expect(group?.profiles[2]?.location).toBe('Zürich, Switzerland');
  });

  it('does not take colleague links for people', () => {
    const html = `<div itemscope itemtype="https://schema.org/Person"><span itemprop="name">Jane Roe</span>
      <a href="/alice" itemprop="colleague">Alice Jones</a></div>`;

    const names = microdata(contextOf(html)).flatMap((g) => g.profiles.map((p) => p.name));

    expect(names).toEqual(['Jane Roe']);
  });
});
