/**
 * The company domain a row's work email would be at: from its website, its email (unless that is a
 * free-mail address) or a company link. Never guessed from a profile page's host: the API's check
 * (syntax, mail server, not disposable, not a role) accepts any name at a domain that takes mail, so a
 * wrong domain would be paid for with a wrong address. Pure.
 */
import { isPublicMailProvider } from '../../api-client/contract/public-mail-domains.ts';
import type { RowRecord } from '../../storage/model.ts';

// Sites where people have pages that are not their employer's.
const PROFILE_HOSTS = [
  'linkedin.com',
  'twitter.com',
  'x.com',
  'github.com',
  'gitlab.com',
  'facebook.com',
  'instagram.com',
  'medium.com',
  'substack.com',
  'youtube.com',
  'about.me',
  'wikipedia.org',
  'researchgate.net',
  'orcid.org',
  'scholar.google.com',
  'google.com',
  'crunchbase.com',
  'angel.co',
  'wellfound.com',
  'xing.com',
  'behance.net',
  'dribbble.com',
  'stackoverflow.com',
  'mastodon.social',
  'bsky.app',
  'sessionize.com',
];

function isUnder(host: string, parents: Iterable<string>): boolean {
  for (const parent of parents) if (host === parent || host.endsWith(`.${parent}`)) return true;
  return false;
}

/** "https://www.Acme.com/about" → "acme.com"; undefined for anything that is not a public web host. */
export function hostOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
    const host = parsed.hostname.toLowerCase().replace(/^www\d?\./, '');
    // An IP address or a single-label name has no mail domain worth guessing.
    if (!host.includes('.') || /^[\d.]+$/.test(host) || host.startsWith('[')) return undefined;
    return host;
  } catch {
    return undefined;
  }
}

export function emailDomain(email: string | undefined): string | undefined {
  const at = email?.lastIndexOf('@') ?? -1;
  if (!email || at < 1) return undefined;
  return email.slice(at + 1).toLowerCase() || undefined;
}

/** The row's company domain, or undefined when nothing on the row names one. */
export function companyDomain(row: Pick<RowRecord, 'email' | 'links'>): string | undefined {
  const website = hostOf(row.links?.website);
  if (website && !isUnder(website, PROFILE_HOSTS)) return website;
  const fromEmail = emailDomain(row.email);
  if (fromEmail && !isPublicMailProvider(fromEmail)) return fromEmail;
  const company = hostOf(row.links?.company);
  return company && !isUnder(company, PROFILE_HOSTS) ? company : undefined;
}
