import { nameKey } from './fields/name.ts';
import type { ProfileDraft, ProfileField } from './profile.ts';

const SCALAR_FIELDS: ProfileField[] = [
  'title',
  'company',
  'location',
  'email',
  'phone',
  'profileUrl',
  'imageUrl',
];

/** Fills the fields `into` lacks from `from` (same person found twice), keeping `into`'s values. */
export function mergeInto(into: ProfileDraft, from: ProfileDraft): void {
  for (const field of SCALAR_FIELDS) {
    const key = field as 'title';
    if (!into[key] && from[key]) {
      into[key] = from[key];
      const source = from.provenance[field];
      if (source) into.provenance[field] = source;
    }
  }
  if (from.links) {
    const links = { ...(into.links ?? {}) };
    let changed = false;
    for (const [network, url] of Object.entries(from.links)) {
      if (url && !links[network]) {
        links[network] = url;
        changed = true;
      }
    }
    if (changed) {
      into.links = links;
      into.provenance.links ??= from.provenance.links;
    }
  }
}

/**
 * One profile per person: profiles whose names are equal once honorifics, degrees, pronouns, case
 * and accents are ignored are merged, the first one seen keeping its values.
 */
export function dedupeProfiles<T extends ProfileDraft>(profiles: T[]): T[] {
  const byKey = new Map<string, T>();
  const out: T[] = [];
  for (const profile of profiles) {
    const key = nameKey(profile.name);
    const seen = byKey.get(key);
    if (seen) {
      mergeInto(seen, profile);
      continue;
    }
    const copy: T = { ...profile, provenance: { ...profile.provenance } };
    if (profile.links) copy.links = { ...profile.links };
    byKey.set(key, copy);
    out.push(copy);
  }
  return out;
}
