import { describe, expect, it } from 'vitest';
import { emailFindingLabel } from '../../../../components/jobs/email-finding-mark.tsx';

const AT = Date.UTC(2026, 10, 25);

describe('the email-search mark', () => {
  it('names the verified address, and says when the row kept a different one of its own', () => {
    expect(
      emailFindingLabel({
        emailFinding: { status: 'valid', at: AT, email: 'ada@acme.test' },
        email: 'ada@acme.test',
      }),
    ).toBe('Verified email: ada@acme.test');
    expect(
      emailFindingLabel({
        emailFinding: { status: 'valid', at: AT, email: 'ada@acme.test' },
        email: 'ada@old.test',
      }),
    ).toBe('Verified email: ada@acme.test (the row keeps ada@old.test)');
  });

  it('says why nothing was found, capped', () => {
    expect(
      emailFindingLabel({
        emailFinding: { status: 'invalid', at: AT, reason: `No verified email found: ${'x'.repeat(500)}` },
      }),
    ).toHaveLength(200);
    expect(emailFindingLabel({ emailFinding: { status: 'unknown', at: AT } })).toBe(
      'No verified email found',
    );
    expect(emailFindingLabel({})).toBeUndefined();
  });
});
