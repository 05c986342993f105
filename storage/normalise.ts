/**
 * Pure helpers that turn untrusted profile text into what a row stores: trimmed, length-capped fields,
 * and the derived keys that dedup and search use. Every write goes through `withDerived`.
 */
import type { ProfileFields, ProfileInput, RowRecord, StoredRow } from './model.ts';

/** Longest value kept per field: page text is data, and a hostile page can send megabytes. */
export const FIELD_MAX_CHARS = {
  name: 500,
  title: 500,
  company: 500,
  location: 500,
  email: 320,
  phone: 100,
  note: 20_000,
  url: 2048,
} as const;

/** Trims, and caps at `max` characters without splitting a surrogate pair; '' becomes undefined. */
export function cleanText(value: unknown, max: number): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  if (trimmed.length <= max) return trimmed;
  const cut = trimmed.slice(0, max);
  const last = cut.charCodeAt(cut.length - 1);
  return (last >= 0xd800 && last <= 0xdbff ? cut.slice(0, -1) : cut).trimEnd();
}

/** A URL is kept whole or not at all: a truncated URL points somewhere else. */
export function cleanUrl(value: unknown): string | undefined {
  const text = cleanText(value, Number.POSITIVE_INFINITY);
  return text !== undefined && text.length <= FIELD_MAX_CHARS.url ? text : undefined;
}

/** Lower case, accents and compatibility forms folded: "Ångström" → "angstrom", "Ｆｕｌｌ" → "full". */
export function foldText(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

/** The profile fields of an extracted or imported profile, cleaned; the source goes to sourceUrl. */
export function cleanProfile(
  input: ProfileInput,
): ProfileFields & { sourceUrl?: string; sourceMethod?: string } {
  const out: ProfileFields & { sourceUrl?: string; sourceMethod?: string } = {
    name: cleanText(input.name, FIELD_MAX_CHARS.name) ?? '',
  };
  for (const field of ['title', 'company', 'location', 'email', 'phone'] as const) {
    const value = cleanText(input[field], FIELD_MAX_CHARS[field]);
    if (value !== undefined) out[field] = value;
  }
  for (const field of ['profileUrl', 'imageUrl'] as const) {
    const value = cleanUrl(input[field]);
    if (value !== undefined) out[field] = value;
  }
  const links = cleanLinks(input.links);
  if (links) out.links = links;
  const sourceUrl = cleanUrl(input.source?.url);
  if (sourceUrl) out.sourceUrl = sourceUrl;
  const sourceMethod = cleanText(input.source?.method, 100);
  if (sourceMethod) out.sourceMethod = sourceMethod;
  return out;
}

/** Keeps the string-valued links (any key), each a whole URL; undefined when none is left. */
export function cleanLinks(links: object | undefined): Record<string, string> | undefined {
  if (!links || typeof links !== 'object') return undefined;
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(links)) {
    const url = cleanUrl(value);
    const name = cleanText(key, 50);
    if (url && name) out[name] = url;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Query parameters that only track where a click came from; they never tell two people apart. */
const TRACKING_PARAM = /^(utm_.*|trk|trkinfo|ref|ref_src|refid|fbclid|gclid|mc_[ce]id|originalsubdomain)$/i;

/**
 * The profile URL as dedup compares it: no scheme, no `www.`, no fragment, no tracking parameters,
 * no trailing slash, lower case (profile paths on LinkedIn, GitHub and X ignore case).
 * @example normaliseProfileUrl('https://www.LinkedIn.com/in/Ada/?trk=x') // 'linkedin.com/in/ada'
 */
export function normaliseProfileUrl(value: string): string | undefined {
  const text = value.trim();
  if (text === '') return undefined;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return text.toLowerCase();
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return text.toLowerCase();
  const host = url.hostname.toLowerCase().replace(/^www\./, '');
  const params = [...url.searchParams]
    .filter(([key]) => !TRACKING_PARAM.test(key))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const query = params.length > 0 ? `?${new URLSearchParams(params).toString()}` : '';
  const port = url.port ? `:${url.port}` : '';
  const path = url.pathname.replace(/\/+$/, '');
  return `${host}${port}${path}${query}`.toLowerCase();
}

/** The email as dedup compares it, or undefined when it is not an address. */
export function normaliseEmail(value: string): string | undefined {
  const email = value
    .trim()
    .replace(/^mailto:/i, '')
    .toLowerCase();
  return /^[^\s@]+@[^\s@]+$/.test(email) ? email : undefined;
}

const COMPANY_SUFFIX =
  /\s+(inc|incorporated|llc|llp|ltd|limited|plc|gmbh|ag|sa|sas|sarl|srl|bv|nv|oy|ab|as|corp|corporation|co|company|pty)$/;

/** Letters and digits of any script, folded, separated by single spaces. */
function words(value: string): string {
  return foldText(value)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * "name|company" as dedup compares them, or undefined unless both are known: two "Sam Lee"s with no
 * company are not assumed to be one person.
 * @example nameCompanyKey('José  García', 'Acme, Inc.') // 'jose garcia|acme'
 */
export function nameCompanyKey(name: string | undefined, company: string | undefined): string | undefined {
  if (!name || !company) return undefined;
  const n = words(name);
  const c = words(company).replace(COMPANY_SUFFIX, '');
  return n && c ? `${n}|${c}` : undefined;
}

/** The dedup keys of a set of profile fields. */
export function dedupKeys(fields: Pick<ProfileFields, 'name' | 'company' | 'email' | 'profileUrl'>): {
  keyUrl?: string;
  keyEmail?: string;
  keyNameCompany?: string;
} {
  return {
    keyUrl: fields.profileUrl ? normaliseProfileUrl(fields.profileUrl) : undefined,
    keyEmail: fields.email ? normaliseEmail(fields.email) : undefined,
    keyNameCompany: nameCompanyKey(fields.name, fields.company),
  };
}

/** The folded text search looks into: name, title, company, email and note. */
export function searchTextOf(row: Pick<StoredRow, 'name' | 'title' | 'company' | 'email' | 'note'>): string {
  return foldText([row.name, row.title, row.company, row.email, row.note].filter(Boolean).join('\n'));
}

export type DedupKeys = ReturnType<typeof dedupKeys>;

/**
 * A stored row with its derived fields recomputed (and absent keys left out, so no index holds them).
 * `keys` may be passed when already computed from the same name, company, email and profile URL.
 */
export function withDerived(row: StoredRow, keys: DedupKeys = dedupKeys(row)): RowRecord {
  const out: RowRecord = { ...row, searchText: searchTextOf(row) };
  delete out.keyUrl;
  delete out.keyEmail;
  delete out.keyNameCompany;
  if (keys.keyUrl) out.keyUrl = keys.keyUrl;
  if (keys.keyEmail) out.keyEmail = keys.keyEmail;
  if (keys.keyNameCompany) out.keyNameCompany = keys.keyNameCompany;
  return out;
}

/** A row without its derived fields: what backups, exports and moves carry. */
export function storedRow(row: RowRecord | StoredRow): StoredRow {
  const { keyUrl: _u, keyEmail: _e, keyNameCompany: _n, searchText: _s, ...rest } = row as RowRecord;
  return rest;
}
