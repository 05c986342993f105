import { describe, expect, it } from 'vitest';
import { rdfa } from '../../../../extract/strategies/rdfa.ts';
import { contextOf, loadFixture } from '../helpers.ts';

describe('rdfa', () => {
  it('reads schema.org RDFa Lite and FOAF people', () => {
    const fixture = loadFixture('rdfa-people');

    const [group] = rdfa(contextOf(fixture.html, fixture.url));

    expect(group?.profiles.map((p) => p.name)).toEqual(['Henrik Larsen', 'Aiko Suzuki', "Liam O'Brien"]);
    expect(group?.profiles[1]?.company).toBe('Kyoto University');
    expect(group?.profiles[2]).toMatchObject({
      email: 'liam@obrien.example.ie',
      profileUrl: 'https://obrien.example.ie/',
    });
  });
});
