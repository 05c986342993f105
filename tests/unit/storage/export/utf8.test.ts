import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UTF8_BOM, utf8Bytes } from '../../../../storage/export/utf8.ts';

describe('utf8Bytes', () => {
  it('gives the bytes TextEncoder gives, for ASCII, accents, emoji, RTL and lone surrogates', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 200, unit: fc.constantFrom('a', ',', '\n', 'é', 'ß', '🚀', 'نور', '\uD800') }),
        (text) => {
          expect(utf8Bytes(text)).toEqual(new TextEncoder().encode(text));
        },
      ),
    );
  });

  it('starts with the prefix: a CSV file begins with the byte-order mark Excel looks for', () => {
    const bytes = utf8Bytes('Name,Note\r\nZoë,"hi"', UTF8_BOM);

    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder('utf-8', { ignoreBOM: false }).decode(bytes)).toBe('Name,Note\r\nZoë,"hi"');
    expect(utf8Bytes('', UTF8_BOM)).toEqual(UTF8_BOM);
  });
});
