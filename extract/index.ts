/**
 * The extraction engine: pure functions from a DOM `Document` and its URL to people profiles. No
 * extension APIs, no network, no layout reads: the content script, the offscreen document, the CLI
 * (headless Chromium) and jsdom tests all run this same code and get the same answer.
 */
import { createContext, type ExtractContext, type RawGroup } from './context.ts';
import { dedupeProfiles } from './dedup.ts';
import type { CandidateGroup, ExtractOptions, Profile } from './profile.ts';
import { chooseDefault, rankGroups } from './rank.ts';
import { STRATEGIES } from './strategies/index.ts';

export type {
  CandidateGroup,
  ExtractionMethod,
  ExtractOptions,
  FieldSource,
  Profile,
  ProfileField,
  ProfileLinks,
  PublicProfile,
} from './profile.ts';
export { toPublicProfile } from './profile.ts';

/** Hard cap whatever the caller asks: no page yields more. */
const MAX_PROFILES = 5000;

function runStrategies(ctx: ExtractContext): RawGroup[] {
  const groups: RawGroup[] = [];
  for (const strategy of STRATEGIES) {
    try {
      groups.push(...strategy.run(ctx));
    } catch {
      // A hostile page must not take the other strategies down with one that choked on it.
    }
  }
  return groups;
}

function stamp(group: RawGroup, url: string): Profile[] {
  return group.profiles.map((draft) => ({ ...draft, source: { url, method: group.method } }));
}

function cut(profiles: Profile[], limit: number | undefined): Profile[] {
  const max = Math.min(MAX_PROFILES, limit === undefined ? MAX_PROFILES : Math.max(0, Math.floor(limit)));
  return profiles.slice(0, max);
}

/**
 * Every list of people on the page, ranked: first the page's default answer (`combined` when it
 * joins several lists), then each list alone — the popup's "Try another list".
 *
 * @example
 * const [best, ...others] = extractCandidates(document, { url: location.href, limit: 50 });
 */
export function extractCandidates(document: Document, options: ExtractOptions): CandidateGroup[] {
  const ctx = createContext(document, options.url);
  const groups = runStrategies(ctx);
  if (groups.length === 0) return [];
  const chosen = chooseDefault(groups);
  const out: CandidateGroup[] = [];
  if (chosen.length > 0) {
    const methods = new Set(chosen.map((g) => g.method));
    const first = chosen[0] as RawGroup;
    out.push({
      id: 'combined',
      method: methods.size === 1 ? first.method : 'combined',
      label: chosen.length === 1 ? first.label : 'All people on the page',
      score: chosen.reduce((sum, g) => sum + g.score, 0),
      profiles: cut(dedupeProfiles(chosen.flatMap((g) => stamp(g, options.url))), options.limit),
    });
  }
  const counters = new Map<string, number>();
  for (const group of rankGroups(groups)) {
    if (chosen.length === 1 && group === chosen[0]) continue;
    const n = (counters.get(group.method) ?? 0) + 1;
    counters.set(group.method, n);
    out.push({
      id: `${group.method}:${n}`,
      method: group.method,
      label: group.label || group.method,
      score: group.score,
      profiles: cut(dedupeProfiles(stamp(group, options.url)), options.limit),
    });
  }
  return out.filter((g) => g.profiles.length > 0);
}

/**
 * The people a reader sees on the page, deduplicated and cut to `limit`.
 *
 * @example
 * const profiles = extractProfiles(document, { url: location.href, limit: 25 });
 */
export function extractProfiles(document: Document, options: ExtractOptions): Profile[] {
  return extractCandidates(document, options).find((g) => g.id === 'combined')?.profiles ?? [];
}
