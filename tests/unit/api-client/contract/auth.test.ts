import { describe, expect, it } from 'vitest';
import { isEmailAddress, SignupRequest } from '../../../../api-client/contract/auth.ts';

describe('isEmailAddress', () => {
  it.each([
    'ada@example.com',
    'first.last+tag@mail.example.co.uk',
    "o'brien@example.ie",
    'x@a-b.io',
    'jose@exämple.de',
  ])('accepts %j', (address) => {
    expect(isEmailAddress(address)).toBe(true);
  });

  it.each([
    'plain',
    'a@b',
    'a@@b.com',
    'a@b@c.com',
    '@b.com',
    'a@',
    'a b@c.com',
    'a@b .com',
    'a@-b.com',
    'a@b-.com',
    'a@.b.com',
    'a@b..com',
    'a..b@c.com',
    '.a@b.com',
    'a.@b.com',
    '"a"@b.com',
    `${'a'.repeat(65)}@b.com`,
    `a@${'b'.repeat(64)}.com`,
    `${'a'.repeat(60)}@${'b.'.repeat(96)}com`,
  ])('rejects %j', (address) => {
    expect(isEmailAddress(address)).toBe(false);
  });
});

describe('SignupRequest', () => {
  it('trims and lower-cases the email', () => {
    const parsed = SignupRequest.parse({ email: '  Ada@Example.COM ', password: 'long enough!' });

    expect(parsed.email).toBe('ada@example.com');
  });

  it('rejects unknown fields', () => {
    expect(
      SignupRequest.safeParse({ email: 'a@b.co', password: 'long enough!', role: 'admin' }).success,
    ).toBe(false);
  });
});
