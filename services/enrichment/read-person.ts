/**
 * Finds the row's person on a fetched page with the extraction engine: pure, from an HTML string (or
 * a Document) to plain data. It runs in the offscreen document (DOMParser) and under jsdom in tests.
 */

import { nameKey } from '../../extract/fields/name.ts';
import { extractCandidates } from '../../extract/index.ts';
import type { Profile } from '../../extract/profile.ts';

export type PersonRead = { ok: true; profile: Profile } | { ok: false; reason: string };

export interface ReadPersonOptions {
  /** The page's final URL: links and images are resolved against it. */
  url: string;
  /** The row's name: on a page that shows several people, the one to take; on a page about one, a check. */
  name?: string;
}

/** The part of `DOMParser` used here, so tests can pass jsdom's. */
export interface HtmlParser {
  parseFromString(html: string, type: 'text/html'): Document;
}

export const NO_PERSON = 'No person found on that page';

/**
 * The page's one person, or the row's person among several.
 * @example
 * const read = readPersonFromHtml(html, { url: finalUrl, name: row.name }, new DOMParser());
 */
export function readPersonFromHtml(html: string, options: ReadPersonOptions, parser: HtmlParser): PersonRead {
  // DOMParser runs no script and loads nothing: the page stays inert data.
  return readPerson(parser.parseFromString(html, 'text/html'), options);
}

/** As {@link readPersonFromHtml}, from a Document already parsed. */
export function readPerson(document: Document, options: ReadPersonOptions): PersonRead {
  const groups = extractCandidates(document, { url: options.url });
  // The page's main person first: a profile page often lists "related people" too, and a list of a
  // few people can win the engine's default answer although the page is about one of them.
  const main = groups.find((g) => g.method === 'single-profile')?.profiles[0];
  const listed = groups.find((g) => g.id === 'combined')?.profiles ?? [];
  const isMain = (p: Profile) => main !== undefined && nameKey(p.name) === nameKey(main.name);
  // The default answer's copy of the main person, when it has one, also holds what structured data said.
  const people = main ? [listed.find(isMain) ?? main, ...listed.filter((p) => !isMain(p))] : listed;
  if (people.length === 0) return { ok: false, reason: NO_PERSON };
  const wanted = options.name ? words(options.name) : undefined;
  if (!wanted || wanted.size === 0) {
    if (main || people.length === 1) return { ok: true, profile: people[0] as Profile };
    return {
      ok: false,
      reason: `That page lists ${people.length} people; Lasso cannot tell which one is meant`,
    };
  }
  const best = bestMatch(people, wanted);
  if (best) return { ok: true, profile: best };
  if (people.length === 1) {
    return { ok: false, reason: `That page is about ${people[0]?.name}, not ${options.name}` };
  }
  return { ok: false, reason: `${options.name} is not among the ${people.length} people on that page` };
}

/** The profile sharing most name words with the row (at least one): "Jane Q. Public" is "Jane Public". */
function bestMatch(people: Profile[], wanted: Set<string>): Profile | undefined {
  let best: Profile | undefined;
  let bestShared = 0;
  for (const person of people) {
    let shared = 0;
    for (const word of words(person.name)) if (wanted.has(word)) shared += 1;
    if (shared > bestShared) {
      best = person;
      bestShared = shared;
    }
  }
  return best;
}

/** The name's folded words, initials left out ("Q." tells nobody apart). */
function words(name: string): Set<string> {
  return new Set(
    nameKey(name)
      .split(/[\s.-]+/)
      .filter((word) => word.length > 1),
  );
}
