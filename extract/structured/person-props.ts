import { findEmail, isEmail } from '../fields/email.ts';
import { isIconImage, isPlaceholderImage } from '../fields/image.ts';
import { cleanName, nameScore } from '../fields/name.ts';
import { findPhone, isPhone } from '../fields/phone.ts';
import { classifyLink } from '../fields/social.ts';
import { cleanText, collapseWhitespace } from '../fields/text.ts';
import { resolveUrl } from '../fields/url.ts';
import type { ProfileDraft, ProfileLinks } from '../profile.ts';

/** The schema.org-style properties of one person, as read from any structured-data syntax. */
export interface PersonProps {
  name?: string;
  givenName?: string;
  familyName?: string;
  honorificPrefix?: string;
  jobTitle?: string;
  worksFor?: string;
  location?: string;
  email?: string;
  telephone?: string;
  url?: string;
  image?: string;
  sameAs: string[];
}

export function emptyProps(): PersonProps {
  return { sameAs: [] };
}

/** Property names of the syntaxes (schema.org, FOAF, vCard/h-card) mapped to PersonProps keys. */
export const PROPERTY_ALIASES: Record<string, keyof PersonProps> = {
  name: 'name',
  fn: 'name',
  'p-name': 'name',
  givenname: 'givenName',
  'given-name': 'givenName',
  'p-given-name': 'givenName',
  firstname: 'givenName',
  familyname: 'familyName',
  'family-name': 'familyName',
  'p-family-name': 'familyName',
  family_name: 'familyName',
  lastname: 'familyName',
  surname: 'familyName',
  honorificprefix: 'honorificPrefix',
  jobtitle: 'jobTitle',
  title: 'jobTitle',
  role: 'jobTitle',
  'job-title': 'jobTitle',
  'p-job-title': 'jobTitle',
  'p-role': 'jobTitle',
  worksfor: 'worksFor',
  affiliation: 'worksFor',
  org: 'worksFor',
  'p-org': 'worksFor',
  memberof: 'worksFor',
  address: 'location',
  homelocation: 'location',
  worklocation: 'location',
  adr: 'location',
  'p-adr': 'location',
  'p-locality': 'location',
  locality: 'location',
  email: 'email',
  'u-email': 'email',
  mbox: 'email',
  telephone: 'telephone',
  tel: 'telephone',
  'p-tel': 'telephone',
  'u-tel': 'telephone',
  phone: 'telephone',
  url: 'url',
  'u-url': 'url',
  homepage: 'url',
  image: 'image',
  photo: 'image',
  'u-photo': 'image',
  img: 'image',
  depiction: 'image',
  sameas: 'sameAs',
  'u-uid': 'url',
};

/** Sets one property from a syntax's name (case-insensitive); the first value wins. */
export function setProp(props: PersonProps, property: string, value: string | undefined): void {
  if (!value) return;
  const key = PROPERTY_ALIASES[property.toLowerCase()];
  if (!key) return;
  const text = collapseWhitespace(value).slice(0, 2000);
  if (!text) return;
  if (key === 'sameAs') {
    if (props.sameAs.length < 20) props.sameAs.push(text);
    return;
  }
  if (props[key] === undefined) (props as unknown as Record<string, string>)[key] = text;
}

function personName(props: PersonProps): string | undefined {
  const given = props.givenName?.trim();
  const family = props.familyName?.trim();
  const joined = [given, family].filter(Boolean).join(' ');
  const name = props.name?.trim() || joined;
  if (!name) return undefined;
  const prefix = props.honorificPrefix?.trim();
  return cleanName(prefix && !name.startsWith(prefix) ? `${prefix} ${name}` : name);
}

/**
 * A profile from structured-data properties: names checked (one-word names allowed, the markup says
 * it is a person), URLs resolved, `sameAs` links classified by host.
 */
export function profileFromProps(props: PersonProps, base: string): ProfileDraft | null {
  const name = personName(props);
  if (!name || nameScore(name, { allowSingleWord: true }) === 0) return null;
  const profile: ProfileDraft = { name: cleanText(name), provenance: { name: 'structured-data' } };
  const provenance = profile.provenance;
  if (props.jobTitle) {
    profile.title = cleanText(props.jobTitle);
    provenance.title = 'structured-data';
  }
  if (props.worksFor) {
    profile.company = cleanText(props.worksFor);
    provenance.company = 'structured-data';
  }
  if (props.location) {
    profile.location = cleanText(props.location);
    provenance.location = 'structured-data';
  }
  const email = props.email ? emailOf(props.email) : undefined;
  if (email) {
    profile.email = email;
    provenance.email = 'structured-data';
  }
  const phone = props.telephone ? phoneOf(props.telephone) : undefined;
  if (phone) {
    profile.phone = cleanText(phone);
    provenance.phone = 'structured-data';
  }
  const links: ProfileLinks = {};
  let anyLink = false;
  const url = resolveUrl(props.url, base);
  if (url && /^https?:/.test(url)) {
    profile.profileUrl = url;
    provenance.profileUrl = 'structured-data';
    const kind = classifyLink(url);
    if (kind !== 'web' && kind !== 'other-network') {
      links[kind] = url;
      anyLink = true;
    }
  }
  const image = resolveUrl(props.image, base);
  if (image && /^https?:/.test(image) && !isPlaceholderImage(image) && !isIconImage(image)) {
    profile.imageUrl = image;
    provenance.imageUrl = 'structured-data';
  }
  for (const raw of props.sameAs) {
    const link = resolveUrl(raw, base);
    if (!link || !/^https?:/.test(link)) continue;
    const kind = classifyLink(link);
    if (kind === 'other-network') continue;
    const key = kind === 'web' ? 'website' : kind;
    if (!links[key] && link !== profile.profileUrl) {
      links[key] = link;
      anyLink = true;
    }
  }
  if (anyLink) {
    profile.links = links;
    provenance.links = 'structured-data';
  }
  return profile;
}

function emailOf(raw: string): string | undefined {
  const value = raw.replace(/^mailto:/i, '').trim();
  if (isEmail(value)) return value.toLowerCase();
  return findEmail(value);
}

function phoneOf(raw: string): string | undefined {
  const value = raw.replace(/^tel:/i, '').trim();
  return isPhone(value) ? value : findPhone(value);
}
