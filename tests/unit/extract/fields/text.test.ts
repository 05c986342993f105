import { describe, expect, it } from 'vitest';
import {
  cleanText,
  collapseWhitespace,
  MAX_FIELD_CHARS,
  trimPunctuation,
} from '../../../../extract/fields/text.ts';

describe('collapseWhitespace', () => {
  it('collapses runs of spaces, tabs, newlines and non-breaking spaces', () => {
    expect(collapseWhitespace('  Jane \n\t Doe\u00a0 ')).toBe('Jane Doe');
  });

  it('removes zero-width and bidi-override characters', () => {
    expect(collapseWhitespace('Ja\u200bne\u202e Doe\u0007')).toBe('Jane Doe');
  });
});

describe('cleanText', () => {
  it('caps a field at 300 characters', () => {
    const text = cleanText('x'.repeat(5000));

    expect(text).toHaveLength(MAX_FIELD_CHARS);
  });

  it('never cuts inside a surrogate pair', () => {
    const text = cleanText('😀'.repeat(400), 301);

    expect(Array.from(text).every((ch) => ch === '😀')).toBe(true);
  });
});

describe('trimPunctuation', () => {
  it.each([
    ['• Head TA •', 'Head TA'],
    ['— Chair', 'Chair'],
    [':ratio', ':ratio'],
    ["'t Hooft", "'t Hooft"],
  ])('%j → %j', (input, output) => {
    expect(trimPunctuation(input)).toBe(output);
  });
});
