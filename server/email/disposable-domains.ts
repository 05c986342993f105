import { disposableEmailBlocklist } from 'disposable-email-domains-js';

// The package's own isDisposableEmailDomain builds a new Set of ~9k domains on every call; build it
// once, on first use, so importing this module costs nothing.
let blocklist: ReadonlySet<string> | undefined;

function disposableDomains(): ReadonlySet<string> {
  blocklist ??= new Set(disposableEmailBlocklist().map((domain) => domain.toLowerCase()));
  return blocklist;
}

/**
 * Whether mail to `domain` lands in a throwaway inbox: the domain, or any parent of it
 * (`x.mailinator.com` → `mailinator.com`), is on the maintained disposable-domain list.
 */
export function isDisposableDomain(domain: string): boolean {
  const domains = disposableDomains();
  let candidate = domain.trim().toLowerCase().replace(/\.$/, '');
  // Stop before the bare TLD: the list holds registrable domains and their subdomains, never "com".
  while (candidate.includes('.')) {
    if (domains.has(candidate)) return true;
    candidate = candidate.slice(candidate.indexOf('.') + 1);
  }
  return false;
}
