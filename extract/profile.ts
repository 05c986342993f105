/**
 * The data the engine returns: plain strings only, trimmed, whitespace-collapsed and length-capped
 * (see fields/text.ts), so a hostile page cannot smuggle markup or huge values into the UI or an export.
 */

/** Social and web links of a person, classified by host (fields/social.ts). */
export interface ProfileLinks {
  linkedin?: string;
  twitter?: string;
  github?: string;
  website?: string;
  facebook?: string;
  instagram?: string;
  youtube?: string;
  mastodon?: string;
  scholar?: string;
  orcid?: string;
  [network: string]: string | undefined;
}

/** Which layer of the engine found a profile (the strategy ids of extract/strategies/index.ts). */
export type ExtractionMethod =
  | 'json-ld'
  | 'microdata'
  | 'rdfa'
  | 'h-card'
  | 'tables'
  | 'repeated-cards'
  | 'single-profile';

/**
 * How one field was found, so the preview can show it and a user can judge it:
 * `structured-data` (JSON-LD, microdata, RDFa, h-card), `table-column`, `card-text` (a line in a
 * repeated card or a profile block, classified by its wording and position), `heading` (the name
 * as a heading or emphasised line), `image-alt`, `image` (the photo in the card), `contact-link` (mailto:, tel:, a social or website
 * link), `link-target` (where the name or photo links to), `text-pattern` (an e-mail or phone number
 * written in the text, obfuscated or not), `page` (the page's own URL, title or meta data).
 */
export type FieldSource =
  | 'structured-data'
  | 'table-column'
  | 'card-text'
  | 'heading'
  | 'image-alt'
  | 'image'
  | 'contact-link'
  | 'link-target'
  | 'text-pattern'
  | 'page';

/** The scalar fields of a profile, the keys of `Profile.provenance`. */
export type ProfileField =
  | 'name'
  | 'title'
  | 'company'
  | 'location'
  | 'email'
  | 'phone'
  | 'profileUrl'
  | 'imageUrl'
  | 'links';

export interface Profile {
  name: string;
  title?: string;
  company?: string;
  location?: string;
  email?: string;
  phone?: string;
  profileUrl?: string;
  imageUrl?: string;
  links?: ProfileLinks;
  /** The page the profile came from and the strategy that found it. */
  source: { url: string; method: ExtractionMethod };
  /** How each present field was found. */
  provenance: Partial<Record<ProfileField, FieldSource>>;
}

/** A profile before it is stamped with its source (what strategies and the card mapper build). */
export type ProfileDraft = Omit<Profile, 'source'>;

/** One list of people found on a page; the popup offers the ranked alternatives ("Try another list"). */
export interface CandidateGroup {
  /** Stable within one extraction: `combined`, or `<method>:<n>`. */
  id: string;
  method: ExtractionMethod | 'combined';
  /** A short human label: the heading above the list, or the method. */
  label: string;
  /** Higher is more likely the list a person means; only comparable within one page. */
  score: number;
  profiles: Profile[];
}

/** Options of `extractProfiles` / `extractCandidates`. */
export interface ExtractOptions {
  /** The page's address: links and images are resolved against it (and a `<base href>`). */
  url: string;
  /** At most this many profiles (the plan's profiles per page). */
  limit?: number;
}

/** The fields of the contract's extraction output (billing-api.md, "Extraction CLI"). */
export type PublicProfile = Omit<Profile, 'source' | 'provenance'>;

/** Drops `source` and `provenance`: the plain shape the CLI prints and the contract documents. */
export function toPublicProfile(profile: Profile): PublicProfile {
  const { source: _source, provenance: _provenance, ...rest } = profile;
  return rest;
}
