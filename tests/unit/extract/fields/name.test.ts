import { describe, expect, it } from 'vitest';
import { cleanName, nameFromAlt, nameKey, nameScore, splitName } from '../../../../extract/fields/name.ts';

describe('nameScore', () => {
  it.each([
    ['Jane Doe'],
    ['Prof. Dr. David Martens'],
    ['Wannes Van Den Bulck'],
    ["Sanne 't Hooft"],
    ['Ishaq Aden-Ali'],
    ['Jean-Christophe Malapert'],
    ['Krzysztof Ożóg'],
    ['Wes McVay'],
    ['Dean Janssen'],
    ["gnidan (Nick D'Andrea)"],
    ['Steve Bellan, MPH, PhD'],
    ['山田 太郎'],
  ])('%j is a name', (text) => {
    expect(nameScore(text)).toBeGreaterThan(0.4);
  });

  it.each([
    ['Read more'],
    ['Executive Director'],
    ['University of Chicago'],
    ['Open Science Pool'],
    ['Consortium Members'],
    ['March 3, 2024'],
    ['Card image cap'],
    ['les speakers'],
    ['By Jane Doe'],
    ['<script>alert(1)</script> Jane Doe'],
    ['jane@example.org'],
    ['Vous'],
    ['Acme Inc'],
  ])('%j is not a name', (text) => {
    expect(nameScore(text)).toBe(0);
  });

  it('accepts one-word names only when asked', () => {
    expect(nameScore('Korbik')).toBe(0);
    expect(nameScore('Korbik', { allowSingleWord: true })).toBeGreaterThan(0);
  });

  it('lets a common-word surname pass when other evidence says it is a name', () => {
    expect(nameScore('Jane Public')).toBe(0);
    expect(nameScore('Jane Public', { lenient: true })).toBeGreaterThan(0);
  });
});

describe('name helpers', () => {
  it('drops pronoun notes but keeps what is shown', () => {
    expect(cleanName('  John Wright \n (He/Him) ')).toBe('John Wright');
    expect(cleanName('Prof. Dr. Jane Doe')).toBe('Prof. Dr. Jane Doe');
  });

  it('reads the name in an image alt text', () => {
    expect(nameFromAlt('Photo of Grace Hopper')).toBe('Grace Hopper');
    expect(nameFromAlt('Obrazek użytkownika Chris Ozog')).toBe('Chris Ozog');
  });

  it('keys spellings of one person alike', () => {
    expect(nameKey('Dr. Damián Ávila (he/him)')).toBe(nameKey('damian avila'));
  });

  it.each([
    ['Carla Rossi (Politecnico di Milano)', 'Carla Rossi', 'Politecnico di Milano'],
    ['Paul Dirac, now at Cambridge University', 'Paul Dirac', 'now at Cambridge University'],
    ['Jane Doe – Chair', 'Jane Doe', 'Chair'],
  ])('splits %j', (text, name, rest) => {
    expect(splitName(text)).toEqual({ name, rest });
  });

  it('keeps degrees with the name', () => {
    expect(splitName('Jane Doe, PhD')).toBeUndefined();
  });
});
