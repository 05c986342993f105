import { describe, expect, it } from 'vitest';
import {
  formatAge,
  formatCredits,
  outOfCreditsAdvice,
  spendOrderCase,
  spendOrderLabel,
} from '../../../components/credit-labels.ts';
import { personalBalance, teamBalance } from './balances.ts';

describe('spendOrderLabel', () => {
  it.each([
    ['in no team', personalBalance(), 'no_team', 'Using your personal credits', false],
    [
      'with pool access',
      teamBalance({ poolAccess: true }),
      'team_first',
      'Spending team credits first',
      true,
    ],
    [
      'with pool access and an empty pool',
      teamBalance({ poolAccess: true, poolAvailable: 0 }),
      'pool_empty',
      'Team pool is empty — using personal credits',
      false,
    ],
    [
      'with pool access, capped out',
      teamBalance({ poolAccess: true, cycleCap: 5, creditsUsed: 5 }),
      'cap_reached',
      'Team credit cap reached — using personal credits',
      false,
    ],
    [
      'without pool access',
      teamBalance({ poolAccess: false }),
      'pool_access_off',
      'Pool access off — using personal credits',
      false,
    ],
  ])('labels a member %s', (_situation, balance, which, text, poolInUse) => {
    expect(spendOrderLabel(balance)).toEqual({ case: which, text, poolInUse });
  });

  it('keeps the pool first while a cap still leaves credits', () => {
    const balance = teamBalance({ poolAccess: true, cycleCap: 5, creditsUsed: 4 });

    expect(spendOrderCase(balance)).toBe('team_first');
    expect(balance.available).toBe(51);
  });
});

describe('outOfCreditsAdvice', () => {
  it.each([
    [personalBalance({ available: 0 }), 'Top up your personal credits'],
    [teamBalance({ poolAccess: false }), 'turn on pool access'],
    [teamBalance({ poolAccess: true, cycleCap: 1, creditsUsed: 1 }), 'cap starts again on 1 Dec 2026'],
    [teamBalance({ poolAccess: true, poolAvailable: 0 }), 'pool is empty until it refills on 1 Dec 2026'],
  ])('tells what to do next (%#)', (balance, advice) => {
    expect(outOfCreditsAdvice(balance)).toContain(advice);
  });
});

describe('formatAge', () => {
  it.each([
    [0, 'just now'],
    [59_999, 'just now'],
    [60_000, '1 min ago'],
    [5 * 60_000 + 30_000, '5 min ago'],
    [2 * 3_600_000, '2 h ago'],
    [24 * 3_600_000, '1 day ago'],
    [3 * 24 * 3_600_000, '3 days ago'],
    [-5_000, 'just now'],
  ])('says %i ms is %j', (ageMs, text) => {
    expect(formatAge(ageMs)).toBe(text);
  });
});

describe('formatCredits', () => {
  it('groups thousands', () => {
    expect(formatCredits(1234567)).toBe('1,234,567');
  });
});
