import { describe, expect, it } from 'vitest';
import {
  candidatesFor,
  findEmailPlan,
  MAX_CANDIDATES,
} from '../../../../services/email-finding/candidates.ts';
import { companyDomain } from '../../../../services/email-finding/domain.ts';
import { splitName } from '../../../../services/email-finding/names.ts';
import { PATTERNS, patternOf, rankPatterns } from '../../../../services/email-finding/patterns.ts';

const NOW = Date.UTC(2026, 10, 25, 12);

describe('companyDomain', () => {
  it('takes the website first, without www', () => {
    expect(companyDomain({ links: { website: 'https://www.Acme.com/about' }, email: 'a@other.io' })).toBe(
      'acme.com',
    );
  });
  it('takes a work email domain, but not a free-mail one', () => {
    expect(companyDomain({ email: 'ada@engines.co.uk' })).toBe('engines.co.uk');
    expect(companyDomain({ email: 'ada@gmail.com' })).toBeUndefined();
  });
  it('ignores profile sites as websites and falls back to a company link', () => {
    expect(
      companyDomain({ links: { website: 'https://github.com/ada', company: 'https://engines.example' } }),
    ).toBe('engines.example');
  });
  it('knows no domain from a profile URL alone, nor from an IP address', () => {
    expect(companyDomain({ links: { website: 'http://127.0.0.1:8080/' } })).toBeUndefined();
    expect(companyDomain({})).toBeUndefined();
  });
});

describe('patterns', () => {
  const ada = splitName('Ada Lovelace')!;
  it.each([
    ['ada.lovelace', 'first.last'],
    ['ada', 'first'],
    ['alovelace', 'flast'],
    ['adalovelace', 'firstlast'],
    ['ada_lovelace', 'first_last'],
    ['a.lovelace', 'f.last'],
    ['lovelace', 'last'],
    ['adal', 'firstl'],
    ['lovelace.ada', 'last.first'],
    ['ada-lovelace', 'first-last'],
    ['countess', undefined],
  ])('reads %s as %s', (local, pattern) => {
    expect(patternOf(ada, local)).toBe(pattern);
  });

  it('recognises a pattern through any form of a name (particles, hyphens)', () => {
    expect(patternOf(splitName('Jan van der Berg')!, 'jan.berg')).toBe('first.last');
    expect(patternOf(splitName('Jean-Pierre Dupont')!, 'jean-pierre.dupont')).toBe('first.last');
  });

  it('puts the patterns seen at a domain first, most seen first, then the usual order', () => {
    const ranked = rankPatterns(
      new Map([
        ['flast', 3],
        ['first', 7],
      ]),
    ).map((p) => p.id);
    expect(ranked.slice(0, 3)).toEqual(['first', 'flast', 'first.last']);
    expect(ranked).toHaveLength(PATTERNS.length);
  });
});

describe('candidatesFor', () => {
  const row = { name: 'Zoë van Dijk', links: { website: 'https://acme.com' } };

  it('builds patterns at the company domain, accents folded, particles kept', () => {
    expect(candidatesFor(row, [], new Map()).map((c) => c.email)).toEqual([
      'zoe.vandijk@acme.com',
      'zoe@acme.com',
      'zvandijk@acme.com',
      'zoevandijk@acme.com',
      'zoe_vandijk@acme.com',
      'z.vandijk@acme.com',
      'vandijk@acme.com',
      'zoev@acme.com',
    ]);
  });

  it("tries the row's own email, then the page's, then patterns ranked by what the lists show", () => {
    const candidates = candidatesFor(
      { ...row, email: 'Zoe@Personal.example' },
      ['zoe.dijk@acme.com', 'zoe@personal.example'],
      new Map([['flast', 2]]),
    );
    expect(candidates.slice(0, 4)).toEqual([
      { email: 'zoe@personal.example', source: 'row' },
      { email: 'zoe.dijk@acme.com', source: 'page' },
      { email: 'zvandijk@acme.com', source: 'pattern', pattern: 'flast' },
      { email: 'zoe.vandijk@acme.com', source: 'pattern', pattern: 'first.last' },
    ]);
    expect(candidates).toHaveLength(MAX_CANDIDATES);
  });

  it('drops page strings that are not addresses', () => {
    expect(candidatesFor({ name: 'Ada Lovelace' }, ['not an email', 'a@b'], new Map())).toEqual([]);
  });
});

describe('findEmailPlan', () => {
  it('skips a row with no domain and no email, saying what to add', () => {
    expect(findEmailPlan({ name: 'Ada Lovelace' }, NOW)).toEqual({
      skip: 'No company domain known for this row (add its website or work email)',
    });
  });
  it('skips a row whose name cannot be spelt as an address, when it has no email to check', () => {
    expect(findEmailPlan({ name: '王小明', links: { website: 'https://acme.com' } }, NOW)).toMatchObject({
      skip: expect.stringContaining('Latin letters'),
    });
  });
  it('skips a row whose email was found earlier today, but not one found yesterday', () => {
    const found = { status: 'valid' as const, at: NOW - 60_000 };
    expect(
      findEmailPlan({ name: 'Ada Lovelace', email: 'ada@acme.com', emailFinding: found }, NOW),
    ).toHaveProperty('skip');
    const yesterday = { ...found, at: NOW - 86_400_000 };
    expect(
      findEmailPlan({ name: 'Ada Lovelace', email: 'ada@acme.com', emailFinding: yesterday }, NOW),
    ).toEqual({
      domain: 'acme.com',
      canBuild: true,
      rowEmail: 'ada@acme.com',
    });
  });
});
