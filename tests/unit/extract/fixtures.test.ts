import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { nameKey } from '../../../extract/fields/name.ts';
import { extractProfiles, toPublicProfile } from '../../../extract/index.ts';
import { FIXTURES_DIR, loadFixture, parse } from './helpers.ts';

const FIXTURES = readdirSync(FIXTURES_DIR)
  .filter((file) => file.endsWith('.html'))
  .map((file) => file.replace(/\.html$/, ''))
  .sort();

// Every saved page yields exactly the people it shows, with the fields its expected.json lists.
describe.each(FIXTURES)('fixture %s', (name) => {
  const fixture = loadFixture(name);
  const profiles = extractProfiles(parse(fixture.html, fixture.url), { url: fixture.url }).map(
    toPublicProfile,
  );

  it('finds exactly the people shown', () => {
    expect(profiles.map((p) => nameKey(p.name)).sort()).toEqual(
      fixture.profiles.map((p) => nameKey(p.name)).sort(),
    );
  });

  it.each(fixture.profiles.map((p) => [p.name, p] as const))(
    'reads the fields of %s',
    (personName, expected) => {
      const actual = profiles.find((p) => nameKey(p.name) === nameKey(personName));

      expect(actual).toMatchObject(expected);
    },
  );
});
