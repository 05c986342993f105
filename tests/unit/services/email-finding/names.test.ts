import { describe, expect, it } from 'vitest';
import { foldToAscii, splitName } from '../../../../services/email-finding/names.ts';

describe('splitName', () => {
  it.each([
    ['Ada Lovelace', ['ada'], ['lovelace']],
    ['José Álvarez', ['jose'], ['alvarez']],
    ['Zoë Søren-Łukasz', ['zoe'], ['sorenlukasz', 'soren-lukasz']],
    ['Jürgen Groß', ['jurgen'], ['gross']],
    ['Jean-Pierre Dupont', ['jeanpierre', 'jean-pierre'], ['dupont']],
    ['Jan van der Berg', ['jan'], ['vanderberg', 'berg']],
    ['Ana de Souza', ['ana'], ['desouza', 'souza']],
    ['Ludwig van Beethoven', ['ludwig'], ['vanbeethoven', 'beethoven']],
    ["Conan O'Brien", ['conan'], ['obrien']],
    ['Dr. Grace Brewster Hopper PhD', ['grace'], ['hopper']],
    ['Prof. Alan M. Turing, Jr.', ['alan'], ['turing']],
    ['Hopper, Grace', ['grace'], ['hopper']],
    ['Linus "the penguin" Torvalds', ['linus'], ['torvalds']],
    ['Mary Ann Evans (George Eliot)', ['mary'], ['evans']],
  ])('%s → first %j, last %j', (name, first, last) => {
    expect(splitName(name)).toEqual({ first, last });
  });

  it.each([['Madonna'], ['王小明'], ['Дмитрий Иванов'], ['محمد علي'], ['Dr. Smith'], ['']])(
    'gives no parts for %j (one name, or not in Latin letters)',
    (name) => {
      expect(splitName(name)).toBeUndefined();
    },
  );

  it('keeps a trailing particle-like word as the last name when nothing follows it', () => {
    expect(splitName('Marie Le')).toEqual({ first: ['marie'], last: ['le'] });
  });
});

describe('foldToAscii', () => {
  it('spells letters that decomposition leaves alone', () => {
    expect(foldToAscii('Æsa Øster Þór Straße Łódź')).toBe('aesa oster thor strasse lodz');
  });
});
