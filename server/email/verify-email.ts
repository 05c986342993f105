import emailAddresses from 'email-addresses';
import { isDisposableDomain } from './disposable-domains.ts';
import type { DomainLookup } from './domain-lookup.ts';
import { isRoleAddress } from './role-addresses.ts';

export interface EmailChecks {
  syntax: boolean;
  mx: boolean;
  disposable: boolean;
  role: boolean;
}

export interface EmailCheckResult {
  /** The address trimmed, its domain lower-cased; the local part is kept as given (RFC 5321 §2.4 lets it be case-sensitive). */
  email: string;
  valid: boolean;
  checks: EmailChecks;
}

/** Anything longer is rejected before parsing, so a 1 MB body costs no more than a short one. */
const INPUT_LENGTH_MAX = 320;
/** RFC 5321 §4.5.3.1.3: a path is at most 256 octets including the angle brackets. */
const ADDRESS_LENGTH_MAX = 254;
const LOCAL_LENGTH_MAX = 64;
/** ASCII dot-atom (RFC 5322 §3.2.3). Quoted local parts and SMTPUTF8 are legal but rare, and often unsafe downstream. */
const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
/** Letters, digits and inner hyphens (RFC 1123), which covers IDN A-labels such as `xn--mnchen-3ya`. */
/**
 * Every character a dot-atom address can hold. Anything else (space, quotes, brackets, parentheses, control
 * or non-ASCII characters) could only pass the parser as something we reject, so it never reaches it.
 */
const ADDR_SPEC_CHARS = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.@-]+$/;
const DOMAIN_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

interface AddressParts {
  local: string;
  /** Lower-cased. */
  domain: string;
}

/**
 * Splits a bare addr-spec with the RFC 5322 parser. Display names, groups, comments, folding white space
 * and obsolete syntax all yield null: the parser accepts them, but none belongs in an address field.
 */
function parseAddrSpec(candidate: string): AddressParts | null {
  if (!ADDR_SPEC_CHARS.test(candidate)) return null;
  const parsed = emailAddresses.parseOneAddress({
    input: candidate,
    startAt: 'mailbox',
    strict: true,
    rfc6532: false,
  });
  if (parsed === null || parsed.type !== 'mailbox' || parsed.name !== null) return null;
  // The parser drops comments and white space from `address`, so any difference means the input had some.
  if (parsed.address !== candidate) return null;
  return { local: parsed.local, domain: parsed.domain.toLowerCase() };
}

function isDeliverableShape({ local, domain }: AddressParts): boolean {
  if (local.length > LOCAL_LENGTH_MAX || local.length + 1 + domain.length > ADDRESS_LENGTH_MAX) return false;
  if (!LOCAL_PART.test(local)) return false;
  const labels = domain.split('.');
  const tld = labels[labels.length - 1] ?? '';
  // A TLD of digits only means an IP address ("a@1.2.3.4"), not a mail domain.
  return labels.length >= 2 && labels.every((label) => DOMAIN_LABEL.test(label)) && !/^\d+$/.test(tld);
}

function failed(email: string, parts: AddressParts | null): EmailCheckResult {
  return {
    email,
    valid: false,
    checks: {
      syntax: false,
      mx: false,
      disposable: parts ? isDisposableDomain(parts.domain) : false,
      role: parts ? isRoleAddress(parts.local) : false,
    },
  };
}

/**
 * Checks an address for a lead list: well-formed, its domain takes mail, not a throwaway inbox, not a
 * role address. A malformed address is a result (`syntax: false`), never an error; no string makes it throw.
 *
 * @example
 * const lookup = createDnsLookup({ servers: config.dnsServers, timeoutMs: 3000 });
 * const result = await verifyEmailAddress(' Jane@Acme.COM ', { lookup });
 * // → { email: 'Jane@acme.com', valid: true, checks: { syntax: true, mx: true, disposable: false, role: false } }
 */
export async function verifyEmailAddress(
  email: string,
  deps: { lookup: DomainLookup },
): Promise<EmailCheckResult> {
  if (typeof email !== 'string') return failed('', null);
  if (email.length > INPUT_LENGTH_MAX) return failed(email.trim(), null);
  const candidate = email.trim();
  const parts = parseAddrSpec(candidate);
  if (parts === null) return failed(candidate, null);
  const normalized = `${parts.local}@${parts.domain}`;
  if (!isDeliverableShape(parts)) return failed(normalized, parts);

  const disposable = isDisposableDomain(parts.domain);
  const role = isRoleAddress(parts.local);
  // DNS trouble means "could not confirm", the same outcome as a timeout: mx false, not an error.
  const mx = await deps.lookup(parts.domain).catch(() => false);
  return {
    email: normalized,
    valid: mx && !disposable && !role,
    checks: { syntax: true, mx, disposable, role },
  };
}
