/**
 * What an enrichment changes on a row, as a pure function: the fields the row lacks, filled from the
 * person found on the page, each with its provenance. What the row already holds (the user typed it,
 * or an earlier extraction found it) is never overwritten.
 */
import type { Profile, ProfileField } from '../../extract/profile.ts';
import { fillMissing } from '../../storage/dedup.ts';
import type { FieldProvenance, ProfileTextField, RowRecord, StoredRow } from '../../storage/model.ts';
import { cleanProfile } from '../../storage/normalise.ts';

/** The found person as the offscreen document returns it: plain data, no DOM. */
export type FoundProfile = Pick<Profile, 'name' | 'source' | 'provenance'> & Partial<Profile>;

export interface MergeResult {
  /** Only what changes: filled fields, the whole `links` when one was added, provenance, enrichment. */
  patch: Partial<RowRecord>;
  /** `title`, `links.github`…, in the order they were filled. */
  fieldsAdded: string[];
}

/**
 * Fills the row's empty fields from `found` (links network by network) and records where each came from.
 * `url` is the page's final URL (after redirects); `at` the time of the enrichment.
 * @example
 * const { patch } = mergeProfile(row, found, { url: 'https://example.org/ada', at: now });
 */
export function mergeProfile(
  row: Pick<StoredRow, 'name' | 'links' | 'provenance'> & Partial<StoredRow>,
  found: FoundProfile,
  meta: { url: string; at: number },
): MergeResult {
  // The page is hostile: the same trimming and length caps as any other profile that reaches storage.
  const { sourceUrl: _u, sourceMethod: _m, ...fields } = cleanProfile(found);
  const { row: filled, filled: fieldsAdded } = fillMissing(row, fields);
  const patch: Partial<RowRecord> = {};
  const provenance: Record<string, FieldProvenance> = { ...row.provenance };
  for (const field of fieldsAdded) {
    if (field.startsWith('links.')) patch.links = filled.links;
    else (patch as Record<string, unknown>)[field] = filled[field as keyof typeof filled];
    provenance[field] = { url: meta.url, method: methodOf(found, field), at: meta.at };
  }
  if (fieldsAdded.length > 0) patch.provenance = provenance;
  patch.enrichment = { status: 'enriched', at: meta.at, fieldsAdded, finalUrl: meta.url };
  return { patch, fieldsAdded };
}

/** `<strategy>/<how the field was found>`, e.g. `json-ld/structured-data`. */
function methodOf(found: FoundProfile, field: string): string {
  const key = (field.startsWith('links.') ? 'links' : field) as ProfileField;
  const how = found.provenance[key];
  return how ? `${found.source.method}/${how}` : found.source.method;
}

/**
 * `patch` (from {@link mergeProfile}) cut to what may still be written on `current`, the row as it is
 * at write time: the runner stores a task's patch some time after the task read the row, and the user
 * may have typed a value meanwhile. Fields `current` now holds are dropped with their provenance.
 * @example
 * await db.rows.put(withDerived({ ...current, ...keepingCurrentValues(current, outcome.patch) }));
 */
export function keepingCurrentValues(
  current: Pick<StoredRow, 'links' | 'provenance'> & Partial<StoredRow>,
  patch: Partial<RowRecord>,
): Partial<RowRecord> {
  const enrichment = patch.enrichment;
  if (enrichment?.status !== 'enriched') return patch;
  const out: Partial<RowRecord> = {};
  const kept: string[] = [];
  for (const field of enrichment.fieldsAdded) {
    if (field.startsWith('links.')) {
      const network = field.slice('links.'.length);
      const url = patch.links?.[network];
      if (current.links?.[network] || !url) continue;
      out.links = { ...(out.links ?? current.links), [network]: url };
    } else {
      const key = field as ProfileTextField;
      const value = patch[key];
      if (current[key] || !value) continue;
      out[key] = value;
    }
    kept.push(field);
  }
  const provenance = { ...current.provenance };
  for (const field of kept) {
    const origin = patch.provenance?.[field];
    if (origin) provenance[field] = origin;
  }
  if (kept.length > 0) out.provenance = provenance;
  out.enrichment = { ...enrichment, fieldsAdded: kept };
  return out;
}
