import { describe, expect, it } from 'vitest';
import { tables } from '../../../../extract/strategies/tables.ts';
import { contextOf, loadFixture } from '../helpers.ts';

describe('tables', () => {
  it('maps columns by their headers and skips a table of talks', () => {
    const fixture = loadFixture('table-staff');

    const groups = tables(contextOf(fixture.html, fixture.url));

    expect(groups).toHaveLength(1);
    expect(groups[0]?.profiles[0]).toMatchObject({
      name: 'Jan Kowalski',
      title: 'Head of Department',
      email: 'jan.kowalski@uni.example.pl',
      profileUrl: 'https://uni.example.pl/people/kowalski',
    });
    expect(groups[0]?.profiles[0]?.provenance.title).toBe('table-column');
  });

  it('finds the name column of a table without headers, and no people in a credits table', () => {
    const people = `<table><tr><td>Ana López</td><td>Chair</td></tr><tr><td>Bob Li</td><td>Treasurer</td></tr>
      <tr><td>Carla Rossi</td><td>Secretary</td></tr></table>`;
    const credits = `<table><tr><td>Logo design</td><td>Julián Becerra, Graphic Mint</td></tr>
      <tr><td>Heading typeface</td><td>Museo, by Jos Buivenga</td></tr><tr><td>Photography</td><td>Jacco van Muiswinkel</td></tr></table>`;

    expect(tables(contextOf(people))[0]?.profiles.map((p) => p.name)).toEqual([
      'Ana López',
      'Bob Li',
      'Carla Rossi',
    ]);
    expect(tables(contextOf(credits))).toEqual([]);
  });
});
