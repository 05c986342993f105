import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDnsLookup, type DomainLookup } from '../../../../server/email/domain-lookup.ts';
import { verifyEmailAddress } from '../../../../server/email/verify-email.ts';
import { type DnsServer, startDnsServer } from '../../../support/dns-server.ts';

/** A lookup that says every domain takes mail and remembers what it was asked. */
function recordingLookup(): { lookup: DomainLookup; asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    lookup: async (domain) => {
      asked.push(domain);
      return true;
    },
  };
}

const LONGEST_ADDRESS = `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(57)}.com`;

describe('verifyEmailAddress syntax', () => {
  it.each([
    ['plain', 'jane@acme.com', 'jane@acme.com'],
    ['plus tag', 'jane+news@acme.com', 'jane+news@acme.com'],
    ['subdomain', 'jane@mail.eu.acme.com', 'jane@mail.eu.acme.com'],
    ['IDN punycode domain', 'jane@xn--mnchen-3ya.de', 'jane@xn--mnchen-3ya.de'],
    ['apostrophe', "o'brien@acme.com", "o'brien@acme.com"],
    ['hyphen inside a label', 'jane@acme-corp.co.uk', 'jane@acme-corp.co.uk'],
    ['upper-case domain (lower-cased, local part kept)', 'Jane.Doe@ACME.Com', 'Jane.Doe@acme.com'],
    ['surrounding white space (trimmed)', ' \tjane@acme.com\n', 'jane@acme.com'],
    ['exactly 254 chars with a 64-char local part', LONGEST_ADDRESS, LONGEST_ADDRESS],
  ])('accepts %s', async (_case, input, normalized) => {
    const { lookup, asked } = recordingLookup();

    const result = await verifyEmailAddress(input, { lookup });

    expect(result.checks.syntax).toBe(true);
    expect(result.email).toBe(normalized);
    expect(asked).toEqual([normalized.slice(normalized.lastIndexOf('@') + 1)]);
  });

  it.each([
    ['empty', ''],
    ['white space only', '   '],
    ['no @', 'jane.acme.com'],
    ['two @', 'jane@doe@acme.com'],
    ['nothing before @', '@acme.com'],
    ['nothing after @', 'jane@'],
    ['space in the local part', 'jane doe@acme.com'],
    ['space in the domain', 'jane@ac me.com'],
    ['space after @', 'jane@ acme.com'],
    ['display name', 'A <a@b.com>'],
    ['angle brackets', '<jane@acme.com>'],
    ['group', 'team: jane@acme.com;'],
    ['two addresses', 'jane@acme.com, joe@acme.com'],
    ['comment', 'jane(work)@acme.com'],
    ['quoted local part', '"jane doe"@acme.com'],
    ['trailing dot in the domain', 'jane@acme.com.'],
    ['trailing dot in the local part', 'jane.@acme.com'],
    ['leading dot in the local part', '.jane@acme.com'],
    ['consecutive dots in the local part', 'jane..doe@acme.com'],
    ['consecutive dots in the domain', 'jane@acme..com'],
    ['no dot in the domain', 'jane@localhost'],
    ['IP literal domain', 'jane@[192.0.2.1]'],
    ['all-digit TLD', 'jane@192.0.2.1'],
    ['label starting with a hyphen', 'jane@-acme.com'],
    ['label ending with a hyphen', 'jane@acme-.com'],
    ['underscore in the domain', 'jane@ac_me.com'],
    ['64-char label', `jane@${'a'.repeat(64)}.com`],
    ['65-char local part', `${'a'.repeat(65)}@acme.com`],
    ['255 chars in all', `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(58)}.com`],
    ['more than 320 chars', `jane@${'a.'.repeat(200)}com`],
    ['1 MB string', `${'a'.repeat(1024 * 1024)}@acme.com`],
    ['NUL', 'jane\u0000@acme.com'],
    ['bell at the start', '\u0007jane@acme.com'],
    ['DEL', 'jane\u007f@acme.com'],
    ['zero-width space', 'jane\u200b@acme.com'],
    ['header injection', 'jane@acme.com\r\nBcc: joe@acme.com'],
    ['non-ASCII local part', 'jöse@acme.com'],
    ['Unicode domain (must be given as punycode)', 'jane@münchen.de'],
  ])('rejects %s without asking DNS', async (_case, input) => {
    const { lookup, asked } = recordingLookup();

    const result = await verifyEmailAddress(input, { lookup });

    expect(result.checks.syntax).toBe(false);
    expect(result.checks.mx).toBe(false);
    expect(result.valid).toBe(false);
    expect(asked).toEqual([]);
  });

  it('still reports role and disposable for a parsable but unusable address', async () => {
    const { lookup } = recordingLookup();

    const result = await verifyEmailAddress('Info@Mailinator', { lookup });

    expect(result).toEqual({
      email: 'Info@mailinator',
      valid: false,
      checks: { syntax: false, mx: false, disposable: false, role: true },
    });
  });

  it('reports nothing but syntax false for an address it cannot parse', async () => {
    const { lookup } = recordingLookup();

    const result = await verifyEmailAddress('info@@mailinator.com', { lookup });

    expect(result.checks).toEqual({ syntax: false, mx: false, disposable: false, role: false });
  });

  it('counts a failing lookup as no MX rather than throwing', async () => {
    const lookup: DomainLookup = () => Promise.reject(new Error('resolver crashed'));

    const result = await verifyEmailAddress('jane@acme.com', { lookup });

    expect(result.valid).toBe(false);
    expect(result.checks).toEqual({ syntax: true, mx: false, disposable: false, role: false });
  });

  it('never throws and never calls an invalid result valid, for any string', async () => {
    const { lookup } = recordingLookup();

    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 400 }), async (input) => {
        const result = await verifyEmailAddress(input, { lookup });

        expect(result.valid).toBe(
          result.checks.syntax && result.checks.mx && !result.checks.disposable && !result.checks.role,
        );
      }),
    );
  });
});

describe('verifyEmailAddress against a local DNS server', () => {
  let server: DnsServer;
  let lookup: DomainLookup;

  beforeAll(async () => {
    server = await startDnsServer({
      'acme.com': { mx: ['mx1.acme.com'] },
      'a-only.com': { a: ['192.0.2.10'] },
      'mailinator.com': { mx: ['mail.mailinator.com'] },
      'parked.com': { mx: ['.'] },
    });
    lookup = createDnsLookup({ servers: [server.address], timeoutMs: 2000 });
  });

  afterAll(async () => {
    await server.close();
  });

  it('accepts a person at a company domain with an MX', async () => {
    const result = await verifyEmailAddress('Jane.Doe@Acme.com', { lookup });

    expect(result).toEqual({
      email: 'Jane.Doe@acme.com',
      valid: true,
      checks: { syntax: true, mx: true, disposable: false, role: false },
    });
  });

  it('accepts a domain that only has an A record', async () => {
    const result = await verifyEmailAddress('jane@a-only.com', { lookup });

    expect(result.valid).toBe(true);
    expect(result.checks.mx).toBe(true);
  });

  it('refuses a role address on a good domain', async () => {
    const result = await verifyEmailAddress('Support+eu@acme.com', { lookup });

    expect(result.valid).toBe(false);
    expect(result.checks).toEqual({ syntax: true, mx: true, disposable: false, role: true });
  });

  it('refuses a disposable domain even though it takes mail', async () => {
    const result = await verifyEmailAddress('jane@mailinator.com', { lookup });

    expect(result.valid).toBe(false);
    expect(result.checks).toEqual({ syntax: true, mx: true, disposable: true, role: false });
  });

  it('refuses a domain that does not exist', async () => {
    const result = await verifyEmailAddress('jane@nowhere.example', { lookup });

    expect(result.valid).toBe(false);
    expect(result.checks).toEqual({ syntax: true, mx: false, disposable: false, role: false });
  });

  it('answers 60 checks of one domain at once', async () => {
    const emails = Array.from({ length: 60 }, (_, index) => `person${index}@acme.com`);

    const results = await Promise.all(emails.map((email) => verifyEmailAddress(email, { lookup })));

    expect(results.every((result) => result.valid)).toBe(true);
  });

  it('refuses a domain that publishes a null MX', async () => {
    const result = await verifyEmailAddress('jane@parked.com', { lookup });

    expect(result.valid).toBe(false);
    expect(result.checks.mx).toBe(false);
  });
});
