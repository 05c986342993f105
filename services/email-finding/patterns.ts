/**
 * The shapes a company gives its addresses ("first.last@", "flast@"…), how to build a person's local
 * part from each, and which shape an address already seen follows. Pure.
 */
import type { NameParts } from './names.ts';

export interface EmailPattern {
  id: string;
  build(first: string, last: string): string;
}

/** In the order they are tried when nothing is known of the domain: the most common first. */
export const PATTERNS: readonly EmailPattern[] = [
  { id: 'first.last', build: (f, l) => `${f}.${l}` },
  { id: 'first', build: (f) => f },
  { id: 'flast', build: (f, l) => `${f[0]}${l}` },
  { id: 'firstlast', build: (f, l) => `${f}${l}` },
  { id: 'first_last', build: (f, l) => `${f}_${l}` },
  { id: 'f.last', build: (f, l) => `${f[0]}.${l}` },
  { id: 'last', build: (_f, l) => l },
  { id: 'firstl', build: (f, l) => `${f}${l[0]}` },
  { id: 'last.first', build: (f, l) => `${l}.${f}` },
  { id: 'first-last', build: (f, l) => `${f}-${l}` },
];

/** The pattern `localPart` follows for this person, trying every form of their names; undefined if none. */
export function patternOf(name: NameParts, localPart: string): string | undefined {
  const local = localPart.toLowerCase();
  for (const pattern of PATTERNS) {
    for (const first of name.first) {
      for (const last of name.last) {
        if (pattern.build(first, last) === local) return pattern.id;
      }
    }
  }
  return undefined;
}

/**
 * Patterns ordered for a domain: those already seen there (most often first), then the rest in their
 * usual order.
 */
export function rankPatterns(seen: ReadonlyMap<string, number>): EmailPattern[] {
  const usual = new Map(PATTERNS.map((pattern, index) => [pattern.id, index]));
  return [...PATTERNS].sort((a, b) => {
    const bySeen = (seen.get(b.id) ?? 0) - (seen.get(a.id) ?? 0);
    return bySeen !== 0 ? bySeen : usual.get(a.id)! - usual.get(b.id)!;
  });
}
