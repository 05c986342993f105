import { describe, expect, it } from 'vitest';
import { repeatedCards } from '../../../../extract/strategies/repeated-cards.ts';
import { contextOf, loadFixture } from '../helpers.ts';

function acceptedNames(html: string, url?: string): string[] {
  return repeatedCards(contextOf(html, url))
    .filter((g) => g.accepted)
    .flatMap((g) => g.profiles.map((p) => p.name));
}

describe('repeatedCards', () => {
  it('maps photo cards: name, role, contact links, photo and profile link', () => {
    const fixture = loadFixture('cards-team');

    const groups = repeatedCards(contextOf(fixture.html, fixture.url)).filter((g) => g.accepted);
    const grace = groups.flatMap((g) => g.profiles).find((p) => p.name === 'Grace Hopper');

    expect(grace).toMatchObject({
      title: 'Chief Executive Officer',
      profileUrl: 'https://northwind.example/people/grace-hopper/',
      links: { linkedin: 'https://www.linkedin.com/in/gracehopper/' },
    });
    expect(grace?.provenance).toMatchObject({
      title: 'card-text',
      links: 'contact-link',
      profileUrl: 'link-target',
    });
  });

  it('labels a list with the heading above it', () => {
    const fixture = loadFixture('cards-team');

    const labels = repeatedCards(contextOf(fixture.html, fixture.url)).map((g) => g.label);

    expect(labels).toContain('Leadership');
  });

  it('reads flat runs of name headings and the lines under each', () => {
    const names = acceptedNames(loadFixture('flat-headings').html);

    expect(names.slice(0, 4)).toEqual([
      'Prof. Maria Goeppert',
      'Dr. Chen Ning Yang',
      'Lise Meitner',
      'Emmy Noether',
    ]);
  });

  it('does not accept navigation menus, testimonials or post bylines', () => {
    expect(acceptedNames(loadFixture('testimonials').html)).toEqual([]);
    expect(acceptedNames(loadFixture('blog-list').html)).toEqual([]);
    const nav = `<nav><ul><li><a href="/a">Corda Nodes</a></li><li><a href="/b">Jane Doe</a></li><li><a href="/c">Bob Smith</a></li></ul></nav>`;
    expect(acceptedNames(nav)).toEqual([]);
  });

  it('takes the name from the position the list keeps names in, not a username beside it', () => {
    const card = (user: string, name: string, company: string) =>
      `<div class="row"><a href="/users/${user}"><img src="/p/${user}.jpg" alt="Picture of ${user}"></a>
       <a class="u" href="/users/${user}">${user}</a><p>${name}</p><p>${company}</p></div>`;
    const html = `<div>${card('chris-o', 'Krzysztof Ożóg', 'Codesushi')}${card('anna', 'Anna Kowalska', 'Droptica')}${card('piotr', 'Piotr Nowak', 'Ratio Web')}</div>`;

    expect(acceptedNames(html)).toEqual(['Krzysztof Ożóg', 'Anna Kowalska', 'Piotr Nowak']);
  });

  it('accepts a one-word name where the other cards keep their names', () => {
    const card = (name: string) =>
      `<div class="c"><a href="/s/${name}"><img src="/s/${name}.jpg"><h3>${name}</h3></a></div>`;
    const html = `<div>${card('Jane Doe')}${card('Korbik')}${card('Bob Smith')}${card('Ana Lopez')}${card('Vous')}</div>`;

    expect(acceptedNames(html)).toEqual(['Jane Doe', 'Korbik', 'Bob Smith', 'Ana Lopez']);
  });
});
