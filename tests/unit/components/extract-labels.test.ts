import { describe, expect, it } from 'vitest';
import { chargeText, clip, savedText, suggestedListName } from '../../../components/extract-labels.ts';
import { PAGE } from './extract-fixtures.ts';

describe('chargeText', () => {
  it.each([
    [[{ bucket: 'team.subscription', amount: 1 }], '1 credit from the team pool.'],
    [[{ bucket: 'team.topup', amount: 1 }], '1 credit from the team pool.'],
    [[{ bucket: 'personal.free', amount: 1 }], '1 credit from your personal credits.'],
    [
      [
        { bucket: 'team.topup', amount: 1 },
        { bucket: 'personal.topup', amount: 1 },
      ],
      '1 credit from the team pool and your personal credits.',
    ],
  ] as const)('names where the credit came from: %j → %s', (breakdown, text) => {
    expect(chargeText({ kind: 'charged', spendId: 's', charged: 1, breakdown: [...breakdown] })).toBe(text);
  });
});

describe('savedText', () => {
  it('says how many were saved and merged', () => {
    expect(savedText({ added: 9, merged: 3, skipped: 0 }, 'Speakers')).toBe(
      'Saved 12 to “Speakers” (3 merged with people already in the list)',
    );
    expect(savedText({ added: 2, merged: 0, skipped: 0 }, 'Speakers')).toBe('Saved 2 to “Speakers”');
  });
});

describe('suggestedListName', () => {
  it("is the page's title, tidied, else its host", () => {
    expect(suggestedListName({ ...PAGE, title: '  Acme \n  team ' })).toBe('Acme team');
    expect(suggestedListName({ ...PAGE, title: '' })).toBe('acme.example');
  });
});

describe('clip', () => {
  it('keeps short text and cuts long text with an ellipsis, never inside a character', () => {
    expect(clip('Ada', 5)).toBe('Ada');
    expect(clip('😀😀😀😀😀😀', 4)).toBe('😀😀😀…');
  });
});
