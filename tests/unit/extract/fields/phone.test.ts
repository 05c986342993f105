import { describe, expect, it } from 'vitest';
import { findPhone, isPhone, phoneFromTel } from '../../../../extract/fields/phone.ts';

describe('phones', () => {
  it.each([['+1 (425) 123-4567'], ['020 7123 4567'], ['+48 12 345 67 89']])(
    '%s is a phone number',
    (text) => {
      expect(isPhone(text)).toBe(true);
    },
  );

  it.each([['2014-02-05'], ['2019 - 2023'], ['12345'], ['1234567890123456789']])('%s is not', (text) => {
    expect(isPhone(text)).toBe(false);
  });

  it('reads a tel: href', () => {
    expect(phoneFromTel('tel:+44%2020%207123%204567')).toBe('+44 20 7123 4567');
  });

  it('reads a labelled number and skips fax numbers', () => {
    expect(findPhone('Phone: +49 30 1234 5678')).toBe('+49 30 1234 5678');
    expect(findPhone('Fax: +49 30 1234 5679')).toBeUndefined();
  });
});
