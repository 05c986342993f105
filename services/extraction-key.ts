import type { CandidateGroup } from '../extract/profile.ts';

/**
 * JSON with the keys of every object sorted (and undefined members left out, as JSON.stringify does),
 * so that equal data always gives the same text whatever order its fields were set in. Arrays keep
 * their order: it is part of the data.
 * @example canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }] }) // '{"a":[2,{"c":4,"d":3}],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(record).sort()) {
    if (record[key] !== undefined) sorted[key] = sortKeys(record[key]);
  }
  return sorted;
}

/**
 * The `Idempotency-Key` of a page's `page_scrape` spend: the SHA-256 (hex) of the page URL and every
 * candidate list's profiles. Extracting the same page with the same result again gives the same key, so
 * the API replays the first spend instead of charging twice (within its 24 h retention); a different
 * result is a new extraction and a new charge. Only this hash reaches the server, never page data.
 * @example await extractionKey('https://acme.com/team', groups) // '3f7a…' (64 hex digits)
 */
export async function extractionKey(pageUrl: string, groups: readonly CandidateGroup[]): Promise<string> {
  // The newline keeps a URL from running into the JSON; neither a URL nor this JSON contains one.
  const text = `${pageUrl}\n${canonicalJson(groups.map((group) => group.profiles))}`;
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}
