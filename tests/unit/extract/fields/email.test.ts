import { describe, expect, it } from 'vitest';
import { deobfuscate, emailFromMailto, findEmail, isEmail } from '../../../../extract/fields/email.ts';

describe('emailFromMailto', () => {
  it.each([
    ['mailto:Maria.Rossi@Lab.org', 'maria.rossi@lab.org'],
    ['mailto:maria@lab.org?subject=Hello', 'maria@lab.org'],
    ['mailto:maria%40lab.org', 'maria@lab.org'],
    ['mailto:a@lab.org,b@lab.org', 'a@lab.org'],
  ])('%s → %s', (href, email) => {
    expect(emailFromMailto(href)).toBe(email);
  });

  it('rejects a mailto without a complete address', () => {
    expect(emailFromMailto('mailto:jane@')).toBeUndefined();
  });
});

describe('findEmail', () => {
  it.each([
    ['Email: maria.rossi@uni.example.edu', 'maria.rossi@uni.example.edu'],
    ['jane [at] cs [dot] example [dot] edu', 'jane@cs.example.edu'],
    ['maria(at)lab.org', 'maria@lab.org'],
    ['maria AT lab DOT org', 'maria@lab.org'],
    ['contact: maria at lab dot org', 'maria@lab.org'],
  ])('reads %j', (text, email) => {
    expect(findEmail(text)).toBe(email);
  });

  it.each([
    ['jswright@'],
    ['xxxxx@leeds.ac.uk'],
    ['name@example.com'],
    ['jane.doe@example.org'],
    ['meet me at noon'],
  ])('finds no address in %j', (text) => {
    expect(findEmail(text)).toBeUndefined();
  });
});

describe('isEmail', () => {
  it('accepts plus addressing and rejects spaces', () => {
    expect(isEmail('maria+news@lab.org')).toBe(true);
    expect(isEmail('maria rossi@lab.org')).toBe(false);
  });

  it('leaves text without obfuscation unchanged', () => {
    expect(deobfuscate('Jane Doe')).toBe('Jane Doe');
  });
});
