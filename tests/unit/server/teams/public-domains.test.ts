import { describe, expect, it } from 'vitest';
import { isPublicMailDomain } from '../../../../server/teams/public-domains.ts';

describe('isPublicMailDomain', () => {
  it.each([
    'gmail.com',
    'googlemail.com',
    'outlook.com',
    'hotmail.com',
    'hotmail.co.uk',
    'live.fr',
    'yahoo.com',
    'yahoo.co.jp',
    'icloud.com',
    'me.com',
    'aol.com',
    'proton.me',
    'protonmail.com',
    'gmx.de',
    'gmx.net',
    'mail.com',
    'yandex.ru',
    'yandex.com.tr',
    'zoho.com',
    'mailinator.com',
  ])('refuses %s', (domain) => {
    expect(isPublicMailDomain(domain)).toBe(true);
  });

  it.each([
    'acme.com',
    'acme.test',
    'example.com',
    'mail.acme.com',
    'gmail.acme.com',
    'live-nation.com',
    'gmxx.de',
  ])('accepts the company domain %s', (domain) => {
    expect(isPublicMailDomain(domain)).toBe(false);
  });
});
