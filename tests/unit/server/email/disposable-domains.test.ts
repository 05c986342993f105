import { describe, expect, it } from 'vitest';
import { isDisposableDomain } from '../../../../server/email/disposable-domains.ts';

describe('isDisposableDomain', () => {
  it.each([['mailinator.com'], ['MAILINATOR.COM'], ['eu.mailinator.com'], ['a.b.mailinator.com']])(
    'flags %s as disposable',
    (domain) => {
      expect(isDisposableDomain(domain)).toBe(true);
    },
  );

  it.each([
    ['example-company.com'],
    ['gmail.com'],
    ['mailinator.co.uk.example-company.com'],
    ['mailinator.com.example.org'],
    ['com'],
    [''],
  ])('does not flag %s', (domain) => {
    expect(isDisposableDomain(domain)).toBe(false);
  });
});
