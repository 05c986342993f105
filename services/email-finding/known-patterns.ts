/**
 * The address patterns of a domain as the user's own lists show them: for every saved row with an email
 * at that domain, which pattern its name and address follow. Read from IndexedDB once per domain and
 * kept for a short while, so a bulk run over many rows of one company reads the lists once.
 */
import type { LassoDb } from '../../storage/db.ts';
import { emailDomain } from './domain.ts';
import { splitName } from './names.ts';
import { patternOf } from './patterns.ts';

/** Rows read per domain at most: the pattern a company uses shows long before that. */
const ROWS_PER_DOMAIN = 500;
const KEEP_MS = 60_000;

export interface KnownPatternsOptions {
  now?: () => number;
}

/** Pattern id → count, for one domain. */
export type PatternCounts = ReadonlyMap<string, number>;

/**
 * @example
 * const patternsForDomain = createKnownPatterns(db);
 * await patternsForDomain('acme.com'); // Map { 'first.last' => 12, 'flast' => 1 }
 */
export function createKnownPatterns(db: LassoDb, options: KnownPatternsOptions = {}) {
  const now = options.now ?? Date.now;
  let emailsByDomain: { at: number; map: Promise<Map<string, string[]>> } | undefined;
  const counted = new Map<string, { at: number; counts: Promise<PatternCounts> }>();

  // Only the email index's keys: no row is read to find which addresses a domain has.
  async function readEmailsByDomain(): Promise<Map<string, string[]>> {
    const map = new Map<string, string[]>();
    for (const key of await db.rows.orderBy('email').uniqueKeys()) {
      if (typeof key !== 'string') continue;
      const domain = emailDomain(key);
      if (!domain) continue;
      const emails = map.get(domain);
      if (emails) emails.push(key);
      else map.set(domain, [key]);
    }
    return map;
  }

  async function count(domain: string, emails: string[]): Promise<PatternCounts> {
    const counts = new Map<string, number>();
    const rows = await db.rows
      .where('email')
      .anyOf(emails.slice(0, ROWS_PER_DOMAIN))
      .limit(ROWS_PER_DOMAIN)
      .toArray();
    for (const row of rows) {
      const name = splitName(row.name);
      const email = row.email?.toLowerCase();
      if (!name || !email || emailDomain(email) !== domain) continue;
      const pattern = patternOf(name, email.slice(0, email.lastIndexOf('@')));
      if (pattern) counts.set(pattern, (counts.get(pattern) ?? 0) + 1);
    }
    return counts;
  }

  return function patternsForDomain(domain: string): Promise<PatternCounts> {
    const at = now();
    const wanted = domain.toLowerCase();
    if (!emailsByDomain || at - emailsByDomain.at > KEEP_MS) {
      emailsByDomain = { at, map: readEmailsByDomain() };
      counted.clear();
    }
    const cached = counted.get(wanted);
    if (cached && at - cached.at <= KEEP_MS) return cached.counts;
    const counts = emailsByDomain.map.then((map) => count(wanted, map.get(wanted) ?? []));
    counted.set(wanted, { at, counts });
    return counts;
  };
}
