import { isPublicMailProvider } from '../../api-client/contract/public-mail-domains.ts';
import { isDisposableDomain } from '../email/disposable-domains.ts';

/**
 * Whether `domain` (lower-case) is a public or throwaway mail provider, on which no team may be founded.
 * @example isPublicMailDomain('gmx.de') // true; isPublicMailDomain('acme.com') // false
 */
export function isPublicMailDomain(domain: string): boolean {
  return isPublicMailProvider(domain) || isDisposableDomain(domain);
}
