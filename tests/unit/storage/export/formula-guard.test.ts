import { describe, expect, it } from 'vitest';
import { guardCell, looksLikeFormula, unguardCell } from '../../../../storage/export/formula-guard.ts';

describe('guardCell', () => {
  it.each([
    ['=1+2', "'=1+2"],
    ['+44 20 7946 0000', "'+44 20 7946 0000"],
    ['-5', "'-5"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['\rcmd', "'\rcmd"],
    ['plain', 'plain'],
    [' =leading space', ' =leading space'],
    ['a=b', 'a=b'],
    ['', ''],
    ["'=already", "'=already"],
  ])('neutralises %j as %j', (input, expected) => {
    expect(guardCell(input)).toBe(expected);
  });

  it.each(['=1+2', '+1', '-x', '@a', '\tt', '\rr', 'plain', "'quoted", "''=x"])(
    'unguardCell(guardCell(%j)) gives the text back',
    (text) => {
      expect(unguardCell(guardCell(text))).toBe(text);
    },
  );

  it('says which text a spreadsheet could read as a formula', () => {
    expect(looksLikeFormula('=A1')).toBe(true);
    expect(looksLikeFormula('A1')).toBe(false);
  });
});
